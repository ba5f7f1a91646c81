"""The instructor's grader (instructor edition only): each submission in a kernel of its own.

- :mod:`~gdcourse.grader.limits`: resource limits, a kernel's processes;
- :mod:`~gdcourse.grader.sandbox`: the optional bubblewrap sandbox;
- :mod:`~gdcourse.grader.kernel`: the kernel process and the pipes to it;
- :mod:`~gdcourse.grader.run`: running one notebook and collecting its raw outputs;
- :mod:`~gdcourse.grader.report`: the CSV files.

:mod:`gdcourse.grading` puts them together for a folder of submissions.
"""
