"""Command line of the course: ``gdcourse student | student-site | grade`` (or ``python -m gdcourse``)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _progress(done: int, total: int) -> None:
    """A one-line progress bar on standard error, drawn only on a terminal."""
    if not sys.stderr.isatty() or not total:
        return
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} submissions")
    sys.stderr.write("\n" if done == total else "")
    sys.stderr.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gdcourse", description="Instructor tools of 'Gradient descent, from scratch'.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("student", help="write the student edition: notebooks and package, no solutions")
    p.add_argument("--book", type=Path, default=Path("book"), help="folder of the instructor notebooks (default: book)")
    p.add_argument("--out", type=Path, default=Path("_build/student-notebooks"),
                   help="new folder for the student edition (default: _build/student-notebooks); an existing folder "
                        "is replaced only if this command made it")

    p = sub.add_parser("student-site", help="build the student edition of the site (no solutions anywhere)")
    p.add_argument("--root", type=Path, default=Path("."), help="repository root (default: .)")
    p.add_argument("--out", type=Path, default=Path("_build/student"),
                   help="new output folder, outside book/ (default: _build/student; HTML in OUT/_build/html); an "
                        "existing folder is replaced only if this command made it")

    p = sub.add_parser("grade", help="grade a folder of submitted notebooks into CSV files")
    p.add_argument("submissions", type=Path, help="folder of submitted .ipynb files (searched recursively)")
    p.add_argument("--book", type=Path, default=Path("book"), help="folder of the instructor notebooks (default: book)")
    p.add_argument("--out", type=Path, default=Path("grades.csv"),
                   help="CSV of grades (default: grades.csv; also grades_summary.csv and grades_wide.csv)")
    p.add_argument("--timeout", type=int, default=30, help="seconds allowed per cell (default: 30)")
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help=f"submissions graded at once (default: one per core, {os.cpu_count() or 1} here)")
    p.add_argument("--force", action="store_true", help="grade again the submissions already in --out")
    p.add_argument("--sandbox", action="store_true",
                   help="run each notebook in bubblewrap: no network, only the student edition visible")
    p.add_argument("--memory", type=int, default=4096, help="MB of memory per submission (default: 4096)")
    p.add_argument("--processes", type=int, default=32, help="processes a submission may start (default: 32)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "student":
            from .editions import write_student_edition
            for path in write_student_edition(args.book, args.out):
                print(f"wrote {path}")
        elif args.command == "student-site":
            from .editions import build_student_site
            html = build_student_site(args.root, args.out)
            print(f"student edition built in {html}")
        else:
            from .grader.limits import Limits, process_limit_enforced
            from .grading import grade_folder

            if not process_limit_enforced():
                print("gdcourse grade: warning: running as root without a writable pids cgroup, so the limit on "
                      "processes cannot be enforced and a fork loop in a notebook is not stopped in time. Grade as "
                      "a normal user, or where /sys/fs/cgroup/pids is writable.", file=sys.stderr)

            def report(summary, done, total):
                if sys.stderr.isatty():
                    sys.stderr.write("\r" + " " * 60 + "\r")
                print(summary.line, flush=True)
                _progress(done, total)

            limits = Limits(cell_timeout=max(args.timeout, 1), memory_mb=args.memory, processes=args.processes)
            grades = grade_folder(args.submissions, args.book, args.out, timeout=args.timeout, jobs=args.jobs,
                                  force=args.force, sandbox=args.sandbox, limits=limits, report_to=report)
            students = sorted({g.student for g in grades})
            print(f"graded {len(students)} submission(s), {len(grades)} exercise result(s): {args.out}")
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        print(f"gdcourse {args.command}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
