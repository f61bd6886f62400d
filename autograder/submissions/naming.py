"""Unique names for submissions: every result file, page and row is named by one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from autograder.contracts.results import safe_file_stem
from autograder.submissions.finding import Submission

# Submission names are file stems of [A-Za-z0-9._-] only, so no student can be taken for
# a reference solution (or overwrite its result) by naming a notebook after one.
REFERENCE_PREFIX = "+reference-"


@dataclass(frozen=True)
class Task:
    """One submission to grade, under its unique name; ``digest`` is its content's sha256."""

    submission: Submission
    name: str
    digest: str = ""

    @property
    def is_reference(self) -> bool:
        return is_reference(self.name)


def reference_name(assignment: str) -> str:
    return f"{REFERENCE_PREFIX}{assignment}"


def is_reference(name: str) -> bool:
    """A reference solution's result (it holds the solution: never shown as a student's)."""
    return name.startswith(REFERENCE_PREFIX)


def submission_names(submissions: list[Submission]) -> dict[Submission, str]:
    """Unique names for result files: the student, then the notebook, then the input path."""
    names = {s: s.student for s in submissions}
    qualifiers = (
        lambda s: _with_notebook_name(s.student, Path(s.file_name).stem),
        lambda s: f"{s.origin}-{names[s]}",
        lambda s: f"{s.origin}-{s.student}-{Path(s.label).stem}",
    )
    for qualify in qualifiers:
        counts = Counter(names.values())
        clashing = [s for s in submissions if counts[names[s]] > 1]
        if not clashing:
            break
        for submission in clashing:
            names[submission] = safe_file_stem(qualify(submission))
    return names


def _with_notebook_name(student: str, stem: str) -> str:
    return student if stem == student else f"{student}-{stem}"
