"""Grade submissions: find them, tell their assignment, run and judge them, record results.

Each submission gets a supervisor process of its own
(:mod:`autograder.execution.supervisor`), started in a fresh private folder
and, where the system allows, a PID namespace: the notebook runs in a
sandboxed Jupyter kernel (no Docker) under a wall-clock and memory limit, and
the bundle's checks then judge what it exported in the supervisor, which never
ran student code. Up to ``workers`` supervisors run at once; every result is
written as soon as it is known, and a rerun skips what is already graded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import __version__, data, reference, statuses
from autograder.assignments import ASSIGNMENTS, get_assignment
from autograder.execution import sandbox
from autograder.execution.sandbox import Limits
from autograder.execution.supervisor import EXECUTED_NOTEBOOK, Job
from autograder.free_response import read_answers
from autograder.gradescope import write_gradescope_results
from autograder.progress import Reporter, SilentReporter
from autograder.reports import write_reports
from autograder.results import (
    SubmissionResult,
    check_result,
    load_previous,
    safe_file_stem,
    score_text,
    write_atomically,
    write_grades_csv,
    write_submission,
)
from autograder.submissions import Submission, find_submissions

CHECK_BUDGET = 600  # seconds the checks may take after the notebook's own time limit
PRIVATE_PREFIX = "densegrade-"  # + the grader's pid: folders of a killed run are found later
NOTEBOOKS_DIR = "notebooks"  # DIR/notebooks/<submission>.ipynb: executed, for TAs


@dataclass(frozen=True)
class GradeOptions:
    """How a batch is graded. Every field is a CLI option of ``densegrade grade``."""

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    limits: Limits = field(default_factory=Limits)
    force: bool = False  # regrade submissions already graded with the same content
    reports: bool = True  # write the dashboard and feedback pages
    # grade the students even when a reference solution does not get full marks
    ignore_reference_failure: bool = False

    def with_threads(self) -> GradeOptions:
        """Size TensorFlow's thread pools so that the workers share the cores."""
        threads = max(1, (os.cpu_count() or 1) // max(1, self.workers))
        return dataclasses.replace(self, limits=dataclasses.replace(self.limits, threads=threads))


def submission_names(submissions: list[Submission]) -> dict[Submission, str]:
    """Unique names for result files: the student, then the notebook, then the input path."""
    names = {s: s.student for s in submissions}
    qualifiers = (
        lambda s: _with_notebook_name(s.student, Path(s.file_name).stem),
        lambda s: f"{s.origin}-{names[s]}",
        lambda s: f"{s.origin}-{s.student}-{Path(s.label).stem}",
    )
    for qualify in qualifiers:
        counts = Counter(names.values())
        clashing = [s for s in submissions if counts[names[s]] > 1]
        if not clashing:
            break
        for submission in clashing:
            names[submission] = safe_file_stem(qualify(submission))
    return names


def _with_notebook_name(student: str, stem: str) -> str:
    return student if stem == student else f"{student}-{stem}"


def identify_assignment(notebook: nbformat.NotebookNode, file_name: str) -> str | None:
    """From otter's notebook metadata, falling back to the file name."""
    declared = notebook.get("metadata", {}).get("otter", {}).get("assignment_name")
    if declared in ASSIGNMENTS:
        return declared
    return _assignment_in_name(file_name)


def _assignment_in_name(file_name: str) -> str | None:
    matches = [name for name in ASSIGNMENTS if name in Path(file_name).stem]
    return matches[0] if len(matches) == 1 else None


def grader_fingerprint() -> str:
    """Changes whenever anything that decides a grade changes: a rerun then regrades."""
    digest = hashlib.sha256(__version__.encode())
    for name in sorted(ASSIGNMENTS):
        bundle = get_assignment(name).bundle_dir
        for path in sorted(bundle.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(bundle).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update((Path(__file__).parent / "thresholds.toml").read_bytes())
    return digest.hexdigest()[:16]


class ReferenceCheckFailed(RuntimeError):
    """A reference solution did not get full marks: the grader or its environment is wrong,
    so no student was graded (their rows say "not graded")."""


def grade_paths(
    paths: Iterable[Path],
    out_dir: Path,
    options: GradeOptions | None = None,
    reporter: Reporter | None = None,
) -> list[SubmissionResult]:
    """Grade every submission under ``paths`` into ``out_dir``; returns one result each.

    Each assignment's reference solution is graded first; if one does not get full
    marks the batch stops before any student (:class:`ReferenceCheckFailed`), unless
    ``options.ignore_reference_failure``.
    """
    options = (options or GradeOptions()).with_threads()
    reporter = reporter or SilentReporter()
    paths = list(paths)
    submissions = find_submissions(paths)
    names = submission_names(submissions)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_abandoned_folders()
    fingerprint = grader_fingerprint()
    previous = {} if options.force else load_previous(out_dir, fingerprint)
    done: dict[str, SubmissionResult] = {}
    pending: list[tuple[Submission, str, str]] = []
    assignments: dict[str, str | None] = {}  # by submission name, for the references needed
    for submission in submissions:
        name = names[submission]
        digest, assignments[name] = _inspect(submission)
        earlier = previous.get(name)
        if earlier is not None and earlier.content_sha256 == digest and _final(earlier):
            done[name] = earlier
        else:
            pending.append((submission, name, digest))
    needed = {assignments[name] for _, name, _ in pending}
    if options.reports:
        needed |= {result.assignment for result in done.values()}
    scratch = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-reference-"))
    try:
        references, to_grade, unverified = _references(
            options, out_dir, needed, fingerprint, scratch
        )
        reporter.start(total=len(submissions), skipped=len(done), references=len(to_grade))
        for assignment in unverified:
            reporter.note(
                f"No reference solution for {assignment} (solutions/ is not beside the "
                "package): the grader is not checked on it before grading."
            )
        for result in done.values():
            reporter.finished(result, skipped=True)
        context = BatchContext(options, out_dir, paths, fingerprint)
        for result in context.run(to_grade, reporter):
            references[result.assignment] = result
            reference.save(result, out_dir)
        failing = [r for r in references.values() if not reference.full_marks(r)]
        if failing and not options.ignore_reference_failure:
            causes = _reference_causes(failing)
            for submission, name, digest in pending:
                done[name] = _not_graded(submission, name, assignments[name], causes)
                done[name].content_sha256, done[name].grader = digest, fingerprint
                write_submission(done[name], out_dir)
                write_gradescope_results(done[name], out_dir)
            write_grades_csv(list(done.values()), out_dir)
            reporter.summary(sorted(done.values(), key=lambda result: result.submission))
            raise ReferenceCheckFailed(
                f"{causes}. So the grader or its environment (data sets, limits, installed "
                "packages) is at fault, and no student was graded. See reference/ and logs/ "
                "in the output folder, fix the cause and run again, or pass "
                "--ignore-reference-failure."
            )
        try:
            for result in context.run(pending, reporter):
                done[result.submission] = result
                _record(result, done, out_dir)
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
    write_submission(result, out_dir)
    write_gradescope_results(result, out_dir)
    write_grades_csv(list(done.values()), out_dir)


def _reference_causes(failing: list[SubmissionResult]) -> str:
    """What each failing reference got, in one sentence."""

    def verdict(result: SubmissionResult) -> str:
        if result.score is None:
            return f"was not graded ({result.reason})"
        return f"scored {score_text(result)} ({result.status}; {result.reason or 'no reason'})"

    return "; ".join(f"the reference solution of {r.assignment} {verdict(r)}" for r in failing)


def _not_graded(
    submission: Submission, name: str, assignment: str | None, causes: str
) -> SubmissionResult:
    return SubmissionResult(
        submission=name,
        student=submission.student,
        path=submission.label,
        assignment=assignment,
        status=statuses.GRADER_ERROR,
        reason="not graded: a reference solution did not get full marks, so the grader "
        f"was not trusted with this batch ({causes})",
        score=None,
        max_score=get_assignment(assignment).autograded_points() if assignment else 0.0,
    )


def _references(
    options: GradeOptions,
    out_dir: Path,
    assignments: set[str | None],
    fingerprint: str,
    scratch: Path,
) -> tuple[dict[str, SubmissionResult], list[tuple[Submission, str, str]], list[str]]:
    """The references already graded by this grader with full marks, those still to grade,
    and the assignments that have no reference here."""
    graded = {} if options.force else reference.load_all(out_dir)
    kept, to_grade, unverified = {}, [], []
    for assignment in sorted(assignments & set(ASSIGNMENTS)):
        submission = reference.reference_submission(assignment, scratch)
        if submission is None:
            unverified.append(assignment)
            continue
        digest, _ = _inspect(submission)
        earlier = graded.get(assignment)
        unchanged = earlier and earlier.grader == fingerprint and earlier.content_sha256 == digest
        if unchanged and reference.full_marks(earlier):
            kept[assignment] = earlier
        else:
            to_grade.append((submission, reference.result_name(assignment), digest))
    return kept, to_grade, unverified


def remove_abandoned_folders() -> None:
    """Private folders left by a grader that was killed (SIGKILL leaves no time to clean)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{PRIVATE_PREFIX}*-*"):
        owner = folder.name.removeprefix(PRIVATE_PREFIX).split("-")[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _final(result: SubmissionResult) -> bool:
    """A result worth keeping: anything but the grader's own failure."""
    return result.status != statuses.GRADER_ERROR


def _inspect(submission: Submission) -> tuple[str, str | None]:
    """The file's sha256 (for resume) and its likely assignment (whose reference must be
    graded first), from the file name or else the notebook's metadata."""
    try:
        content = submission.read_bytes()
    except Exception:  # unreadable: graded (as invalid) every time
        return "", None
    assignment = _assignment_in_name(submission.file_name)
    if assignment is None:
        try:
            assignment = identify_assignment(nbformat.reads(content.decode(), as_version=4), "")
        except Exception:  # not a notebook: it will be reported as invalid
            assignment = None
    return hashlib.sha256(content).hexdigest(), assignment


class BatchContext:
    """The pool of workers, and what every submission's sandbox needs to know."""

    def __init__(self, options: GradeOptions, out_dir: Path, inputs: list[Path], fingerprint: str):
        self.options = options
        self.out_dir = out_dir
        self.fingerprint = fingerprint
        self.full_isolation = sandbox.namespaces_available()
        if self.full_isolation and data.configured_data_dir() is None:
            # Sandboxed kernels have no network: fetch the data sets once, here.
            folder = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
            downloads = data.prefetch_downloads(folder / "densegrade" / "downloads")
            os.environ[data.DOWNLOADS_ENV] = str(downloads)
        self.hide = sandbox.hidden_paths(outputs=[out_dir], inputs=inputs)
        self.slots: queue.Queue[int] = queue.Queue()
        for slot in range(options.workers):
            self.slots.put(slot)
        self.running: dict[int, subprocess.Popen] = {}
        self.lock = threading.Lock()

    def run(self, pending: list[tuple[Submission, str, str]], reporter: Reporter):
        """Yield results in the order they finish; on interruption, stop every sandbox."""
        if not pending:
            return
        with ThreadPoolExecutor(max_workers=self.options.workers) as pool:
            futures: set[Future] = set()
            try:
                for submission, name, digest in pending:
                    futures.add(pool.submit(self.grade_one, submission, name, digest, reporter))
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
                _kill_group(process)

    def grade_one(
        self, submission: Submission, name: str, digest: str, reporter: Reporter
    ) -> SubmissionResult:
        slot = self.slots.get()
        try:
            reporter.started(submission, name)
            return self._grade(submission, name, digest, slot)
        finally:
            reporter.stopped(name)
            self.slots.put(slot)

    def _grade(self, submission: Submission, name: str, digest: str, slot: int) -> SubmissionResult:
        started = time.monotonic()
        result = SubmissionResult(
            submission=name,
            student=submission.student,
            path=submission.label,
            assignment=None,
            status="ok",
            content_sha256=digest,
            grader=self.fingerprint,
        )
        try:
            notebook_bytes = submission.read_bytes()
            notebook = read_notebook(notebook_bytes)
            result.assignment = assignment_of(notebook, submission.file_name)
            result.answers = read_answers(notebook, result.assignment)
        except InvalidSubmission as problem:
            result.status, result.reason = "invalid", str(problem)
            return result
        except Exception as error:  # a zip that lies about its content, say
            result.status, result.reason = "invalid", f"cannot be read: {error}"
            return result
        try:
            verdict = self.run_supervisor(notebook_bytes, result.assignment, name, slot)
        except Exception as error:  # the grader's own failure costs this submission only
            result.status, result.score = statuses.GRADER_ERROR, None
            result.reason = f"grading failed: {type(error).__name__}: {error}"
        else:
            fill_from_verdict(result, verdict)
        result.seconds = round(time.monotonic() - started, 1)
        return result

    def run_supervisor(self, notebook_bytes: bytes, assignment: str, name: str, slot: int) -> dict:
        limits = self.options.limits
        private = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-"))
        try:
            workdir = private / "work"
            workdir.mkdir()
            uid = sandbox.SANDBOX_UID_BASE + slot if self.full_isolation else None
            if uid is not None:
                os.chown(workdir, uid, uid)
            (private / "submission.ipynb").write_bytes(notebook_bytes)
            job = Job(
                notebook=str(private / "submission.ipynb"),
                assignment=assignment,
                workdir=str(workdir),
                private_dir=str(private),
                verdict=str(private / "verdict.json"),
                limits=dataclasses.asdict(limits),
                uid=uid,
                hide=self.hide if self.full_isolation else [],
                keep=sandbox.needed_paths() if self.full_isolation else [],
            )
            (private / "job.json").write_text(json.dumps(dataclasses.asdict(job)))
            returncode = self._supervise(private / "job.json", name, slot)
            verdict_file = Path(job.verdict)
            if returncode is None:
                return {"status": statuses.TIMEOUT, "reason": _backstop_reason(limits)}
            if not verdict_file.is_file():
                stopped = f"the supervisor stopped (exit {returncode}): see logs/{name}.log"
                raise RuntimeError(stopped)
            verdict = json.loads(verdict_file.read_text(encoding="utf-8"))
            self._keep_notebook(private / EXECUTED_NOTEBOOK, name, verdict)
            return verdict
        finally:
            shutil.rmtree(private, ignore_errors=True)

    def _keep_notebook(self, executed: Path, name: str, verdict: dict) -> None:
        """The executed notebook, for TAs (never for references: it holds the solution)."""
        target = self.out_dir / NOTEBOOKS_DIR / f"{name}.ipynb"
        if executed.is_file() and not name.startswith(reference.NAME_PREFIX):
            write_atomically(target, executed.read_text(encoding="utf-8"))
            verdict["notebook_file"] = f"{NOTEBOOKS_DIR}/{target.name}"
        else:
            target.unlink(missing_ok=True)  # an older run's copy would not match this result

    def _supervise(self, job_file: Path, name: str, slot: int) -> int | None:
        """Run the supervisor; None when it had to be killed at the time limit."""
        command = [*_die_with_parent(), *sandbox.supervisor_prefix()]
        command += [sys.executable, "-m", "autograder.execution.supervisor", str(job_file)]
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
        env["TF_NUM_INTRAOP_THREADS"] = str(self.options.limits.threads)
        log = self.out_dir / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as stream:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=stream,
                stderr=stream,
                env=env,
                start_new_session=True,
            )
            with self.lock:
                self.running[slot] = process
            try:
                return process.wait(timeout=self.options.limits.timeout + CHECK_BUDGET)
            except subprocess.TimeoutExpired:
                _kill_group(process)
                process.wait()
                return None
            finally:
                with self.lock:
                    self.running.pop(slot, None)


class InvalidSubmission(ValueError):
    """The file cannot be graded at all; the message goes in the grades table."""


def read_notebook(content: bytes) -> nbformat.NotebookNode:
    try:
        notebook = nbformat.reads(content.decode("utf-8"), as_version=4)
    except Exception as error:  # not JSON, not a notebook, unsupported version: all one to a TA
        raise InvalidSubmission(f"not a readable notebook: {_first_line(error)}") from error
    if not any(cell.get("cell_type") == "code" for cell in notebook.get("cells", [])):
        raise InvalidSubmission("the notebook has no code cells")
    return notebook


def assignment_of(notebook: nbformat.NotebookNode, file_name: str) -> str:
    assignment = identify_assignment(notebook, file_name)
    if assignment is None:
        known = ", ".join(ASSIGNMENTS)
        raise InvalidSubmission(
            f"cannot tell the assignment (notebook metadata or file name: {known})"
        )
    named = _assignment_in_name(file_name)
    if named and named != assignment:
        raise InvalidSubmission(
            f"the file is named for {named} but holds the {assignment} notebook: "
            "resubmit the right notebook"
        )
    return assignment


def fill_from_verdict(result: SubmissionResult, verdict: dict) -> None:
    result.status = verdict.get("status", statuses.GRADER_ERROR)
    result.checks = [check_result(outcome) for outcome in verdict.get("checks", [])]
    result.training_facts = verdict.get("training_facts")
    result.evidence = verdict.get("evidence")
    result.execution_errors = verdict.get("execution_errors", [])
    result.peak_memory = verdict.get("peak_memory", {})
    result.notebook = verdict.get("notebook_file", "")
    result.score = sum(check.points for check in result.checks)
    if not statuses.has_score(result.status):
        result.score = None
    result.max_score = sum(check.max_points for check in result.checks)
    if not result.checks and result.assignment:  # stopped before the checks: still out of 13
        result.max_score = get_assignment(result.assignment).autograded_points()
    reasons = [verdict.get("reason", ""), summarise_failures(result)]
    if result.execution_errors:
        reasons.append(f"first error: {result.execution_errors[0][:160]}")
    if verdict.get("output_dropped_bytes"):
        reasons.append(f"{verdict['output_dropped_bytes'] / 1e6:.1f} MB of printed output dropped")
    result.reason = "; ".join(reason for reason in reasons if reason)


def summarise_failures(result: SubmissionResult) -> str:
    failed = Counter(check.question for check in result.checks if not check.passed)
    if not failed:
        return ""
    return "failed: " + ", ".join(f"{question} ({count})" for question, count in failed.items())


def _backstop_reason(limits: Limits) -> str:
    total = limits.timeout + CHECK_BUDGET
    return f"grading took longer than {total:g} s (notebook limit plus the checks) and was stopped"


def _die_with_parent() -> list[str]:
    """If the grader is killed, its supervisors go too (they are in sessions of their own)."""
    return ["setpriv", "--pdeathsig", "KILL"] if shutil.which("setpriv") else []


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
