"""Grade a batch: find the submissions, grade the references first, then the students.

The story of a batch, in :func:`grade_paths`: find and name the submissions
(:mod:`autograder.submissions`); keep what an earlier run of the same grader already
graded; grade each assignment's reference solution and stop if one lacks full marks
(:mod:`autograder.reference`); grade the rest in the pool of sandboxed supervisors
(:mod:`autograder.execution.pool`), writing every result as soon as it is known
(:mod:`autograder.results`); then write the pages (:mod:`autograder.reports`).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from autograder import reference
from autograder.bundle import grader_fingerprint
from autograder.execution.pool import PRIVATE_PREFIX, GradingPool, remove_abandoned_folders
from autograder.execution.quotas import threads_per_worker, whole_cpus
from autograder.execution.sandbox import Limits
from autograder.gradescope.results import write_gradescope_results
from autograder.progress import Reporter, SilentReporter
from autograder.reports import write_reports
from autograder.results import SubmissionResult, write_grades_csv, write_submission
from autograder.resume import identical_files, pending_work, same_result


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
    marks the batch stops before any student (:class:`~autograder.reference.ReferenceCheckFailed`),
    unless ``options.ignore_reference_failure``.
    """
    options = (options or GradeOptions()).with_threads()
    reporter = reporter or SilentReporter()
    paths = list(paths)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_abandoned_folders()
    fingerprint = grader_fingerprint()
    work = pending_work(paths, out_dir, fingerprint, options.force)
    done, pending, assignments, needed = work.done, work.tasks, work.assignments, work.needed
    if options.reports:
        needed |= {result.assignment for result in done.values()}
    pool = GradingPool(out_dir, options.limits, options.workers, fingerprint, paths)
    scratch = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-reference-"))
    try:
        checked = reference.Check(out_dir, fingerprint, options.force, scratch, needed)
        reporter.start(len(done) + len(pending), len(done), references=len(checked.to_grade))
        for text in checked.notes():
            reporter.note(text)
        for result in done.values():
            reporter.finished(result, skipped=True)
        references = checked.grade(pool, reporter)
        if checked.failing and not options.ignore_reference_failure:
            for task in pending:
                _record(
                    checked.not_graded(task, assignments[task.name], fingerprint), done, out_dir
                )
            reporter.summary(sorted(done.values(), key=lambda result: result.submission))
            raise checked.failure()
        earlier = [*references.values(), *done.values()]
        graded = {(r.content_sha256, r.assignment): r for r in earlier if r.final}
        unique, copies = identical_files(pending, assignments, set(graded))
        try:
            for result in pool.grade(unique, reporter):
                _record(result, done, out_dir)
                if result.final:
                    graded.setdefault((result.content_sha256, result.assignment), result)
            for task in copies:  # after the file they share was graded
                same = graded.get((task.digest, assignments[task.name]))
                if same is None:  # graded as another assignment after all: grade it too
                    for result in pool.grade([task], reporter):
                        _record(result, done, out_dir)
                    continue
                reporter.note(f"{task.name} is byte-identical to {same.submission}: same result")
                _record(same_result(same, task, out_dir), done, out_dir)
                reporter.finished(done[task.name])
        finally:
            write_grades_csv(list(done.values()), out_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results = sorted(done.values(), key=lambda result: result.submission)
    if options.reports:
        write_reports(results, out_dir, references)
    reporter.summary(results)
    return results


def _record(result: SubmissionResult, done: dict[str, SubmissionResult], out_dir: Path) -> None:
    done[result.submission] = result
    write_submission(result, out_dir)
    write_gradescope_results(result, out_dir)
    write_grades_csv(list(done.values()), out_dir)
