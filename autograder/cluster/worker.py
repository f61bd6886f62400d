"""Step 2 of a cluster run: one array task grades its chunk of the manifest.

Each task drives the grading pool of this machine (:mod:`autograder.execution.pool`,
the same sandbox and checks as ``densegrade grade``) with as many workers as Slurm gave
it CPUs, and writes each result atomically the moment it is known, so a task killed
half-way (time limit, memory, preemption, ``scancel``) keeps what it finished and leaves
the rest to grade. A result already there for the same file and grader is kept: a task
that overlaps another (a rerun while the first run still runs) grades nothing twice
that it can see, and never overwrites a result with its own.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

from autograder import reference
from autograder.bundle import grader_fingerprint
from autograder.cluster.manifest import Entry, Manifest
from autograder.execution.pool import PRIVATE_PREFIX, GradingPool, remove_abandoned_folders
from autograder.execution.quotas import threads_per_worker, whole_cpus
from autograder.gradescope.results import write_gradescope_results
from autograder.progress import Reporter, SilentReporter
from autograder.reference import ReferenceCheckFailed
from autograder.results import RESULTS_DIR, SubmissionResult, read_result, write_submission


def grade_chunk(
    manifest: Manifest, index: int, workers: int | None = None, reporter: Reporter | None = None
) -> list[SubmissionResult]:
    """Grade chunk ``index`` of the run; the results it wrote."""
    return grade_entries(manifest, manifest.chunk(index), workers, reporter)


def grade_entries(
    manifest: Manifest,
    entries: list[Entry],
    workers: int | None = None,
    reporter: Reporter | None = None,
) -> list[SubmissionResult]:
    """Grade ``entries`` not already graded by this grader into the run's folder."""
    out_dir = Path(manifest.out_dir)
    fingerprint = _same_grader(manifest)
    failed = reference.failed_check(manifest.needed, reference.load_all(out_dir), fingerprint)
    if failed:  # the references job gates the array; this holds for a task run by hand too
        raise ReferenceCheckFailed(f"{failed}: no student is graded by this run")
    tasks = [e.task() for e in entries if not _graded(out_dir, e.name, e.digest, fingerprint)]
    remove_abandoned_folders()
    written = []
    for result in _pool(manifest, workers).grade(tasks, reporter or SilentReporter()):
        if _write_first(result, out_dir, fingerprint):
            write_gradescope_results(result, out_dir)
            written.append(result)
    return written


def _write_first(result: SubmissionResult, out_dir: Path, fingerprint: str) -> bool:
    """Write ``result`` unless another task wrote a final one for this file first: where
    there is none yet, link(2) lets exactly one writer create it; an earlier run's stale
    or failed result is replaced. Whether this one was written."""
    target = out_dir / RESULTS_DIR / f"{result.submission}.json"
    staged = write_submission(result, out_dir, target.with_name(f".{target.name}.{os.getpid()}"))
    try:
        os.link(staged, target)
    except FileExistsError:
        if _graded(out_dir, result.submission, result.content_sha256, fingerprint):
            return False  # another task got there first: its result stands
        os.replace(staged, target)
        return True
    finally:
        staged.unlink(missing_ok=True)
    return True


def grade_references(manifest: Manifest, reporter: Reporter | None = None) -> str:
    """Grade the reference solution of every assignment the run grades (first, before any
    task grades a student); why they do not vouch for the grader, or "" if they do."""
    out_dir = Path(manifest.out_dir)
    fingerprint = _same_grader(manifest)
    needed = manifest.needed
    scratch = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-reference-"))
    try:
        checked = reference.Check(out_dir, fingerprint, False, scratch, needed)
        checked.grade(_pool(manifest, None), reporter or SilentReporter())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return reference.failed_check(manifest.needed, checked.references, manifest.grader)


def _pool(manifest: Manifest, workers: int | None) -> GradingPool:
    workers = workers or whole_cpus()  # Slurm's CPUs for this task (SLURM_CPUS_PER_TASK)
    limits = dataclasses.replace(manifest.sandbox_limits(), threads=threads_per_worker(workers))
    inputs = [Path(path) for path in manifest.inputs]
    return GradingPool(Path(manifest.out_dir), limits, workers, manifest.grader, inputs)


def _same_grader(manifest: Manifest) -> str:
    fingerprint = grader_fingerprint()
    if fingerprint != manifest.grader:
        raise ValueError(
            "the grader (its checks or thresholds) changed since this run was submitted: "
            "submit the run again, so that the whole class is graded by one grader"
        )
    return fingerprint


def _graded(out_dir: Path, name: str, digest: str, fingerprint: str) -> bool:
    """A final result of this file by this grader is already there."""
    result = read_result(out_dir / RESULTS_DIR / f"{name}.json")
    return (
        result is not None
        and result.final
        and (result.content_sha256, result.grader) == (digest, fingerprint)
    )
