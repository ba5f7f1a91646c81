"""Command line of the course: ``gdcourse student | student-site | grade`` (or ``python -m gdcourse``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="gdcourse", description="Instructor tools of 'Gradient descent, from scratch'.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("student", help="write student copies of the chapter notebooks (no solutions)")
    p.add_argument("--book", type=Path, default=Path("book"), help="folder of the instructor notebooks (default: book)")
    p.add_argument("--out", type=Path, default=Path("_build/student-notebooks"),
                   help="folder for the student notebooks (default: _build/student-notebooks)")

    p = sub.add_parser("student-site", help="build the student edition of the site (no solutions anywhere)")
    p.add_argument("--root", type=Path, default=Path("."), help="repository root (default: .)")
    p.add_argument("--out", type=Path, default=Path("_build/student"),
                   help="output folder, outside book/ (default: _build/student; HTML in OUT/_build/html)")

    p = sub.add_parser("grade", help="grade a folder of submitted notebooks into a CSV (runs student code: not a sandbox)")
    p.add_argument("submissions", type=Path, help="folder of submitted .ipynb files (searched recursively)")
    p.add_argument("--book", type=Path, default=Path("book"), help="folder of the instructor notebooks (default: book)")
    p.add_argument("--out", type=Path, default=Path("grades.csv"),
                   help="CSV of grades (default: grades.csv; the summary goes to grades_summary.csv)")
    p.add_argument("--timeout", type=int, default=30, help="seconds allowed per cell (default: 30)")

    args = parser.parse_args(argv)
    try:
        if args.command == "student":
            from .editions import write_student_notebooks
            for path in write_student_notebooks(args.book, args.out):
                print(f"wrote {path}")
        elif args.command == "student-site":
            from .editions import build_student_site
            html = build_student_site(args.root, args.out)
            print(f"student edition built in {html}")
        else:
            from .grading import grade_folder
            grades = grade_folder(args.submissions, args.book, args.out, timeout=args.timeout)
            students = sorted({g.student for g in grades})
            print(f"graded {len(students)} submission(s), {len(grades)} exercise result(s): {args.out}")
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        print(f"gdcourse {args.command}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
