"""The grading pool: up to ``workers`` supervisors at once, each grading one submission.

Each submission gets a supervisor process of its own
(:mod:`autograder.execution.supervisor`), started in a fresh private folder and,
where the system allows, a PID namespace. The pool writes each supervisor's log and
the executed notebook kept for TAs into its output folder
(:class:`~autograder.contracts.output.folder.OutputFolder`) and turns each verdict into a
:class:`~autograder.contracts.results.SubmissionResult`.
It knows nothing of batches, references, progress bars or pages: a batch
(:mod:`autograder.drivers.grade`), a Gradescope runner or a cluster task each drive it.
"""

from __future__ import annotations

import dataclasses
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from autograder import data
from autograder.contracts import typed_files
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import SubmissionResult
from autograder.contracts.statuses import Status
from autograder.contracts.typed_files import write_atomically
from autograder.execution import isolation, processes, sandbox
from autograder.execution.events import Reporter, SilentReporter
from autograder.execution.jobs import Job, JobFolder
from autograder.execution.limits import Limits
from autograder.judging.verdicts import Verdict, fill_invalid, fill_result
from autograder.submissions import (
    InvalidSubmission,
    Submission,
    Task,
    assignment_of,
    inspect_submission,
    is_reference,
    read_notebook,
    submission_names,
)
from autograder.submissions.free_response import read_answers

PRIVATE_PREFIX = "densegrade-"  # + the grader's pid: folders of a killed run are found later


class GradingPool:
    """Supervisors for many submissions, and what every submission's sandbox needs."""

    def __init__(
        self,
        out: OutputFolder,
        limits: Limits,
        workers: int = 1,
        fingerprint: str = "",
        inputs: list[Path] | None = None,
    ) -> None:
        self.out, self.limits, self.workers = out, limits, max(1, workers)
        self.fingerprint = fingerprint  # recorded in each result: a rerun regrades on change
        self.level = isolation.isolation_level()
        self.new_root = self.level in (isolation.FULL, isolation.ROOTLESS)
        # a user of its own for each kernel (root only): inside the new root, or (without
        # namespaces) where that user can run the kernel at all
        self.own_user = self.level in (isolation.FULL, isolation.OWN_USER)
        self.users = isolation.SandboxUsers(self.workers) if self.own_user else None
        self.environment = _supervisor_environment(self.new_root, limits)
        self.hide = sandbox.hidden_paths(outputs=[out.root], inputs=inputs or [])
        if self.level == isolation.OWN_USER:  # no mounts to cover them with
            isolation.protect(self.hide)
        self.slots: queue.Queue[int] = queue.Queue()
        for slot in range(self.workers):
            self.slots.put(slot)
        self.running: dict[int, subprocess.Popen] = {}
        self.lock = threading.Lock()

    def grade(
        self, tasks: list[Task], reporter: Reporter | None = None
    ) -> Iterator[SubmissionResult]:
        """Yield results in the order they finish; on interruption, stop every sandbox."""
        reporter = reporter or SilentReporter()
        if not tasks:
            return
        with ThreadPoolExecutor(max_workers=self.workers) as threads:
            futures: set[Future] = set()
            try:
                for task in tasks:
                    futures.add(threads.submit(self.grade_one, task, reporter))
                while futures:
                    finished, futures = wait(futures, return_when=FIRST_COMPLETED)
                    for future in finished:
                        result = future.result()
                        reporter.finished(result)
                        yield result
            finally:
                for future in futures:
                    future.cancel()
                self.stop_all()

    def stop_all(self) -> None:
        with self.lock:
            for process in self.running.values():
                processes.kill_group(process)

    def grade_one(self, task: Task, reporter: Reporter) -> SubmissionResult:
        slot = self.slots.get()
        try:
            reporter.started(task.submission, task.name)
            return self._grade(task, slot)
        finally:
            reporter.stopped(task.name)
            self.slots.put(slot)

    def _grade(self, task: Task, slot: int) -> SubmissionResult:
        started, submission = time.monotonic(), task.submission
        result = SubmissionResult(
            submission=task.name,
            student=submission.student,
            path=submission.label,
            handed_in=submission.handed_in,
            assignment=None,
            status=Status.OK,
            content_sha256=task.digest,
            grader=self.fingerprint,
        )
        try:
            notebook_bytes = submission.read_bytes()
            notebook = read_notebook(notebook_bytes)
            result.assignment = assignment_of(notebook, submission.file_name)
            result.answers = read_answers(notebook, result.assignment)
        except Exception as error:  # not a notebook (a zip that lies about its content, say)
            said = isinstance(error, InvalidSubmission)  # it says why, in words
            reason = str(error) if said else f"cannot be read: {error}"
            return fill_invalid(result, submission.file_name, reason)
        try:
            verdict = self.run_supervisor(notebook_bytes, result.assignment, task.name, slot)
        except Exception as error:  # the grader's own failure costs this submission only
            result.status, result.score = Status.GRADER_ERROR, None
            result.reason = f"grading failed: {type(error).__name__}: {error}"
        else:
            fill_result(result, verdict)
        result.seconds = round(time.monotonic() - started, 1)
        return result

    def run_supervisor(
        self, notebook_bytes: bytes, assignment: str, name: str, slot: int
    ) -> Verdict:
        folder = JobFolder(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-"))
        try:
            job = self._job(folder, notebook_bytes, assignment, slot)
            returncode = self._supervise(typed_files.write(folder.job, job), name, slot)
            if returncode is None:
                return Verdict(status=Status.TIMEOUT, reason=_backstop_reason(self.limits))
            if not folder.verdict.is_file():
                raise RuntimeError(
                    f"the supervisor stopped (exit {returncode}): see {self.out.log_file(name)}"
                )
            verdict = typed_files.read(Verdict, folder.verdict)
            kept = self._keep_notebook(folder.executed, name)
            return dataclasses.replace(verdict, notebook_file=kept)
        finally:
            shutil.rmtree(folder.path, ignore_errors=True)

    def _job(self, folder: JobFolder, notebook_bytes: bytes, assignment: str, slot: int) -> Job:
        folder.workdir.mkdir()
        uid = self.users.uids[slot] if self.users else None
        if uid is not None:
            os.chown(folder.workdir, uid, uid)
            Path(folder.path).chmod(0o711)  # its user reaches the working folder, lists nothing
        folder.submission.write_bytes(notebook_bytes)
        data.place_own_dataset(assignment, folder.workdir, uid)
        return Job(
            folder=folder,
            assignment=assignment,
            limits=self.limits,
            uid=uid,
            hide=tuple(self.hide) if self.new_root else (),
            keep=tuple(sandbox.needed_paths()) if self.new_root else (),
        )

    def _keep_notebook(self, executed: Path, name: str) -> str:
        """The executed notebook, for TAs (never for references: it holds the solution)."""
        target = self.out.notebook_file(name)
        if executed.is_file() and not is_reference(name):
            write_atomically(target, executed.read_text(encoding="utf-8"))
            return self.out.relative(target)
        target.unlink(missing_ok=True)  # an older run's copy would not match this result
        return ""

    def _supervise(self, job_file: Path, name: str, slot: int) -> int | None:
        """Run the supervisor; None when it had to be killed at the time limit."""
        command = [*processes.die_with_parent(), *sandbox.supervisor_prefix()]
        command += [sys.executable, "-m", "autograder.execution.supervisor", str(job_file)]
        log = self.out.log_file(name)
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as stream:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=stream,
                stderr=stream,
                env=self.environment,
                start_new_session=True,
            )
            with self.lock:
                self.running[slot] = process
            try:
                return process.wait(timeout=self.limits.timeout + self.limits.check_seconds)
            except subprocess.TimeoutExpired:
                processes.kill_group(process)
                process.wait()
                return None
            finally:
                with self.lock:
                    self.running.pop(slot, None)


