"""``python -m gdcourse.exercises.reference``: check (or with ``--write-public`` rewrite) the stored public outputs."""
import sys

from . import main

sys.exit(main())
