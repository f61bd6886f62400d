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

from autograder.contracts.identity import grader_fingerprint
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import Currency, SubmissionResult, currency
from autograder.drivers import reference
from autograder.drivers.cluster.manifest import Entry, Manifest
from autograder.drivers.reference import ReferenceCheckFailed
from autograder.execution.events import Reporter, SilentReporter
from autograder.execution.pool import PRIVATE_PREFIX, GradingPool, remove_abandoned_folders
from autograder.execution.quotas import threads_per_worker, whole_cpus


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
    out = OutputFolder(Path(manifest.out_dir), gradebook=False)  # grades.csv: the collect job's
    fingerprint = _same_grader(manifest)
    failed = reference.failed_check(manifest.needed, out, fingerprint)
    if failed:  # the references job gates the array; this holds for a task run by hand too
        raise ReferenceCheckFailed(f"{failed}: no student is graded by this run")
    tasks = [
        entry.task()
        for entry in entries
        if currency(out.result(entry.name), entry.digest, fingerprint) is not Currency.CURRENT
    ]
    remove_abandoned_folders()
    written = []
    for result in _pool(manifest, out, workers).grade(tasks, reporter or SilentReporter()):
        if out.record(result, keep_current=True):
            written.append(result)
    return written


def grade_references(manifest: Manifest, reporter: Reporter | None = None) -> str:
    """Grade the reference solution of every assignment the run grades (first, before any
    task grades a student); why they do not vouch for the grader, or "" if they do."""
    out = OutputFolder(Path(manifest.out_dir), gradebook=False)
    fingerprint = _same_grader(manifest)
    scratch = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-reference-"))
    try:
        checked = reference.Check(out, fingerprint, False, scratch, manifest.needed)
        checked.grade(_pool(manifest, out, None), reporter or SilentReporter())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return reference.failed_check(manifest.needed, out, fingerprint)


def _pool(manifest: Manifest, out: OutputFolder, workers: int | None) -> GradingPool:
    workers = workers or whole_cpus()  # Slurm's CPUs for this task (SLURM_CPUS_PER_TASK)
    limits = dataclasses.replace(manifest.sandbox_limits(), threads=threads_per_worker(workers))
    inputs = [Path(path) for path in manifest.inputs]
    return GradingPool(out, limits, workers, manifest.grader, inputs)


def _same_grader(manifest: Manifest) -> str:
    fingerprint = grader_fingerprint()
    if fingerprint != manifest.grader:
        raise ValueError(
            "the grader (a module that can change a grade, a bundle or the thresholds) changed "
            "since this run was submitted: "
            "submit the run again, so that the whole class is graded by one grader"
        )
    return fingerprint
