"""One submission from notebook to verdict, in a process of its own.

``python -m autograder.execution.supervisor JOB.json``

:mod:`autograder.grade` starts one supervisor per submission, as the first
process of a new PID namespace where the system allows it. The supervisor

1. executes the notebook in a sandboxed kernel (:mod:`.runner`, :mod:`.sandbox`)
   under a wall-clock limit;
2. kills every process the notebook left behind;
3. runs the bundle's checks on what the kernel exported, in this process, which
   never ran student code (:mod:`autograder.checks.clean_run`);
4. writes the verdict as JSON where only the grader can read it.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from autograder.execution.sandbox import Limits, SandboxSpec, kernel_argv

PR_SET_CHILD_SUBREAPER = 36
MEMORY_SIGNS = ("MemoryError", "std::bad_alloc", "Cannot allocate memory", "out of memory")


@dataclass
class Job:
    """What the grader hands a supervisor (as JSON)."""

    notebook: str  # a private copy of the submission
    assignment: str
    workdir: str  # the submission's fresh folder, owned by the sandbox user
    private_dir: str  # the grader's folder for this submission (spec, kernel spec, verdict)
    verdict: str
    limits: dict
    uid: int | None
    hide: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)


@dataclass
class Verdict:
    status: str = "ok"  # ok / error / timeout / memory
    reason: str = ""
    checks: list[dict[str, Any]] = field(default_factory=list)
    training_facts: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None  # what the reports show beside the checks
    execution_errors: list[str] = field(default_factory=list)
    output_dropped_bytes: int = 0


def supervise(job: Job) -> Verdict:
    import nbformat

    from autograder.execution.runner import ExecutionFailed, execute_submission

    limits = Limits(**job.limits)
    notebook = nbformat.read(job.notebook, as_version=4)
    km = sandboxed_kernel_manager(job)
    watchdog = Watchdog(km, limits.timeout)
    verdict = Verdict()
    try:
        with watchdog:
            execution = execute_submission(
                notebook, Path(job.workdir), kernel_manager=km, progress=watchdog.entering_cell
            )
    except Exception as error:  # the kernel died, was stopped, or our own cells failed
        kill_leftovers()
        return _failed_execution(verdict, watchdog, error, job, isinstance(error, ExecutionFailed))
    finally:
        _shutdown(km)
    kill_leftovers()
    verdict.execution_errors = execution.errors
    verdict.output_dropped_bytes = execution.output_dropped_bytes
    if any(sign in error for error in execution.errors for sign in MEMORY_SIGNS):
        verdict.status = "memory"
        verdict.reason = f"a cell ran out of memory (limit {_gib(limits.memory_bytes)})"
    judge(verdict, Path(execution.export_dir), job.assignment)
    return verdict


def judge(verdict: Verdict, export_dir: Path, assignment: str) -> None:
    """Run the bundle's checks on the export; a broken export is this submission's error."""
    from autograder.checks.clean_run import judge_export

    try:
        judged = judge_export(export_dir, assignment)
    except Exception as error:
        verdict.status = "error"
        verdict.reason = f"the checks could not run: {type(error).__name__}: {error}"
        return
    verdict.checks = judged["checks"]
    verdict.training_facts = judged["training_facts"]
    verdict.evidence = judged["evidence"]


def sandboxed_kernel_manager(job: Job):
    """A kernel manager whose kernel starts inside the sandbox, over Unix sockets.

    Asynchronous, as nbclient expects: a blocking client would wait forever for the
    output of a kernel that has died.
    """
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    private = Path(job.private_dir)
    spec = SandboxSpec(
        workdir=job.workdir,
        uid=job.uid,
        limits=job.limits,
        keep=job.keep,
        hide=job.hide,
        root=str(private / "root") if job.keep else "",
    ).write(private / "sandbox.json")
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec_dir = private / "kernels" / "densegrade-sandbox"
    spec_dir.mkdir(parents=True, exist_ok=True)
    kernel_json = {"argv": kernel_argv(spec, kernel), "display_name": "densegrade sandbox"}
    kernel_json["language"] = "python"
    (spec_dir / "kernel.json").write_text(json.dumps(kernel_json), encoding="utf-8")
    return AsyncKernelManager(
        kernel_name="densegrade-sandbox",
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(private / "kernels")]),
        transport="ipc",
        ip=str(Path(job.workdir) / "kernel-socket"),
        connection_file=str(Path(job.workdir) / "connection.json"),
    )


class Watchdog:
    """Kills the kernel when the notebook runs past its wall-clock limit."""

    def __init__(self, km, seconds: float) -> None:
        self.km, self.seconds = km, seconds
        self.fired = False
        self.cell = ""
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def entering_cell(self, index: int, source: str) -> None:
        first_line = (source.strip().splitlines() or [""])[0][:60]
        self.cell = f"cell {index} `{first_line}`"

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            _kill(process.pid)


def _failed_execution(
    verdict: Verdict, watchdog: Watchdog, error: Exception, job: Job, ours: bool
) -> Verdict:
    limits = Limits(**job.limits)
    where = f" while running {watchdog.cell}" if watchdog.cell else ""
    kernel_log = _tail(Path(job.workdir) / "kernel-output.log")
    if watchdog.fired:
        verdict.status = "timeout"
        verdict.reason = f"the notebook ran longer than {limits.timeout:g} s{where}"
    elif any(sign in kernel_log for sign in MEMORY_SIGNS):
        verdict.status = "memory"
        verdict.reason = f"the kernel ran out of memory (limit {_gib(limits.memory_bytes)}){where}"
    elif ours:
        verdict.status, verdict.reason = "error", str(error)
    else:
        verdict.status = "error"
        verdict.reason = (
            f"the kernel stopped{where} (the notebook exited Python, crashed, or was killed): "
            f"{type(error).__name__}"
        )
    return verdict


def kill_leftovers() -> None:
    """Kill every process but this one: the notebook's children, daemons and forks."""
    for _ in range(50):
        victims = _other_processes()
        if not victims:
            break
        for pid in victims:
            _kill(pid)
        _reap()
        time.sleep(0.05)
    _reap()


