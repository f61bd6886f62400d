"""When each submission was handed in, from where instructors get it.

In order of trust: a submission-times CSV named by the course file (any source: student,
assignment, time); Gradescope's ``submission_metadata.yml`` (``:created_at:`` of the
submission's ``submission_<id>`` folder); a Canvas download's ``_LATE`` marker, which
says late without saying when. Anything else has no known time, and says so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from autograder.gradebook.course import Course
from autograder.submissions.finding import CANVAS_NAME, GRADESCOPE_METADATA

CANVAS_LATE = re.compile(r"^[A-Za-z0-9]+?_LATE_\d+_\d+_", re.IGNORECASE)


@dataclass(frozen=True)
class SubmissionTime:
    at: datetime | None  # aware; None: unknown
    source: str  # shown beside the penalty
    marked_late: bool = False


def submission_time(student: str, assignment: str, path: str, course: Course) -> SubmissionTime:
    """The best known time of the submission found at ``path``."""
    listed = course.times.get((student, assignment))
    if listed is not None:
        return SubmissionTime(listed, "submission-times CSV")
    file = Path(path.split("!")[0])
    created = _gradescope_created_at(file)
    if created is not None:
        return SubmissionTime(created, "Gradescope submission_metadata.yml")
    if CANVAS_NAME.match(file.name) and CANVAS_LATE.match(file.name):
        return SubmissionTime(None, "Canvas download (_LATE)", marked_late=True)
    return SubmissionTime(None, "no source gives its time")


def _gradescope_created_at(file: Path) -> datetime | None:
    for folder in file.parents:
        metadata = folder / GRADESCOPE_METADATA
        if metadata.is_file():
            entry = file.relative_to(folder).parts[0]
            return _created_at(str(metadata)).get(entry)
    return None


@functools.lru_cache(maxsize=16)
def _created_at(metadata: str) -> dict[str, datetime]:
    """``submission_<id>`` -> its ``:created_at:``, in UTC."""
    try:
        data = yaml.safe_load(Path(metadata).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    found = {}
    for folder, details in data.items() if isinstance(data, dict) else ():
        value = details.get(":created_at") if isinstance(details, dict) else None
        parsed = _aware(value)
        if parsed is not None:
            found[str(folder)] = parsed
    return found


def _aware(value: object) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
