"""One submission from notebook to verdict, in a process of its own.

``python -m autograder.execution.supervisor JOB.json``

:mod:`autograder.drivers.grade` starts one supervisor per submission, as the first
process of a new PID namespace where the system allows it. The supervisor

1. executes the notebook in a sandboxed kernel (:mod:`.runner`, :mod:`.sandbox`)
   under a wall-clock limit;
2. kills every process the notebook left behind;
3. runs the bundle's checks on what the kernel exported, in this process, which
   never ran student code (:mod:`autograder.judging.harness`);
4. writes the verdict (a typed file) where only the grader can read it.
"""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import asdict, replace
from pathlib import Path

import nbformat

from autograder.contracts import statuses, typed_files
from autograder.contracts.assignments import get_assignment
from autograder.contracts.student_environment import package_of
from autograder.execution import memory, processes, stops
from autograder.execution.jobs import Job
from autograder.execution.runner import (
    Execution,
    ExecutionFailed,
    prepare_execution,
    run_execution,
    save_notebook,
)
from autograder.execution.sandbox import SandboxSpec, data_files, kernel_argv
from autograder.judging.verdicts import Verdict
from autograder.student_imports import absent_packages

KERNEL_NAME = "densegrade-sandbox"  # the kernel spec in the job folder's kernels/


def supervise(job: Job) -> Verdict:
    spec = get_assignment(job.assignment)
    # An own data set is verified where it is copied beside the notebook (the pool);
    # the kernel cannot see the bundles to verify it again.
    execution = prepare_execution(
        nbformat.read(job.folder.submission, as_version=4),
        job.folder.workdir,
        datasets=() if spec.own_dataset else (spec.dataset,),
    )
    km = sandboxed_kernel_manager(job)
    watchdog = stops.Watchdog(km, job.limits.timeout)
    reserved = _graders_cells(execution)
    monitor = memory.MemoryMonitor(
        lambda: stops.kernel_pid(km), lambda: stops.stop_at(job.limits, watchdog.index in reserved)
    )
    try:
        stopped = _execute(execution, job, watchdog, monitor)
    finally:
        _shutdown(km)
    ran = Verdict(peak_memory=asdict(monitor.peak), notebook=_keep_notebook(execution, job))
    if stopped is not None:
        return replace(stopped, peak_memory=ran.peak_memory, notebook=ran.notebook)
    _kill_leftovers(job)
    ran = replace(
        ran,
        execution_errors=tuple(execution.errors),
        output_dropped_bytes=execution.output_dropped_bytes,
    )
    ran = with_absent_packages(ran, absent_packages(execution.missing_modules))
    if ran.status.grader_failed:
        return ran
    if memory.mentions_memory(*execution.errors):
        reason = f"a cell ran out of memory (limit {stops.gib(job.limits.memory_bytes)})"
        ran = replace(ran, status=statuses.MEMORY, reason=reason)
    judged = judge(ran, execution.export_dir, job.assignment)
    # The grader's peak over the whole job: judging runs after the kernel is gone.
    return replace(
        judged, peak_memory={**judged.peak_memory, "judge_bytes": memory.own_peak_bytes()}
    )


def with_absent_packages(verdict: Verdict, absent: list[str]) -> Verdict:
    """``verdict`` once the notebook's imports of modules not installed here are known: a
    declared package missing is the grader's failure; any other is named for review."""
    lacking = ", ".join(f"{p.distribution} (`{m}`)" for m in absent if (p := package_of(m)))
    if lacking:
        reason = (
            f"the grading environment lacks {lacking}, which students may use "
            "(autograder/contracts/student_environment.py): install the grader's packages "
            "(`make install`, or rebuild the Gradescope image) and grade again"
        )
        return replace(verdict, status=statuses.GRADER_ERROR, reason=reason)
    return replace(verdict, missing_packages=tuple(absent))


