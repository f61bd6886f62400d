"""Find the submissions in what instructors download.

Supported layouts (each input path may be any of them):

- a loose ``.ipynb`` file: the student is the file name without ``.ipynb``;
- a folder of notebooks, searched recursively (checkpoints and hidden folders skipped):
  a notebook directly in the folder is its own student, a notebook in a subfolder
  belongs to that first-level subfolder (one folder per student);
- a zip exported from the student notebook (``grader.export()``: the notebook plus
  otter's log), loose or inside any of the layouts above;
- a Gradescope "Export Submissions" folder (it holds ``submission_metadata.yml`` and one
  ``submission_<id>/`` folder per submission): the student is the submitter's SID, else
  email, else name;
- a Canvas "Download Submissions" folder, whose files are named
  ``<login>[_LATE]_<user id>_<submission id>_<file name>``: the student is
  ``<login>_<user id>``.

When each was handed in is read here, once (:class:`~autograder.contracts.results.HandedIn`):
Gradescope's ``:created_at:``, or Canvas's ``_LATE`` mark, which says late without a time.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import yaml

from autograder.contracts.results import HandedIn, safe_file_stem

SKIPPED_PARTS = {".ipynb_checkpoints", "__pycache__", "__MACOSX", ".git", ".venv"}
GRADESCOPE_METADATA = "submission_metadata.yml"
CANVAS_NAME = re.compile(
    r"^(?P<login>[A-Za-z0-9]+?)(?:_LATE)?_(?P<user>\d+)_(?P<submission>\d+)_(?P<file>.+)$",
    re.IGNORECASE,
)
CANVAS_LATE = re.compile(r"^[A-Za-z0-9]+?_LATE_\d+_\d+_", re.IGNORECASE)
GRADESCOPE_TIME = "Gradescope submission_metadata.yml"
CANVAS_MARK = "Canvas download (_LATE)"
MAX_NOTEBOOK_BYTES = 200 * 1024 * 1024  # a bigger "notebook" in a zip is refused unread


class SubmissionError(ValueError):
    """A submission that cannot be read; the message is for the grades table."""


@dataclass(frozen=True)
class Submission:
    student: str  # the identifier every row carries
    path: Path  # the file on disk: a notebook or a zip
    origin: str  # the name of the input path it was found under
    member: str | None = None  # the notebook inside the zip, if any
    problem: str | None = None  # why it cannot be graded, found while looking for it
    handed_in: HandedIn = field(default_factory=HandedIn)  # as the download says

    @property
    def file_name(self) -> str:
        return Path(self.member).name if self.member else self.path.name

    @property
    def label(self) -> str:
        return f"{self.path}!{self.member}" if self.member else str(self.path)

    def read_bytes(self) -> bytes:
        if self.problem:
            raise SubmissionError(self.problem)
        if self.member is None:
            return self.path.read_bytes()
        with zipfile.ZipFile(self.path) as archive:
            if archive.getinfo(self.member).file_size > MAX_NOTEBOOK_BYTES:
                raise SubmissionError(f"{self.member} in {self.path.name} is too large")
            return archive.read(self.member)


def find_submissions(paths: list[Path]) -> list[Submission]:
    found: list[Submission] = []
    for path in paths:
        # Absolute: a result records where its file was, the same from any working folder
        # (a later reader, the similarity report say, may run from another).
        path = Path(path).absolute()
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        if path.is_dir():
            found += _from_folder(path)
        elif path.suffix in (".ipynb", ".zip"):
            found += _from_file(path, _student_from_name(path), path.name)
        else:
            raise ValueError(f"not a notebook, a zip or a folder: {path}")
    unique = {(s.path.resolve(), s.member): s for s in found}
    return sorted(unique.values(), key=lambda s: (s.student, s.label))


def _from_folder(root: Path) -> list[Submission]:
    if (root / GRADESCOPE_METADATA).is_file():
        return _from_gradescope(root)
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or path.suffix not in (".ipynb", ".zip") or _skipped(relative):
            continue
        canvas = CANVAS_NAME.match(path.name)
        if canvas:
            student = f"{canvas['login']}_{canvas['user']}"
        elif len(relative.parts) == 1:
            student = _student_from_name(path)
        else:
            student = relative.parts[0]
        found += _from_file(path, student, root.resolve().name)
    return found


def _canvas_mark(path: Path) -> HandedIn:
    """Canvas names a late file ``<login>_LATE_...``: late, at a time the name omits."""
    if CANVAS_NAME.match(path.name) and CANVAS_LATE.match(path.name):
        return HandedIn(source=CANVAS_MARK, marked_late=True)
    return HandedIn()


def _from_gradescope(root: Path) -> list[Submission]:
    metadata = yaml.safe_load((root / GRADESCOPE_METADATA).read_text(encoding="utf-8")) or {}
    found = []
    for folder, details in sorted(metadata.items()):
        student = _gradescope_student(details) or str(folder)
        handed_in = _gradescope_time(details)
        for path in sorted((root / str(folder)).rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and path.suffix in (".ipynb", ".zip") and not _skipped(relative):
                found += [
                    replace(s, handed_in=handed_in)
                    for s in _from_file(path, student, root.resolve().name)
                ]
    return found


def _gradescope_time(details: object) -> HandedIn:
    """The submission's ``:created_at:``, in UTC (a time without a zone is taken as UTC)."""
    value = details.get(":created_at") if isinstance(details, dict) else None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return HandedIn()
    if not isinstance(value, datetime):
        return HandedIn()
    at = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return HandedIn(at.isoformat(), GRADESCOPE_TIME)


def _gradescope_student(details: object) -> str | None:
    submitters = details.get(":submitters") if isinstance(details, dict) else None
    names = []
    for submitter in submitters or []:
        if isinstance(submitter, dict):
            identity = submitter.get(":sid") or submitter.get(":email") or submitter.get(":name")
            if identity:
                names.append(str(identity))
    return "+".join(names) or None


def _from_file(path: Path, student: str, origin: str) -> list[Submission]:
    student = safe_file_stem(student)
    mark = _canvas_mark(path)
    if path.suffix == ".ipynb":
        return [Submission(student, path, origin, handed_in=mark)]
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                name
                for name in archive.namelist()
                if name.endswith(".ipynb") and not _skipped(Path(name))
            ]
    except (zipfile.BadZipFile, OSError) as error:
        # Kept as a submission, so the batch reports it instead of dropping it.
        problem = f"not a readable zip file: {error}"
        return [Submission(student, path, origin, problem=problem, handed_in=mark)]
    if not members:
        problem = "the zip holds no notebook"
        return [Submission(student, path, origin, problem=problem, handed_in=mark)]
    return [Submission(student, path, origin, member, handed_in=mark) for member in sorted(members)]


def _student_from_name(path: Path) -> str:
    canvas = CANVAS_NAME.match(path.name)
    return f"{canvas['login']}_{canvas['user']}" if canvas else path.stem


def _skipped(relative: Path) -> bool:
    return bool(SKIPPED_PARTS & set(relative.parts)) or any(
        part.startswith(".") for part in relative.parts
    )
