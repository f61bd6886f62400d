"""Step 4 of a submission's story: results, as JSON per submission and one CSV row each.

Every file is written atomically as soon as its submission is graded, so a run
that stops half-way keeps everything already written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from autograder.statuses import Status

CSV_COLUMNS = (
    "submission",
    "student",
    "assignment",
    "score",
    "max_score",
    "status",
    "reason",
    "review",  # why a TA should look before releasing this grade (empty: nothing unclear)
    "path",
    "seconds",  # the only column that may differ when the same batch is graded again
)
CHECK_FAILURE_PREFIX = "CheckFailed: "
RESULTS_DIR = "results"  # OUT/results/<submission>.json


@dataclass
class CheckResult:
    """One check as judged: its points, and its words for the student and for TAs."""

    question: str
    check: str
    points: float
    max_points: float
    passed: bool
    hidden: bool
    message: str  # for the student
    detail: str = ""  # for TAs
    review: str = ""  # for TAs: why this outcome needs a person's look


@dataclass
class SubmissionResult:
    """One submission's row: its status, score and checks, and what the pages show."""

    submission: str
    student: str
    path: str
    assignment: str | None
    status: Status
    reason: str = ""
    score: float | None = 0.0  # None: not graded (the grader failed), never a score
    max_score: float = 0.0
    checks: list[CheckResult] = field(default_factory=list)
    execution_errors: list[str] = field(default_factory=list)
    training_facts: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None  # layers, curves, predictions: for the reports
    answers: list[dict[str, str]] = field(default_factory=list)  # free-response, to grade by hand
    seconds: float = 0.0
    content_sha256: str = ""  # of the submitted file: a rerun skips it while unchanged
    grader: str = ""  # fingerprint of the bundles and thresholds that graded it
    peak_memory: dict[str, int] = field(default_factory=dict)  # the kernel's, in bytes
    notebook: str = ""  # the executed notebook kept for TAs: notebooks/<submission>.ipynb

    @property
    def grader_failed(self) -> bool:
        """The grader or its environment failed on it: no score, graded again next run."""
        return Status(self.status).grader_failed

    @property
    def final(self) -> bool:
        """A result a rerun of the same grader keeps: anything but the grader's failure."""
        return not self.grader_failed

    @property
    def review(self) -> str:
        """Every check's reason for a TA to look, once each."""
        return " ".join(dict.fromkeys(check.review for check in self.checks if check.review))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubmissionResult:
        checks = [CheckResult(**check) for check in data.get("checks", [])]
        return cls(**{**data, "status": Status(data["status"]), "checks": checks})

    def csv_row(self) -> dict[str, Any]:
        return {
            "submission": self.submission,
            "student": self.student,
            "assignment": self.assignment or "",
            "score": "" if self.score is None else _number(self.score),
            "max_score": _number(self.max_score),
            "status": str(self.status),
            "reason": self.reason,
            "review": self.review,
            "path": self.path,
            "seconds": self.seconds,
        }


def split_failure_message(raw: str, passed: bool) -> tuple[str, str]:
    """Separate the student's message from otter's report of the test line that failed."""
    if passed:
        return "passed", ""
    if CHECK_FAILURE_PREFIX in raw:
        return raw.split(CHECK_FAILURE_PREFIX, 1)[1].strip(), raw
    last_line = raw.strip().splitlines()[-1] if raw.strip() else "the check did not pass"
    return f"The check could not run on your notebook: {last_line}", raw


def write_submission(result: SubmissionResult, out_dir: Path, path: Path | None = None) -> Path:
    """``OUT/results/<submission>.json`` (or ``path``), written atomically."""
    path = path or out_dir / RESULTS_DIR / f"{result.submission}.json"
    write_atomically(path, json.dumps(result.to_json(), indent=2) + "\n")
    return path


def load_results(folder: Path, unreadable: list[str] | None = None) -> list[SubmissionResult]:
    """Every result file in ``folder`` that this version can read; the names of the
    others are added to ``unreadable`` (a batch grades those again)."""
    results = []
    for path in sorted(folder.glob("*.json")):
        result = read_result(path)
        if result is not None:
            results.append(result)
        elif unreadable is not None:
            unreadable.append(path.name)
    return results


def read_result(path: Path) -> SubmissionResult | None:
    """The result in ``path``; None if there is none this version can read."""
    try:
        return SubmissionResult.from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError, KeyError):  # absent, damaged, or another version
        return None


def load_previous(out_dir: Path, grader: str) -> dict[str, SubmissionResult]:
    """Results already in ``out_dir`` that the same grader produced, by submission name."""
    return {
        result.submission: result
        for result in load_results(out_dir / RESULTS_DIR)
        if result.grader == grader and result.content_sha256
    }


def write_grades_csv(results: list[SubmissionResult], out_dir: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in sorted(results, key=lambda item: item.submission):
        writer.writerow(result.csv_row())
    path = out_dir / "grades.csv"
    write_atomically(path, buffer.getvalue())
    return path


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def safe_file_stem(text: str) -> str:
    """A submission name usable as a file name on every platform."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "submission"


def format_table(results: list[SubmissionResult]) -> str:
    header = ("submission", "assignment", "score", "status", "reason")
    rows = [
        (
            result.submission,
            result.assignment or "?",
            score_text(result),
            result.status,
            result.reason,
        )
        for result in sorted(results, key=lambda item: item.submission)
    ]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(4)]
    lines = []
    for row in (header, *rows):
        cells = [str(value).ljust(width) for value, width in zip(row, widths, strict=False)]
        lines.append("  ".join(cells + [row[4]]).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def score_text(result: SubmissionResult) -> str:
    """'11 / 13', or 'not graded' when the grader failed."""
    if result.score is None:
        return "not graded"
    return f"{_number(result.score)} / {_number(result.max_score)}"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 4)
