"""The grader's CSV files, and reading back an earlier run's results.

- ``grades.csv``: one row per submission and exercise (points, maximum, status, feedback);
- ``grades_summary.csv``: one row per submission (total, maximum, percent, notes, and the
  submission's SHA-256 and the exercises' fingerprint, so a re-run can skip it);
- ``grades_wide.csv``: one row per student, one column per exercise, and the total, for a
  gradebook import (a student is the first folder of the submission's path, or the notebook's
  name when the folder is flat).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

LONG = ["student", "exercise", "points", "max_points", "status", "feedback"]
SUMMARY = ["student", "points", "max_points", "percent", "notes", "sha256", "fingerprint"]


@dataclass(frozen=True)
class Grade:
    """One submission's result on one exercise."""

    student: str
    exercise: str
    points: float
    max_points: float
    status: str
    feedback: str


@dataclass(frozen=True)
class Summary:
    """One submission's total and what went wrong while running it."""

    student: str
    points: float
    max_points: float
    notes: str
    sha256: str = ""
    fingerprint: str = ""

    @property
    def line(self) -> str:
        """Return the line printed for this submission, such as ``alice/01_x: 5.5/7 points (notes)``."""
        text = f"{self.student}: {self.points:g}/{self.max_points:g} points"
        return text + (f" ({self.notes})" if self.notes else "")


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def summary_path(out_csv: Path) -> Path:
    """``grades_summary.csv`` next to ``grades.csv``."""
    return out_csv.with_name(out_csv.stem + "_summary.csv")


def wide_path(out_csv: Path) -> Path:
    """``grades_wide.csv`` next to ``grades.csv``."""
    return out_csv.with_name(out_csv.stem + "_wide.csv")


def read_previous(out_csv: Path) -> dict[str, tuple[Summary, list[Grade]]]:
    """An earlier run's results by submission, as written by :func:`write` (empty if there is none)."""
    out_csv = Path(out_csv)
    if not out_csv.is_file() or not summary_path(out_csv).is_file():
        return {}
    try:
        with summary_path(out_csv).open(newline="", encoding="utf-8") as f:
            summaries = {row["student"]: Summary(row["student"], _number(row["points"]), _number(row["max_points"]),
                                                 row["notes"], row.get("sha256") or "", row.get("fingerprint") or "")
                         for row in csv.DictReader(f)}
        grades: dict[str, list[Grade]] = {s: [] for s in summaries}
        with out_csv.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["student"] in grades:
                    grades[row["student"]].append(Grade(row["student"], row["exercise"], _number(row["points"]),
                                                        _number(row["max_points"]), row["status"], row["feedback"]))
    except (OSError, KeyError, csv.Error):
        return {}
    return {s: (summaries[s], grades[s]) for s in summaries}


def student_of(submission: str) -> str:
    """The student a submission belongs to: its first folder, or the notebook's name in a flat folder."""
    return PurePosixPath(submission).parts[0]


def write(out_csv: Path, summaries: list[Summary], grades: list[Grade]) -> None:
    """Write ``grades.csv``, ``grades_summary.csv`` and ``grades_wide.csv``."""
    out_csv = Path(out_csv)
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    with out_csv.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(LONG)
        for g in grades:
            writer.writerow([g.student, g.exercise, f"{g.points:g}", f"{g.max_points:g}", g.status, g.feedback])
    with summary_path(out_csv).open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(SUMMARY)
        for s in summaries:
            percent = f"{100 * s.points / s.max_points:.1f}" if s.max_points else ""
            writer.writerow([s.student, f"{s.points:g}", f"{s.max_points:g}", percent, s.notes, s.sha256,
                             s.fingerprint])
    table: dict[str, dict[str, float]] = {}
    for g in grades:
        row = table.setdefault(student_of(g.student), {})
        row[g.exercise] = max(row.get(g.exercise, 0.0), g.points)   # the best of two submissions of one chapter
    for s in summaries:
        table.setdefault(student_of(s.student), {})
    labels = sorted({g.exercise for g in grades})
    with wide_path(out_csv).open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *labels, "total"])
        for student in sorted(table):
            row = table[student]
            writer.writerow([student, *(f"{row[l]:g}" if l in row else "" for l in labels),
                             f"{round(sum(row.values()), 2):g}"])
