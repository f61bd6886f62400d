"""Step 4 of a submission's story: a submission's result, and whether it is still current.

A :class:`SubmissionResult` is what every later step reads: the output folder records it
(:mod:`autograder.contracts.output.folder`: its JSON, its ``grades.csv`` row, its Gradescope file),
reports draw it, and a rerun keeps it while :func:`currency` says it is current.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from autograder.contracts import typed_files
from autograder.contracts.evidence import Evidence
from autograder.contracts.statuses import Status
from autograder.contracts.typed_files import FileFormatError

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


@dataclass(frozen=True)
class HandedIn:
    """When a submission was handed in, as its download said when the batch found it.

    Recorded with the result (and so in the gradebook) once, so moving or deleting the
    downloads after grading changes no late penalty."""

    at: str = ""  # ISO 8601 in UTC; "": the download gives no time
    source: str = ""  # where the time (or the late mark) comes from, shown beside a penalty
    marked_late: bool = False  # Canvas's ``_LATE``: late, at a time it does not give


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

    FORMAT: ClassVar[str] = "densegrade.result"
    # 4: handed_in, mistakes' images; 3: no handed_in; 2: no missing_packages; 1: the
    # evidence was an untyped dict
    VERSION: ClassVar[int] = 4

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
    missing_packages: list[str] = field(default_factory=list)  # imported, not in the grader
    training_facts: dict[str, Any] | None = None
    evidence: Evidence | None = None  # layers, curves, predictions: for the reports
    answers: list[dict[str, Any]] = field(default_factory=list)  # free-response, to grade by hand
    seconds: float = 0.0
    content_sha256: str = ""  # of the submitted file: a rerun skips it while unchanged
    grader: str = ""  # the grader's identity (contracts.identity): a rerun regrades on change
    peak_memory: dict[str, int] = field(default_factory=dict)  # the kernel's, in bytes
    notebook: str = ""  # the executed notebook kept for TAs: notebooks/<submission>.ipynb
    handed_in: HandedIn = field(default_factory=HandedIn)  # as the download said

    @property
    def grader_failed(self) -> bool:
        """The grader or its environment failed on it: no score, graded again next run."""
        return Status(self.status).grader_failed

    @property
    def final(self) -> bool:
        """A result a rerun of the same grader keeps: anything but the grader's failure."""
        return not self.grader_failed

    @property
    def full_marks(self) -> bool:
        """Every autograded point, with nothing amiss: what a reference must get for the
        grader and its environment to be trusted."""
        return self.status == Status.OK and self.score == self.max_score > 0

    @property
    def review(self) -> str:
        """Every reason for a TA to look, once each: modules the grader lacked, then the
        checks' own."""
        reasons = [missing_packages_note(self.missing_packages)] if self.missing_packages else []
        reasons += [check.review for check in self.checks if check.review]
        return " ".join(dict.fromkeys(reasons))

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


def missing_packages_note(modules: list[str]) -> str:
    """What TAs and the student read when the notebook imported what the grader lacks."""
    names = ", ".join(f"`{module}`" for module in modules)
    return (
        f"The notebook imports {names}, which the grader does not have (requirements.txt "
        "lists the packages a notebook may use): checks after that import may have failed "
        "because of it, not because of the work itself."
    )


def split_failure_message(raw: str, passed: bool) -> tuple[str, str]:
    """Separate the student's message from otter's report of the test line that failed."""
    if passed:
        return "passed", ""
    if CHECK_FAILURE_PREFIX in raw:
        return raw.split(CHECK_FAILURE_PREFIX, 1)[1].strip(), raw
    last_line = raw.strip().splitlines()[-1] if raw.strip() else "the check did not pass"
    return f"The check could not run on your notebook: {last_line}", raw


class Currency(StrEnum):
    """Whether an earlier result still stands for a file under this grader."""

    CURRENT = "current"  # this file, this grader, graded: a rerun keeps it
    FAILED = "failed"  # this file, this grader, but the grader failed on it: grade it again
    STALE = "stale"  # no result, another file or another grader: grade it


def currency(result: SubmissionResult | None, digest: str, grader: str) -> Currency:
    """The one rule every rerun applies (a batch, its references, a cluster task and the
    collect job): a result stands for the file ``digest`` while the grader whose identity
    is ``grader`` made it, and the grader did not fail on it."""
    if result is None or not digest or (result.content_sha256, result.grader) != (digest, grader):
        return Currency.STALE
    return Currency.FAILED if result.grader_failed else Currency.CURRENT


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
        return typed_files.read(SubmissionResult, path)
    except FileFormatError:  # absent, damaged, or another version
        return None


def grades_csv_text(results: list[SubmissionResult]) -> str:
    """``grades.csv``: one row per result, by submission name."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in sorted(results, key=lambda item: item.submission):
        writer.writerow(result.csv_row())
    return buffer.getvalue()


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
