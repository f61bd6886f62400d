"""A whole cluster run from the login node, as one function: plan it, check a compute
node, queue its jobs and, if asked, wait for its grades (:func:`grade_on_slurm`).

Each step's outcome is told to a callback as an event (what ``densegrade grade --backend
slurm`` prints, or writes as JSON lines); the function returns what happened.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from autograder.contracts.output.folder import OutputFolder
from autograder.drivers.cluster import run as run_api
from autograder.drivers.cluster.doctor import NodeReport
from autograder.drivers.cluster.manifest import Manifest, RunFolder
from autograder.drivers.cluster.slurm import SlurmOptions
from autograder.drivers.cluster.status import CollectStatus
from autograder.execution.limits import Limits


@dataclass(frozen=True)
class RunPlanned:
    """The run's folder and manifest are written; nothing is queued yet."""

    name: ClassVar[str] = "planned"

    run_dir: Path
    submissions: int
    to_grade: int
    chunks: int
    chunk_size: int
    references_needed: bool  # False: this grader's reference results are kept


@dataclass(frozen=True)
class ScriptsWritten:
    """A dry run ended: the batch scripts are written, nothing was queued."""

    name: ClassVar[str] = "dry_run"

    scripts: dict[str, Path]


@dataclass(frozen=True)
class NodesChecked:
    """The doctor job's report on a compute node, which may grade the run."""

    name: ClassVar[str] = "nodes_checked"

    report: NodeReport


@dataclass(frozen=True)
class JobsQueued:
    """The run's jobs by kind (``references``, ``array``, ``collect``), as queued."""

    name: ClassVar[str] = "queued"

    jobs: dict[str, str]
    grades_csv: Path  # written when the collect job ends
    logs: Path


@dataclass(frozen=True)
class CollectEnded:
    """The collect job ended (only when waited for): its exit status and counts."""

    name: ClassVar[str] = "collected"

    job: str
    status: CollectStatus


SlurmEvent = RunPlanned | ScriptsWritten | NodesChecked | JobsQueued | CollectEnded


@dataclass(frozen=True)
class SlurmResult:
    """What :func:`grade_on_slurm` did."""

    run_dir: Path
    manifest: Manifest
    scripts: dict[str, Path]  # kind -> batch script
    jobs: dict[str, str] = field(default_factory=dict)  # kind -> job id; empty on a dry run
    node: NodeReport | None = None  # the doctor's report; None on a dry run
    status: CollectStatus | None = None  # how the collect job ended, when waited for

    @property
    def queued(self) -> bool:
        return bool(self.jobs)


def grade_on_slurm(
    paths: Iterable[Path],
    out_dir: Path,
    limits: Limits,
    options: SlurmOptions,
    force: bool = False,
    dry_run: bool = False,
    wait: bool = False,
    allow_weak_isolation: bool = False,
    on_event: Callable[[SlurmEvent], None] | None = None,
) -> SlurmResult:
    """Grade every submission under ``paths`` into ``out_dir`` on Slurm.

    Plans the run and writes its folder; on a ``dry_run`` stops there. Otherwise checks a
    compute node (:class:`~autograder.drivers.cluster.run.RunRefused` if it may not grade the
    run), queues the jobs and, with ``wait``, blocks until the collect job has ended.
    Raises :class:`~autograder.drivers.cluster.slurm.SlurmError` when Slurm fails a command and
    ``ValueError`` for options the run cannot honour.
    """
    if dry_run and wait:
        raise ValueError("a dry run queues nothing to wait for: drop --wait or --dry-run")
    tell = on_event or _ignore
    run = run_api.prepare_run(list(paths), out_dir, limits, options, force)
    tell(_planned(run))
    scripts = dict(run.scripts)
    if dry_run:
        tell(ScriptsWritten(scripts))
        return SlurmResult(run.run_dir, run.manifest, scripts)
    node = run_api.check_nodes(run, options, allow_weak_isolation)
    tell(NodesChecked(node))
    jobs = run_api.queue(run)
    tell(JobsQueued(dict(jobs), OutputFolder(out_dir).grades_csv, RunFolder(run.run_dir).logs))
    status = None
    if wait:
        status = run_api.wait(run)
        tell(CollectEnded(jobs["collect"], status))
    return SlurmResult(run.run_dir, run.manifest, scripts, dict(jobs), node, status)


def payload(event: SlurmEvent) -> dict:
    """The event as one JSON object: its name and fields, a record's fields spread out
    (``{"event": "collected", "job": "3", "exit_status": 0, "counts": {...}, ...}``)."""
    found: dict = {"event": event.name}
    for each in dataclasses.fields(event):
        value = getattr(event, each.name)
        found.update(dataclasses.asdict(value) if _is_record(value) else {each.name: value})
    return json.loads(json.dumps(found, default=str))  # paths as strings


def _planned(run: run_api.Run) -> RunPlanned:
    manifest = run.manifest
    return RunPlanned(
        run.run_dir,
        len(manifest.entries),
        len(manifest.to_grade),
        manifest.chunks,
        manifest.chunk_size,
        run.references_needed,
    )


def _is_record(value: object) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _ignore(event: SlurmEvent) -> None:
    """No one listens."""
