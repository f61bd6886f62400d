from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from autograder.desk.gradebook.course import CourseFileError, check_students, read_course
from autograder.desk.gradebook.lateness import Per

COURSE = """\
extensions = "extensions.csv"

[late]
per = "hour"
percent = 2
cap_percent = 50
grace_minutes = 15

[assignments.mnist_dense]
due = 2026-12-10T23:59:00
timezone = "America/Toronto"
title = "MNIST dense network"
"""


def write(
    tmp_path, course=COURSE, extensions="student,assignment,due\nann,mnist_dense,2026-12-12T12:00\n"
):
    (tmp_path / "extensions.csv").write_text(extensions)
    path = tmp_path / "course.toml"
    path.write_text(course)
    return path


def test_a_course_file_is_read(tmp_path):
    course = read_course(write(tmp_path))
    toronto = ZoneInfo("America/Toronto")
    assert course.rule.per == Per.HOUR and course.rule.grace_minutes == 15
    assert course.due["mnist_dense"].at == datetime(2026, 12, 10, 23, 59, tzinfo=toronto)
    assert course.due_for("ann", "mnist_dense")[0] == datetime(2026, 12, 12, 12, tzinfo=toronto)
    assert course.due_for("ben", "mnist_dense") == (course.due["mnist_dense"].at, "")


@pytest.mark.parametrize(
    "edit, words",
    [
        (("percent = 2", "percent = 200"), "late.percent must be between 0 and 100"),
        (('per = "hour"', 'per = "week"'), 'late.per must be "hour" or "day"'),
        (('"America/Toronto"', '"Mars/Olympus"'), "assignments.mnist_dense.timezone"),
        (("grace_minutes = 15", "grace_minuts = 15"), "unknown field late.grace_minuts"),
        (("[late]", "[late"), "not valid TOML"),
        (("due = 2026-12-10T23:59:00", 'due = "soon"'), "must be a date and time"),
    ],
)
def test_a_malformed_course_file_names_the_field(tmp_path, edit, words):
    path = write(tmp_path, COURSE.replace(*edit))
    with pytest.raises(CourseFileError, match=str(path).replace(".", r"\.")) as raised:
        read_course(path)
    assert words in str(raised.value)


@pytest.mark.parametrize(
    "extensions, words",
    [
        ("name,when\n", "line 1: the header must be student,assignment,due"),
        ("student,assignment,due\nann,mnist_dense,tomorrow\n", "line 2: 'tomorrow' is not"),
        ("student,assignment,due\n\nann,cifar10_dense,2026-12-12T12:00\n", "line 3: assignment"),
    ],
)
def test_a_malformed_extensions_file_names_the_line(tmp_path, extensions, words):
    with pytest.raises(CourseFileError, match="extensions.csv") as raised:
        read_course(write(tmp_path, extensions=extensions))
    assert words in str(raised.value)


def test_an_extension_for_an_unknown_student_is_refused(tmp_path):
    course = read_course(write(tmp_path))
    check_students(course, {"ann", "ben"})
    with pytest.raises(CourseFileError, match="students with no submission: ann"):
        check_students(course, {"ben"})
