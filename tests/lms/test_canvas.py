"""A Canvas round trip: the gradebook export as Canvas writes it (header ``Student, ID, SIS
User ID, SIS Login ID, Section``, one ``Title (id)`` column per assignment, a ``Points
Possible`` record, a test student, quoted names, CRLF endings), filled, read back."""

import csv
import io

import pytest

from autograder.desk.lms.canvas import CanvasFileError, fill_canvas
from autograder.desk.lms.csv_fields import split_records
from tests.gradebook.conftest import made_grade

EXPORT = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (87568490),MNIST dense network (1234),"
    "Current Score,Final Score\r\n"
    "    Points Possible,,,,,10.00,17.00,(read only),(read only)\r\n"
    '"Lee, Ann",101,A001,alee,"Section 1, Mon",9.50,,95.00,55.88\r\n'
    '"Roe, Ben",102,A002,broe,Section 2,7.00,,70.00,41.18\r\n'
    '"O\'Hara, Cat",103,,choara,Section 2,"8,5",,85.00,50.00\r\n'
    '"Doe, Dan",104,A004,ddoe,Section 1,,,,\r\n'
    '"Student, Test",999,,,Section 1,,,,\r\n'
)


def grade(student: str, final: float | None):
    return made_grade(student, final)


GRADES = [
    grade("alee", 17),  # SIS Login ID
    grade("A002", 12.5),  # SIS User ID
    grade("ohara_103", 14),  # a Canvas download's name: <name>_<Canvas ID>
    grade("stranger", 11),  # in no Canvas row
]


@pytest.fixture
def exported(tmp_path):
    source = tmp_path / "canvas_export.csv"
    source.write_bytes(EXPORT.encode())
    return source


def test_the_column_is_filled_and_every_other_byte_kept(exported, tmp_path):
    target = tmp_path / "canvas_import.csv"
    done = fill_canvas(exported, target, "MNIST dense network", GRADES)
    before, after = split_records(EXPORT), split_records(target.read_bytes().decode())
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        assert old.ending == new.ending == "\r\n"
        assert old.fields[:6] + old.fields[7:] == new.fields[:6] + new.fields[7:]
    column = [row[6] for row in csv.reader(io.StringIO(target.read_text()))]
    assert column == ["MNIST dense network (1234)", "17.00", "17", "12.5", "14", "", ""]
    assert done.unmatched == ["stranger"] and done.missing == ["Doe, Dan"]
    assert done.filled == 3


def test_by_id_and_zero_for_the_missing(exported, tmp_path):
    target = tmp_path / "out.csv"
    fill_canvas(exported, target, "1234", GRADES[:1], missing_zero=True)
    column = [row[6] for row in csv.reader(io.StringIO(target.read_text()))]
    assert column[2:] == ["17", "0", "0", "0", ""]  # the test student stays empty


def test_a_byte_order_mark_is_kept(exported, tmp_path):
    exported.write_bytes(b"\xef\xbb\xbf" + EXPORT.encode())
    target = tmp_path / "out.csv"
    fill_canvas(exported, target, "MNIST dense network", GRADES)
    assert target.read_bytes().startswith(b"\xef\xbb\xbfStudent,ID")


def test_a_name_matches_when_nothing_else_does(exported, tmp_path):
    target = tmp_path / "out.csv"
    done = fill_canvas(exported, target, "MNIST dense network", [grade("Dan Doe", 10)])
    assert done.filled == 1 and "Doe, Dan" not in done.missing


@pytest.mark.parametrize(
    "text, words",
    [
        ("Name,Score\r\nAnn,1\r\n", "line 1: not a Canvas gradebook export (no Student, ID"),
        (EXPORT.replace("MNIST dense network (1234)", "Other (77)"), "no assignment column"),
    ],
)
def test_a_file_canvas_did_not_write_is_refused(exported, tmp_path, text, words):
    exported.write_text(text)
    target = tmp_path / "out.csv"
    with pytest.raises(CanvasFileError, match=str(exported)) as raised:
        fill_canvas(exported, target, "MNIST dense network", GRADES)
    assert words in str(raised.value) and not target.exists()


def test_a_column_worth_other_points_is_refused_unless_rescaled(exported, tmp_path):
    exported.write_text(EXPORT.replace("10.00,17.00,(read only)", "10.00,100.00,(read only)"))
    target = tmp_path / "out.csv"
    with pytest.raises(
        CanvasFileError, match="worth 100 points in Canvas, the grades are out of 17"
    ):
        fill_canvas(exported, target, "MNIST dense network", GRADES)
    fill_canvas(exported, target, "MNIST dense network", GRADES, rescale=True)
    column = [row[6] for row in csv.reader(io.StringIO(target.read_text()))]
    assert column[2:4] == ["100", "73.5294"]  # 17 and 12.5 of 17
