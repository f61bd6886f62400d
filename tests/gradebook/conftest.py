"""Gradebook fixtures: results as a batch writes them, with written answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.contracts import typed_files
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import HandedIn, SubmissionResult
from autograder.contracts.statuses import Status
from autograder.desk.gradebook import Course, Grade
from autograder.desk.gradebook.finals import grade_of
from autograder.desk.gradebook.rows import Entry

QUESTIONS = (("curves_reading", 2.0), ("first_hyperparameter", 2.0))


def result(
    student: str,
    score: float | None = 13.0,
    assignment: str = "mnist_dense",
    answers: tuple[str, ...] = ("No, the curves rise together.", "The learning rate."),
    path: str = "",
) -> SubmissionResult:
    return SubmissionResult(
        submission=f"{student}_{assignment}",
        student=student,
        path=path or f"/class/{student}_{assignment}.ipynb",
        assignment=assignment,
        status=Status.OK if score is not None else Status.GRADER_ERROR,
        score=score,
        max_score=13.0,
        content_sha256=f"sha-{student}-{score}-{answers}",
        grader="grader-1",
        answers=[
            {"name": name, "points": points, "prompt": f"**Question {i}.**", "answer": text}
            for i, ((name, points), text) in enumerate(zip(QUESTIONS, answers, strict=True), 6)
        ],
    )


def write_results(out: Path, *results: SubmissionResult) -> None:
    folder = OutputFolder(out)
    for one in results:
        typed_files.write(folder.result_file(one.submission), one)


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def made_grade(
    student: str, final: float | None, status: Status = Status.OK, max_points: float = 17.0
) -> Grade:
    """A grade as the gradebook gives one (no course: no penalty), ``final`` points of
    ``max_points``; None: the grader failed on it."""
    entry = Entry(
        submission=f"{student}_mnist_dense",
        student=student,
        assignment="mnist_dense",
        status=Status.GRADER_ERROR if final is None else status,
        reason="",
        autograded=None if final is None else final - 4,
        autograded_max=max_points - 4,
        manual=4.0,
        max_points=max_points,
        to_grade=0,
        override=None,
        override_reason="",
        override_by="",
        handed_in=HandedIn(),
    )
    return grade_of(entry, Course())
