"""What an earlier run already graded, and what is left: the same rules for a batch on
this machine (:mod:`autograder.drivers.grade`) and a run on a cluster
(:mod:`autograder.drivers.cluster`).

A result is kept while its file and the grader are unchanged and the grader did not
fail on it; a byte-identical file of the same assignment is graded once (grading is
deterministic) and its copies are given that result under their own names.
"""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import dataclass
from pathlib import Path

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import Currency, SubmissionResult, currency
from autograder.submissions import Task, find_submissions, inspect_submission, submission_names


@dataclass
class Pending:
    """A batch split by what is left to grade."""

    every: list[Task]  # every submission of the batch, in the order found
    done: dict[str, SubmissionResult]  # kept from an earlier run, by submission name
    tasks: list[Task]  # left to grade, in the order found
    assignments: dict[str, str | None]  # each submission's likely assignment

    @property
    def needed(self) -> set[str | None]:
        """The assignments whose reference must be graded before these tasks."""
        return {self.assignments[task.name] for task in self.tasks}


def pending_work(paths: list[Path], out: OutputFolder, fingerprint: str, force: bool) -> Pending:
    """Results an earlier run of this grader kept for unchanged files, the tasks left,
    and each submission's likely assignment (whose reference must be graded first)."""
    submissions = find_submissions(paths)
    names = submission_names(submissions)
    previous = {} if force else out.previous(fingerprint)
    pending = Pending([], {}, [], {})
    for submission in submissions:
        name = names[submission]
        digest, pending.assignments[name] = inspect_submission(submission)
        task = Task(submission, name, digest)
        pending.every.append(task)
        earlier = previous.get(name)
        if currency(earlier, digest, fingerprint) is Currency.CURRENT:
            pending.done[name] = earlier
        else:
            pending.tasks.append(task)
    return pending


def identical_files(
    pending: list[Task], assignments: dict[str, str | None], seen: set[tuple]
) -> tuple[list[Task], list[Task]]:
    """The tasks to grade, and those whose file is byte-identical to one graded before them
    (a reference, an earlier run's, or a task graded first) as the same assignment:
    grading is deterministic (a regrade gives the same result), so each is graded once."""
    unique: list[Task] = []
    copies: list[Task] = []
    for task in pending:
        key = (task.digest, assignments[task.name])
        if task.digest and key in seen:
            copies.append(task)
        else:
            unique.append(task)
            seen.add(key)
    return unique, copies


def same_result(result: SubmissionResult, task: Task, out: OutputFolder) -> SubmissionResult:
    """``result`` under ``task``'s name, with copies of the executed notebook and log."""
    log = out.log_file(result.submission)
    if log.is_file():
        shutil.copyfile(log, out.log_file(task.name))
    notebook = ""
    if result.notebook and (out.root / result.notebook).is_file():
        copy = out.notebook_file(task.name)
        shutil.copyfile(out.root / result.notebook, copy)
        notebook = out.relative(copy)
    return dataclasses.replace(
        result,
        submission=task.name,
        student=task.submission.student,
        path=task.submission.label,
        handed_in=task.submission.handed_in,
        notebook=notebook,
        seconds=0.0,
    )
