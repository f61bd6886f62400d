import csv

import pytest

from autograder.desk.gradebook import current
from autograder.desk.lms import export
from autograder.desk.lms.grades import ExportRefused
from tests.gradebook.conftest import result, write_results

COURSE = """\
[late]
per = "day"
percent = 10

[assignments.mnist_dense]
due = 2026-12-10T23:59:00
timezone = "UTC"
title = "MNIST dense network"
"""
TIMES = "student,assignment,submitted_at\nben,mnist_dense,2026-12-11T10:00\n"
OPTIONS = export.Options()


@pytest.fixture
def graded(out):
    write_results(out, result("ann"), result("ben", score=9.0))
    (out / "course.toml").write_text(
        COURSE.replace("[late]", 'submission_times = "t.csv"\n\n[late]')
    )
    (out / "t.csv").write_text(TIMES)
    return out


def grade_all(out, points=2.0):
    with current(out) as book:
        for row in book.grades():
            for question in ("curves_reading", "first_hyperparameter"):
                book.save_manual(
                    row.assignment, row.submission, question, points, "Well argued.", "ta1", 0
                )


def test_an_export_is_refused_while_answers_are_ungraded(graded, tmp_path):
    with pytest.raises(ExportRefused, match="4 written answer"):
        export.export_plain(graded, tmp_path / "g.csv", OPTIONS)
    assert not (tmp_path / "g.csv").exists()
    done = export.export_plain(graded, tmp_path / "g.csv", export.Options(allow_ungraded=True))
    assert done.pending == 4


def test_the_plain_export_shows_the_penalty(graded, tmp_path):
    grade_all(graded)
    export.export_plain(graded, tmp_path / "g.csv", OPTIONS)
    rows = {row["student"]: row for row in csv.DictReader((tmp_path / "g.csv").open())}
    assert (rows["ann"]["final"], rows["ann"]["penalty_percent"]) == ("17", "0")
    assert (rows["ben"]["autograded"], rows["ben"]["manual"]) == ("9", "4")
    assert rows["ben"]["final"] == "11.7"  # 13 points, one day late: -10%
    assert "1 started day x 10%" in rows["ben"]["penalty"]


def test_canvas_takes_the_column_title_from_the_course_file(graded, tmp_path):
    grade_all(graded)
    source = tmp_path / "canvas.csv"
    source.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,MNIST dense network (55)\n"
        "    Points Possible,,,,,17\nAnn,1,,ann,S,\nBen,2,,ben,S,\n"
    )
    done = export.export_canvas(graded, source, tmp_path / "in.csv", OPTIONS)
    assert (tmp_path / "in.csv").read_text().splitlines()[2:] == [
        "Ann,1,,ann,S,17",
        "Ben,2,,ben,S,11.7",
    ]
    assert done.unmatched == [] and done.missing == []


def test_moodle_by_email(graded, tmp_path):
    grade_all(graded)
    roster = tmp_path / "moodle.csv"
    roster.write_text(
        "First name,Last name,ID number,Email address\n"
        "Ann,Lee,ann,ann@uni.edu\nBen,Roe,B2,ben@uni.edu\nCy,Poe,C3,cy@uni.edu\n"
    )
    done = export.export_moodle(graded, roster, tmp_path / "m.csv", OPTIONS, "MNIST")
    assert (tmp_path / "m.csv").read_text().splitlines() == [
        "Email address,MNIST",
        "ann@uni.edu,17",
    ]
    assert done.unmatched == ["ben"] and done.missing == ["Ben Roe", "Cy Poe"]


def test_feedback_pages_carry_the_comments_and_the_final(graded):
    grade_all(graded, points=1.5)
    done = export.export_feedback(graded, OPTIONS)
    page = (graded / "returned" / "mnist_dense" / "ben.html").read_text()
    assert sorted(p.name for p in done.written) == ["ann.html", "ben.html"]
    assert "Well argued." in page and "1 started day x 10%" in page
    assert "11.7 / 17" not in page and "10.8 / 17" in page  # (9 + 3) x 0.9
    assert "Rubric" not in page and "reference_answer" not in page
