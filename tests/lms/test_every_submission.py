"""Every submission has a row: a file the grader could not read, one it failed on, and
one whose assignment could not be told are in the gradebook, on its page and in every
export, each as the docs say (issue 33); a Canvas grade already entered for a student
without a submission is kept; the plain CSV's columns add up."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.desk.gradebook import current
from autograder.desk.lms import export
from autograder.desk.serve.app import create_app
from autograder.desk.serve.staff import ensure_staff
from autograder.judging.verdicts import fill_invalid
from tests.gradebook.conftest import result, write_results
from tests.serve.test_app import signed_in

CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,MNIST dense network (55)\n"
    "    Points Possible,,,,,17\n"
    "Ann,1,,ann,S,\nBroken,2,,broken,S,\nFailed,3,,failed,S,8\nAbsent,4,,absent,S,12\n"
)
OPTIONS = export.Options(allow_ungraded=True)


def invalid(student: str, path: str) -> object:
    """A file that could not be read, as the pool records it."""
    made = dataclasses.replace(
        result(student), assignment=None, score=0.0, max_score=0.0, answers=[], path=path
    )
    return fill_invalid(made, path.rsplit("/", 1)[-1], "not a readable notebook")


@pytest.fixture
def class_out(out):
    write_results(
        out,
        result("ann"),
        invalid("broken", "/class/broken_mnist_dense.ipynb"),
        invalid("mystery", "/class/homework.ipynb"),  # no assignment in its name
        result("failed", score=None),
    )
    return out


def test_every_submission_is_in_the_gradebook_with_its_status(class_out):
    with current(class_out) as book:
        grades = {grade.student: grade for grade in book.grades()}
    assert set(grades) == {"ann", "broken", "mystery", "failed"}
    broken = grades["broken"]
    assert (broken.assignment, broken.status, broken.final, broken.max_points) == (
        "mnist_dense", "invalid", 0, 17,
    )  # fmt: skip
    assert broken.reason == "not a readable notebook" and broken.is_final
    assert grades["mystery"].assignment == ""
    assert grades["failed"].final is None and "grader failed" in grades["failed"].pending


def test_the_gradebook_page_lists_them(class_out):
    token = ensure_staff(class_out)[0].token
    page = signed_in(create_app(class_out), token).get("/").data.decode()
    for student in ("broken", "mystery", "failed"):
        assert f">{student}</a>" in page
    assert "not a readable notebook" in page and "(unknown)" in page


def column(text: str) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(text)))
    return {row[3]: row[5] for row in rows[2:]}


def test_canvas_writes_the_broken_file_keeps_what_canvas_had(class_out, tmp_path):
    source, target = tmp_path / "canvas.csv", tmp_path / "import.csv"
    source.write_text(CANVAS)
    done = export.export_canvas(class_out, source, target, OPTIONS, column="55")
    cells = column(target.read_text())
    assert cells["broken"] == "0"  # handed in a broken file: 0, not a blank
    assert cells["failed"] == "8"  # not graded: Canvas's own cell stays
    assert cells["absent"] == "12"  # no submission, a grade entered in Canvas: kept
    assert done.kept == ["Absent"] and done.missing == ["Absent"]
    assert [name.split(" ")[0] for name in done.broken] == ["broken"]
    assert [name.split(" ")[0] for name in done.not_graded] == ["failed"]
    assert [name.split(" ")[0] for name in done.unassigned] == ["mystery"]


def test_the_command_names_every_student_it_did_not_write_plainly(class_out, tmp_path):
    source, target = tmp_path / "canvas.csv", tmp_path / "import.csv"
    source.write_text(CANVAS)
    arguments = ["export", "canvas", str(class_out), "--gradebook", str(source), "--column", "55"]
    finished = CliRunner().invoke(main, [*arguments, "--out", str(target), "--allow-ungraded"])
    assert finished.exit_code == 0, finished.output
    said = finished.output
    assert "broken (invalid: not a readable notebook)" in said
    assert "failed (grader_error" in said and "mystery (invalid" in said
    assert "Absent (keeps the grade in the LMS's file)" in said


def test_moodle_writes_the_broken_file_and_leaves_out_the_ungraded(class_out, tmp_path):
    roster = tmp_path / "moodle.csv"
    roster.write_text(
        "First name,Last name,ID number,Email address\n"
        "Ann,Lee,ann,a@u\nBro,Ken,broken,b@u\nFai,Led,failed,f@u\n"
    )
    target = tmp_path / "m.csv"
    export.export_moodle(class_out, roster, target, OPTIONS, by="idnumber")
    assert target.read_text().splitlines() == ["ID number,mnist_dense", "ann,13", "broken,0"]


def test_the_plain_csv_has_every_row_and_its_columns_add_up(class_out, tmp_path):
    with current(class_out) as book:
        book.set_override("ann_mnist_dense", 15.5, "regraded by hand", "prof")
    target = tmp_path / "plain.csv"
    export.export_plain(class_out, target, OPTIONS)
    rows = {row["student"]: row for row in csv.DictReader(target.open())}
    assert set(rows) == {"ann", "broken", "mystery", "failed"}
    assert (rows["ann"]["override"], rows["ann"]["points"], rows["ann"]["final"]) == (
        "15.5", "15.5", "15.5",
    )  # fmt: skip
    assert (rows["broken"]["status"], rows["broken"]["final"]) == ("invalid", "0")
    assert (rows["failed"]["status"], rows["failed"]["final"]) == ("grader_error", "")
    for row in rows.values():
        if row["points"] and not row["override"]:
            assert float(row["points"]) == float(row["autograded"]) + float(row["manual"])