def _execute(
    execution: Execution, job: Job, watchdog: stops.Watchdog, monitor: memory.MemoryMonitor
) -> Verdict | None:
    """Run the notebook; the verdict when the kernel died, was stopped, or our own cells
    failed (told apart before the kernel is shut down: how it ended is part of the cause)."""
    try:
        with watchdog, monitor:
            run_execution(
                execution,
                job.folder.workdir,
                kernel_manager=watchdog.km,
                progress=watchdog.entering_cell,
            )
    except Exception as error:
        _kill_leftovers(job)
        ours = isinstance(error, ExecutionFailed) or watchdog.index in _graders_cells(execution)
        return stops.failed_execution(watchdog, monitor, error, job, ours, execution)
    return None


def _kill_leftovers(job: Job) -> None:
    """Every process the notebook left: our children, and its user's (outside a PID namespace
    a process can leave our tree)."""
    processes.kill_leftovers()
    if job.uid is not None:
        processes.kill_user(job.uid)


def judge(verdict: Verdict, export_dir: Path, assignment: str) -> Verdict:
    """``verdict`` with the bundle's checks run on the export; if they cannot run (a
    malformed export included), the grader failed."""
    # Imported here, not at the top: TensorFlow and otter take seconds to import, and
    # :func:`_import_checks` imports them in the background while the notebook runs.
    from autograder.judging.harness import judge_export

    try:
        judged = judge_export(export_dir, assignment)
    except Exception as error:
        reason = f"the checks could not run: {type(error).__name__}: {error}"
        return replace(verdict, status=statuses.GRADER_ERROR, reason=reason)
    return replace(
        verdict,
        checks=judged.checks,
        training_facts=judged.training_facts,
        evidence=judged.evidence,
    )


def sandboxed_kernel_manager(job: Job):
    """A kernel manager whose kernel starts inside the sandbox, over Unix sockets.

    Asynchronous, as nbclient expects: a blocking client would wait forever for the
    output of a kernel that has died.
    """
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    folder = job.folder
    spec = SandboxSpec(
        workdir=str(folder.workdir),
        kernel_log=str(folder.kernel_log),
        uid=job.uid,
        limits=job.limits,
        keep=job.keep,
        hide=job.hide,
        root=str(folder.new_root) if job.keep else "",
        data_files=data_files() if job.keep else {},
    )
    spec_file = typed_files.write(folder.sandbox_spec, spec)
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec_dir = folder.kernels / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    kernel_json = {"argv": kernel_argv(spec_file, kernel), "display_name": "densegrade sandbox"}
    kernel_json["language"] = "python"
    (spec_dir / "kernel.json").write_text(json.dumps(kernel_json), encoding="utf-8")
    return AsyncKernelManager(
        kernel_name=KERNEL_NAME,
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(folder.kernels)]),
        transport="ipc",
        ip=str(folder.kernel_socket),
        connection_file=str(folder.connection_file),
    )


def _graders_cells(execution) -> tuple[int, int]:
    """The grader's own cells: the setup (first) and the export (last)."""
    return 0, len(execution.notebook.cells) - 1


def _keep_notebook(execution: Execution, job: Job) -> str:
    try:
        return save_notebook(execution.student_notebook(), job.folder.executed)
    except Exception as error:  # the verdict matters more than the copy for TAs
        return f"not kept ({type(error).__name__}: {error})"


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

    import autograder.judging.harness  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    job_file = (argv or sys.argv[1:])[0]
    job = typed_files.read(Job, Path(job_file))
    processes.become_subreaper()
    if job.limits.preload_checks:
        threading.Thread(target=_import_checks, daemon=True).start()
    verdict = supervise(job)
    typed_files.write(job.folder.verdict, verdict)
    kernel_log = stops.tail(job.folder.kernel_log)
    if kernel_log:  # what the kernel wrote to its own stdout and stderr, for the TA's log
        sys.stderr.write(f"\n--- the kernel's own output (last 20 kB) ---\n{kernel_log}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
