"""The manifest: what one cluster run grades, written by the submitting process and read
by every task of the job array (the file format between them, declared once here).

``OUT/cluster/<run>/manifest.json`` lists every submission of the batch in a fixed
order, with what a task needs to grade it without looking for it again: its name
(unique in the batch), its file, its digest and its likely assignment. Entries already
graded by an earlier run are listed too (``graded``), so the collect job can write the
whole class's grades; ``same_as`` names the entry whose byte-identical file is graded
for it. Tasks grade the chunks of the entries to grade: chunk ``k`` is
``to_grade[k * chunk_size:(k + 1) * chunk_size]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from autograder.contracts import typed_files
from autograder.contracts.results import HandedIn
from autograder.contracts.typed_files import FileFormatError
from autograder.execution.limits import Limits
from autograder.submissions import Submission, Task

MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class RunFolder:
    """One cluster run's folder (``OUT/cluster/<run>/``), declared once: every file in it.

    ::

        manifest.json         what the run grades (:class:`Manifest`)
        <kind>.sbatch         the batch scripts: doctor, references, array, collect
        doctor.json           the doctor job's report on a compute node
        jobs.json             the jobs queued, by kind
        collect-status.json   how the collect job ended (read by ``--wait``)
        logs/                 every job's log
    """

    path: Path

    @property
    def manifest(self) -> Path:
        return self.path / MANIFEST_FILE

    @property
    def doctor_report(self) -> Path:
        return self.path / "doctor.json"

    @property
    def jobs(self) -> Path:
        return self.path / "jobs.json"

    @property
    def collect_status(self) -> Path:
        return self.path / "collect-status.json"

    @property
    def logs(self) -> Path:
        return self.path / "logs"

    def script(self, kind: str) -> Path:
        return self.path / f"{kind}.sbatch"

    def log(self, job: str) -> Path:
        """A job's log: ``job`` is its name with Slurm's patterns (``collect-%j``)."""
        return self.logs / f"{job}.log"


@dataclass(frozen=True)
class Entry:
    """One submission of the batch."""

    name: str
    student: str
    path: str  # the file: a notebook, or the zip that holds it
    origin: str
    member: str | None  # the notebook inside the zip
    problem: str | None  # why it cannot be graded, found while looking for it
    digest: str
    assignment: str | None
    handed_in: HandedIn = HandedIn()  # when it was handed in, as the download said
    graded: bool = False  # an earlier run's result is kept
    same_as: str | None = None  # graded as this entry's byte-identical file

    @classmethod
    def of(cls, task: Task, assignment: str | None, **flags) -> Entry:
        s = task.submission
        fields = dict(student=s.student, path=str(s.path), origin=s.origin, member=s.member)
        fields["handed_in"] = s.handed_in
        return cls(
            task.name,
            **fields,
            problem=s.problem,
            digest=task.digest,
            assignment=assignment,
            **flags,
        )

    def task(self) -> Task:
        submission = Submission(
            self.student, Path(self.path), self.origin, self.member, self.problem, self.handed_in
        )
        return Task(submission, self.name, self.digest)


@dataclass(frozen=True)
class Manifest:
    """One run: where results go, what grades them, and the entries."""

    FORMAT: ClassVar[str] = "densegrade.manifest"
    VERSION: ClassVar[int] = 3  # 2: no handed_in; 1: the version was a field of its own

    out_dir: str
    inputs: list[str]  # the folders and files the submissions were found under (hidden)
    grader: str  # the fingerprint every result of this run must carry
    limits: dict  # Limits of each submission's sandbox
    chunk_size: int
    entries: list[Entry] = field(default_factory=list)

    @property
    def to_grade(self) -> list[Entry]:
        return [e for e in self.entries if not e.graded and e.same_as is None]

    @property
    def needed(self) -> set[str | None]:
        """The assignments whose reference must vouch for the grader before any task grades."""
        return {entry.assignment for entry in self.to_grade}

    @property
    def chunks(self) -> int:
        return -(-len(self.to_grade) // self.chunk_size) if self.to_grade else 0

    def chunk(self, index: int) -> list[Entry]:
        if not 0 <= index < self.chunks:
            raise ValueError(f"chunk {index} is not in this run (chunks 0 to {self.chunks - 1})")
        return self.to_grade[index * self.chunk_size : (index + 1) * self.chunk_size]

    def sandbox_limits(self) -> Limits:
        return Limits(**self.limits)

    def write(self, path: Path) -> Path:
        return typed_files.write(path, self, indent=1)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The run's manifest; a :class:`FileFormatError` (a ValueError) that tells the user
        what to do when it is damaged or another version of densegrade wrote it."""
        try:
            return typed_files.read(cls, path)
        except FileFormatError as error:
            raise FileFormatError(
                f"cannot read the run's manifest ({error}): it is damaged or was written by "
                "another version of densegrade; submit the run again"
            ) from error


def run_manifest(run_dir: Path) -> Manifest:
    """The manifest of the run in ``run_dir`` (``ValueError`` when it cannot be read)."""
    return Manifest.read(RunFolder(run_dir).manifest)