def _other_processes() -> list[int]:
    if os.getpid() == 1:  # init of our own PID namespace: everything else is the notebook's
        return [int(entry) for entry in os.listdir("/proc") if entry.isdigit() and entry != "1"]
    import psutil

    try:
        return [child.pid for child in psutil.Process().children(recursive=True)]
    except psutil.Error:
        return []


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _shutdown(km) -> None:
    from jupyter_core.utils import run_sync

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # the kernel may be long gone; leftovers are killed next
        pass


def _import_checks() -> None:
    """Import TensorFlow and the checks while the notebook runs, not after it."""
    import keras  # noqa: F401

    import autograder.checks.clean_run  # noqa: F401


def _become_subreaper() -> None:
    """Outside a PID namespace, orphans of the notebook come back to us, not to init."""
    if os.getpid() == 1 or not sys.platform.startswith("linux"):
        return
    import ctypes

    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _tail(path: Path, size: int = 20000) -> str:
    try:
        with path.open("rb") as stream:
            stream.seek(max(0, path.stat().st_size - size))
            return stream.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _gib(amount: int) -> str:
    return f"{amount / 1024**3:g} GiB"


def main(argv: list[str] | None = None) -> int:
    job_file = (argv or sys.argv[1:])[0]
    job = Job(**json.loads(Path(job_file).read_text(encoding="utf-8")))
    _become_subreaper()
    threading.Thread(target=_import_checks, daemon=True).start()
    verdict = supervise(job)
    Path(job.verdict).write_text(json.dumps(asdict(verdict)), encoding="utf-8")
    kernel_log = _tail(Path(job.workdir) / "kernel-output.log")
    if kernel_log:  # what the kernel wrote to its own stdout and stderr, for the TA's log
        sys.stderr.write(f"\n--- the kernel's own output (last 20 kB) ---\n{kernel_log}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