def grade_submissions(
    submissions: list[Submission],
    out: OutputFolder,
    limits: Limits,
    fingerprint: str,
    workers: int = 1,
    hidden: list[Path] | None = None,
) -> list[SubmissionResult]:
    """Grade an explicit list of submissions into ``out``, recording each as it finishes
    (with ``logs/`` and ``notebooks/``). No references, progress or pages: the entry point
    for a Gradescope runner. ``hidden``: folders the kernels must not see besides the
    bundles and the output folder."""
    names = submission_names(submissions)
    tasks = [Task(s, names[s], inspect_submission(s)[0]) for s in submissions]
    out.root.mkdir(parents=True, exist_ok=True)  # before the pool: it hides what exists
    pool = GradingPool(out, limits, workers, fingerprint, hidden or [])
    results = [result for result in pool.grade(tasks) if out.record(result)]
    return sorted(results, key=lambda result: result.submission)


def _supervisor_environment(new_root: bool, limits: Limits) -> dict[str, str]:
    """The supervisors' environment: this one, with TensorFlow's threads sized for the
    workers, and where sandboxed kernels (no network) find data sets fetched once, here."""
    environment = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    environment["TF_NUM_INTRAOP_THREADS"] = str(limits.threads)
    if new_root and data.configured_data_dir() is None:
        folder = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        downloads = data.prefetch_downloads(folder / "densegrade" / "downloads")
        environment[data.DOWNLOADS_ENV] = str(downloads)
    return environment


def remove_abandoned_folders() -> None:
    """Private folders left by a grader that was killed (SIGKILL leaves no time to clean)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{PRIVATE_PREFIX}*-*"):
        owner = folder.name.removeprefix(PRIVATE_PREFIX).split("-")[0]
        if owner.isdigit() and not processes.alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _backstop_reason(limits: Limits) -> str:
    total = limits.timeout + limits.check_seconds
    return f"grading took longer than {total:g} s (notebook limit plus the checks) and was stopped"
