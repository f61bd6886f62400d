"""How a grading kernel is stopped, and what a kernel that ended early is charged with.

The supervisor (:mod:`.supervisor`) stops a kernel for two reasons: its wall-clock
limit (:class:`Watchdog`) and its memory limit (the watch of :mod:`.memory`, at
:func:`stop_at`). :func:`failed_execution` tells a stopped or dead kernel's causes
apart: timeout, memory, the grader's own cell, or the notebook's crash.
"""

from __future__ import annotations

import threading
from pathlib import Path

from autograder.contracts import statuses
from autograder.contracts.text import first_line
from autograder.execution import memory, processes
from autograder.execution.jobs import Job
from autograder.execution.limits import GRADER_RESERVE, Limits
from autograder.judging.verdicts import Verdict


def stop_at(limits: Limits, graders_cell: bool) -> int:
    """The resident bytes at which the kernel is stopped: the notebook's limit, and a
    reserve above it while the grader's own cells run (they are not the student's)."""
    return limits.memory_bytes + (GRADER_RESERVE if graders_cell else 0)


def kernel_pid(km) -> int | None:
    """The kernel's pid: ``unshare`` and the sandbox entry exec into it, keeping the pid."""
    process = getattr(getattr(km, "provisioner", None), "process", None)
    return getattr(process, "pid", None)


def exit_code(km) -> int | None:
    """How the kernel process ended (-6: aborted), None while it runs or if unknown."""
    process = getattr(getattr(km, "provisioner", None), "process", None)
    try:
        return process.poll() if process is not None else None
    except Exception:  # a provisioner without a Popen
        return None


def cell_label(index: int, source: str) -> str:
    """How a reason names a cell: its index and the start of its first line."""
    return f"cell {index} `{first_line(source, 60)}`"


class Watchdog:
    """Kills the kernel when the notebook runs past its wall-clock limit."""

    def __init__(self, km, seconds: float) -> None:
        self.km, self.seconds = km, seconds
        self.fired = False
        self.cell = ""
        self.index: int | None = None
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def entering_cell(self, index: int, source: str) -> None:
        self.index, self.cell = index, cell_label(index, source)

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        pid = kernel_pid(self.km)
        if pid is not None:
            processes.kill(pid)


def failed_execution(
    watchdog: Watchdog,
    monitor: memory.MemoryMonitor,
    error: Exception,
    job: Job,
    ours: bool,
    execution=None,
) -> Verdict:
    limits, peak = job.limits, monitor.peak
    where = f" while running {watchdog.cell}" if watchdog.cell else ""
    kernel_log = tail(job.folder.kernel_log)
    printed = _cell_text(execution, watchdog.index)
    if watchdog.fired:
        reason = f"the notebook ran longer than {limits.timeout:g} s{where}"
        return Verdict(statuses.TIMEOUT, reason)
    if monitor.exceeded and not ours:
        reason = (
            f"the notebook used more memory than its limit of {gib(limits.memory_bytes)} "
            f"({monitor.exceeded_at / 1024**3:.2f} GiB resident when it was stopped){where}"
        )
        return Verdict(statuses.MEMORY, reason)
    if ours:
        reason = str(error) if str(error) else f"the grader's own cell failed{where}"
        return Verdict(statuses.GRADER_ERROR, reason)
    if memory.ran_out(peak, limits.memory_bytes, exit_code(watchdog.km), kernel_log, printed):
        used = _memory_used(peak, limits.memory_bytes)
        first = _first_memory_error(execution, watchdog.index)
        reason = (
            f"the kernel ran out of memory (limit {gib(limits.memory_bytes)}{used}){where}{first}"
        )
        return Verdict(statuses.MEMORY, reason)
    reason = (
        f"the kernel stopped{where} (the notebook exited Python, crashed, or was killed): "
        f"{type(error).__name__}"
    )
    return Verdict(statuses.ERROR, reason)


def _memory_used(peak: memory.MemoryPeak, limit_bytes: int) -> str:
    """What the kernel had when it died: address space reserved, if that is what gave out."""
    backstop = memory.address_backstop(limit_bytes)
    if peak.data_bytes / backstop > peak.charged_bytes / limit_bytes:
        return (
            f"; it had reserved {gib(peak.data_bytes)} of address space, of the "
            f"{gib(backstop)} a notebook may reserve, with {gib(peak.charged_bytes)} in use"
        )
    return f"; it had {gib(peak.charged_bytes)} when it stopped" if peak.charged_bytes else ""


def _first_memory_error(execution, index: int | None) -> str:
    """The earlier cell whose out-of-memory error the kernel did not survive, if any: a
    notebook that holds on to what it allocated fails again in a later, innocent cell."""
    if execution is None or index is None:
        return ""
    for earlier, cell in enumerate(execution.notebook.cells[:index]):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if any(memory.mentions_memory(o.get("ename", ""), o.get("evalue", "")) for o in errors):
            return f"; the first out-of-memory error was in {cell_label(earlier, cell.source)}"
    return ""


def _cell_text(execution, index: int | None) -> str:
    """What the cell being run had printed when the kernel stopped."""
    if execution is None or index is None or index >= len(execution.notebook.cells):
        return ""
    outputs = execution.notebook.cells[index].get("outputs", [])
    return "\n".join(
        str(output.get("text", "")) + str(output.get("evalue", "")) for output in outputs
    )


def tail(path: Path, size: int = 20000) -> str:
    try:
        with path.open("rb") as stream:
            stream.seek(max(0, path.stat().st_size - size))
            return stream.read().decode("utf-8", "replace")
    except OSError:
        return ""


def gib(amount: int) -> str:
    return f"{amount / 1024**3:.3g} GiB"
