"""Grade a batch: find the submissions, grade the references first, then the students.

The story of a batch, in :func:`grade_paths`: find and name the submissions
(:mod:`autograder.submissions`); keep what an earlier run of the same grader already
graded; grade each assignment's reference solution and stop if one lacks full marks
(:mod:`autograder.drivers.reference`); grade the rest in the pool of sandboxed supervisors
(:mod:`autograder.execution.pool`), writing every result as soon as it is known
(:mod:`autograder.contracts.results`); then write the pages (:mod:`autograder.reports`).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from autograder.contracts.assignments import ASSIGNMENTS, get_assignment
from autograder.contracts.identity import grader_fingerprint
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import SubmissionResult
from autograder.desk.gradebook import take_in
from autograder.drivers import reference
from autograder.drivers.resume import Pending, identical_files, pending_work, same_result
from autograder.execution.events import Reporter, SilentReporter
from autograder.execution.limits import Limits
from autograder.execution.pool import PRIVATE_PREFIX, GradingPool, remove_abandoned_folders
from autograder.execution.quotas import threads_per_worker, whole_cpus
from autograder.reports import write_reports


@dataclass(frozen=True)
class GradeOptions:
    """How a batch is graded. Every field is a CLI option of ``densegrade grade``."""

    workers: int = field(default_factory=whole_cpus)
    limits: Limits = field(default_factory=Limits)
    force: bool = False  # regrade submissions already graded with the same content
    reports: bool = True  # write the dashboard and feedback pages
    # grade the students even when a reference solution does not get full marks
    ignore_reference_failure: bool = False

    def with_threads(self) -> GradeOptions:
        """Size TensorFlow's thread pools so that the workers share the CPUs (the quota)."""
        threads = threads_per_worker(self.workers)
        return dataclasses.replace(self, limits=dataclasses.replace(self.limits, threads=threads))


def grade_paths(
    paths: Iterable[Path],
    out_dir: Path,
    options: GradeOptions | None = None,
    reporter: Reporter | None = None,
) -> list[SubmissionResult]:
    """Grade every submission under ``paths`` into ``out_dir``; returns one result each.

    Each assignment's reference solution is graded first; if one does not get full
    marks the batch stops before any student
    (:class:`~autograder.drivers.reference.ReferenceCheckFailed`), unless
    ``options.ignore_reference_failure``.
    """
    options = (options or GradeOptions()).with_threads()
    reporter = reporter or SilentReporter()
    paths = list(paths)
    out = OutputFolder(out_dir)
    out.root.mkdir(parents=True, exist_ok=True)
    remove_abandoned_folders()
    fingerprint = grader_fingerprint()
    work = pending_work(paths, out, fingerprint, options.force)
    out.keep(work.done.values())
    out.write_grades()  # the kept rows, even if this run is stopped before the first new one
    pending, assignments, needed = work.tasks, work.assignments, work.needed
    if options.reports:
        needed |= {result.assignment for result in work.done.values()}
    pool = GradingPool(out, options.limits, options.workers, fingerprint, paths)
    scratch = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-reference-"))
    try:
        checked = reference.Check(out, fingerprint, options.force, scratch, needed)
        reporter.start(len(work.done) + len(pending), len(work.done), len(checked.to_grade))
        for text in checked.notes():
            reporter.note(text)
        for result in work.done.values():
            reporter.finished(result, skipped=True)
        references = checked.grade(pool, reporter)
        if checked.failing and not options.ignore_reference_failure:
            out.record(*(checked.not_graded(t, assignments[t.name], fingerprint) for t in pending))
            reporter.summary(sorted(out.rows.values(), key=lambda result: result.submission))
            raise checked.failure()
        _grade_students(pool, out, work, [*references.values(), *work.done.values()], reporter)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results = sorted(out.rows.values(), key=lambda result: result.submission)
    if options.reports:
        write_reports(results, out, references)
    if problem := take_in(out.root, results):
        reporter.note(problem)
    reporter.summary(results)
    return results


def verify_references(
    out_dir: Path,
    assignments: Iterable[str] = (),
    options: GradeOptions | None = None,
    reporter: Reporter | None = None,
) -> dict[str, SubmissionResult]:
    """Grade each reference solution once (of ``assignments``, else of every assignment)
    exactly as a batch grades it first, into ``out_dir``; its result by assignment. A
    result without full marks names the checks its reference fails."""
    options = (options or GradeOptions()).with_threads()
    needed = set(assignments) or set(ASSIGNMENTS)
    for name in needed:
        get_assignment(name)  # an unknown name is refused before anything runs
    out = OutputFolder(out_dir)
    out.root.mkdir(parents=True, exist_ok=True)
    fingerprint = grader_fingerprint()
    pool = GradingPool(out, options.limits, options.workers, fingerprint, [])
    scratch = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-reference-"))
    try:
        checked = reference.Check(out, fingerprint, True, scratch, needed)
        return checked.grade(pool, reporter or SilentReporter())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _grade_students(
    pool: GradingPool,
    out: OutputFolder,
    work: Pending,
    earlier: list[SubmissionResult],
    reporter: Reporter,
) -> None:
    """Grade what is left, each byte-identical file once, recording every result."""
    graded = {(r.content_sha256, r.assignment): r for r in earlier if r.final}
    unique, copies = identical_files(work.tasks, work.assignments, set(graded))
    for result in pool.grade(unique, reporter):
        out.record(result)
        if result.final:
            graded.setdefault((result.content_sha256, result.assignment), result)
    for task in copies:  # after the file they share was graded
        same = graded.get((task.digest, work.assignments[task.name]))
        if same is None:  # graded as another assignment after all: grade it too
            for result in pool.grade([task], reporter):
                out.record(result)
            continue
        reporter.note(f"{task.name} is byte-identical to {same.submission}: same result")
        out.record(same_result(same, task, out))
        reporter.finished(out.rows[task.name])
