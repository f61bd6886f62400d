"""`densegrade demo` end to end: build, grade the samples, write every page."""

from __future__ import annotations

import csv
import json

import pytest

from autograder.desk.gradebook import current
from autograder.drivers.samples import SAMPLES

pytestmark = pytest.mark.notebook


def test_demo_grades_every_sample_with_its_expected_status(demo_output):
    out, _ = demo_output
    rows = {row["student"]: row for row in csv.DictReader((out / "grades.csv").open())}
    assert set(rows) == {f"{s.student}_{s.assignment}" for s in SAMPLES}
    statuses = {
        student.split("_")[0]: (row["status"], row["score"]) for student, row in rows.items()
    }
    assert statuses["alice"] == ("ok", "13") and statuses["bob"] == ("ok", "13")
    assert statuses["grace"][0] == "invalid"
    for mistake in ("carol", "dave", "erin", "frank"):
        assert statuses[mistake][0] == "ok" and float(statuses[mistake][1]) < 13
    assert statuses["heidi"][0] == "ok"


def test_demo_writes_the_dashboard_and_both_views_of_every_submission(demo_output):
    out, stderr = demo_output
    assert (out / "index.html").is_file()
    assert (out / "index.html").resolve().as_uri() in stderr  # where to open it
    for sample in SAMPLES:
        name = f"{sample.student}_{sample.assignment}.html"
        assert (out / "feedback" / name).is_file() and (out / "ta" / name).is_file()
    for assignment in ("mnist_dense", "cifar10_dense"):
        reference = json.loads((out / "reference" / f"{assignment}.json").read_text())
        assert (reference["status"], reference["score"]) == ("ok", reference["max_score"])
        assert (out / f"question_scores_{assignment}.csv").is_file()


def test_the_reference_is_not_taken_for_a_student(demo_output):
    out, _ = demo_output
    assert not list(out.rglob("*reference*.ipynb"))  # nothing a later batch could grade
    assert not [path for path in (out / "results").iterdir() if "reference" in path.name]


def test_demo_ends_with_the_gradebook_and_the_serve_command(demo_output):
    out, stderr = demo_output
    assert "densegrade serve demo-output" in stderr  # relative, as given
    with current(out) as book:
        rows = {row.student: row for row in book.grades()}
        assert {f"{s.student}_{s.assignment}" for s in SAMPLES if s.raw is None} <= set(rows)
        assert rows["alice_mnist_dense"].manual == 4  # pre-filled by the demo
        assert sum(g.to_grade for g in book.grades()) > 0  # the rest is left to the TAs
