"""Which LMS student a submission belongs to, never a guess.

A submission's student is what the batch found (:mod:`autograder.submissions.finding`):
a Gradescope SID or email, a Canvas download's ``<name>_<Canvas ID>``, a file or folder
name. It is matched against the LMS's identifiers in a fixed order, each exact but for
case: SIS Login ID, SIS User ID, the LMS's own ID (also as the ``_<id>`` ending of a
Canvas download name), email; then the student's name, as "First Last" or "Last, First"
(spacing normalised, an underscore read as a space). A submission that matches no
student, or more than one, is listed and left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LmsStudent:
    row: int  # the student's record in the LMS file
    identifiers: tuple[str, ...]  # in the order they are tried
    name: str


@dataclass
class Matches:
    by_row: dict[int, str]  # LMS record -> the submission's student
    unmatched: list[str]  # students of submissions that match no one (or several)


def match_students(students: Sequence[str], lms: Sequence[LmsStudent]) -> Matches:
    by_row: dict[int, str] = {}
    unmatched = []
    for student in students:
        rows = _candidates(student, lms)
        if len(rows) == 1 and rows[0] not in by_row:
            by_row[rows[0]] = student
        else:
            unmatched.append(student)
    return Matches(by_row, unmatched)


def _candidates(student: str, lms: Sequence[LmsStudent]) -> list[int]:
    wanted = student.strip().casefold()
    canvas_id = re.fullmatch(r".+_(\d+)", student)
    for rank in range(max((len(s.identifiers) for s in lms), default=0)):
        rows = [
            s.row
            for s in lms
            if rank < len(s.identifiers) and s.identifiers[rank].strip().casefold() == wanted
        ]
        if rows:
            return rows
    if canvas_id:
        rows = [s.row for s in lms if canvas_id[1] in s.identifiers]
        if rows:
            return rows
    return [s.row for s in lms if _key(student) in _names(s.name)]


def _names(name: str) -> set[str]:
    """A name as "Last, First" and as "First Last", both compared without case."""
    keys = {_key(name)}
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        keys.add(_key(f"{first} {last}"))
    return keys


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()
