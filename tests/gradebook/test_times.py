"""Lateness from each source of submission times, through the gradebook's finals."""

import dataclasses
import shutil
from pathlib import Path

import pytest

from autograder.contracts.results import HandedIn
from autograder.desk.gradebook import current
from autograder.submissions.finding import CANVAS_MARK, GRADESCOPE_TIME, find_submissions
from tests.gradebook.conftest import result, write_results

COURSE = """\
extensions = "extensions.csv"
submission_times = "times.csv"

[late]
per = "hour"
percent = 10
cap_percent = 50
grace_minutes = 15
zero_after_hours = 48

[assignments.mnist_dense]
due = 2026-12-10T23:59:00
timezone = "America/Toronto"
"""
METADATA = """\
submission_1001:
  :submitters:
  - :name: On Time
    :sid: '1'
  :created_at: 2026-12-10 23:50:00.000000000 -05:00
submission_1002:
  :submitters:
  - :name: In Grace
    :sid: '2'
  :created_at: 2026-12-11 00:10:00.000000000 -05:00
submission_1003:
  :submitters:
  - :name: Hour Late
    :sid: '3'
  :created_at: 2026-12-11 06:59:00.000000000 +01:00
submission_1004:
  :submitters:
  - :name: Way Late
    :sid: '4'
  :created_at: 2026-12-14 10:00:00.000000000 -05:00
submission_1005:
  :submitters:
  - :name: Extended
    :sid: '5'
  :created_at: 2026-12-12 09:00:00.000000000 -05:00
"""


def found_results(tmp_path) -> list:
    """The class as the batch finds it (a Gradescope export, a Canvas download, loose
    files), each result carrying the time its submission was found with, as the pool's."""
    export = tmp_path / "gradescope_export"
    export.mkdir()
    (export / "submission_metadata.yml").write_text(METADATA)
    for sid in range(1, 6):
        (export / f"submission_100{sid}").mkdir()
        (export / f"submission_100{sid}" / "mnist_dense.ipynb").write_text("{}")
    canvas = tmp_path / "canvas"
    canvas.mkdir()
    (canvas / "leeann_LATE_123_456_mnist_dense.ipynb").write_text("{}")
    loose = tmp_path / "loose"
    loose.mkdir()
    for name in ("csvtime", "nowhere"):
        (loose / f"{name}.ipynb").write_text("{}")
    found = find_submissions([export, canvas / "leeann_LATE_123_456_mnist_dense.ipynb", loose])
    results = []
    for submission in found:
        made = result(submission.student, path=submission.label)
        results.append(dataclasses.replace(made, handed_in=submission.handed_in))
    return results


@pytest.fixture
def finals(out, tmp_path) -> dict:
    write_results(out, *found_results(tmp_path))
    (out / "course.toml").write_text(COURSE)
    (out / "extensions.csv").write_text("student,assignment,due\n5,mnist_dense,2026-12-12T12:00\n")
    (out / "times.csv").write_text(
        "student,assignment,submitted_at\ncsvtime,mnist_dense,2026-12-11T01:30\n"
    )
    with current(out) as book:
        before = {row.student: row for row in book.grades()}
    for folder in ("gradescope_export", "canvas", "loose"):
        shutil.rmtree(tmp_path / folder)  # the downloads deleted after grading
    with current(out) as book:
        after = {row.student: row for row in book.grades()}
    assert after == before  # nothing re-read from the downloads
    return after


def test_the_times_are_found_with_the_submissions(tmp_path):
    times = {r.student: r.handed_in for r in found_results(tmp_path)}
    assert times["3"] == HandedIn("2026-12-11T05:59:00+00:00", GRADESCOPE_TIME)
    assert times["leeann_123"] == HandedIn("", CANVAS_MARK, marked_late=True)
    assert times["nowhere"] == HandedIn()


@pytest.mark.parametrize(
    "student, percent, words",
    [
        ("1", 0, "on time (Gradescope submission_metadata.yml)"),
        ("2", 0, "inside the grace period"),
        ("3", 10, "1 started hour x 10%"),  # 06:59 in UTC+1 is 00:59 in Toronto
        ("4", 100, "past the 48 hours cut-off"),
        ("5", 0, "on time (Gradescope submission_metadata.yml); extension to 2026-12-12T12:00"),
        ("csvtime", 20, "2 started hours x 10% = 20% (submission-times CSV)"),
        ("leeann_123", 0, "marked late by Canvas, at an unknown time"),
        ("nowhere", 0, "no known submission time"),
    ],
)
def test_lateness_from_every_source(finals, student, percent, words):
    row = finals[student]
    assert row.penalty_percent == percent, row.penalty_reason
    assert words in row.penalty_reason
    assert row.final == pytest.approx(row.points * (1 - percent / 100))
    assert row.points == 13  # the penalty is on the final only


def test_an_unknown_student_in_the_extensions_changes_nothing(out):
    write_results(out, result("ann"))
    with current(out):
        pass
    before = (out / "gradebook.sqlite").read_bytes()
    (out / "course.toml").write_text(COURSE.replace('submission_times = "times.csv"\n', ""))
    (out / "extensions.csv").write_text(
        "student,assignment,due\nzed,mnist_dense,2026-12-12T12:00\n"
    )
    from autograder.desk.gradebook.course import CourseFileError

    with pytest.raises(CourseFileError, match="zed"):
        current(out)
    assert (out / "gradebook.sqlite").read_bytes() == before
    assert Path(out / "gradebook.sqlite").exists()
