"""How much memory a notebook used, and the stop when it uses more than its limit.

A notebook is charged for the memory it really uses: the resident set of its kernel
and every process the kernel started, by proportional set size once there are such
processes, so that pages a fork shares are charged once (``--memory-limit``, the
Slurm task's share and the Gradescope container's share all mean this). The
supervisor watches them from outside, as a cgroup would: it samples their memory and
kills the kernel the moment it passes the limit, so the status is ``memory``, naming
the cell, and never a killed container. ``RLIMIT_DATA`` stays only as a backstop
(:func:`address_backstop`), far above the limit, which the address space TensorFlow
reserves without touching never reaches; a single allocation beyond it fails at once
(``MemoryError``, or TensorFlow's ``std::bad_alloc``).

The watch also measures the grader's own share: the supervisor's resident memory
while the kernel runs, and its peak over the whole job, judging included (which runs
after the kernel is gone).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

from autograder.execution import processes

GIB = 1024**3
SAMPLE_SECONDS = 0.05
# Above this share of the limit the watch samples every FAST_SAMPLE_SECONDS: a process
# filling memory as fast as it can (a few GB/s) then passes the limit by tens of MB at most.
FAST_ABOVE = 0.7
FAST_SAMPLE_SECONDS = 0.005
DESCENDANTS_SECONDS = 0.5  # how often the kernel's process tree is listed again
NEAR_LIMIT = 0.85  # a kernel that died using this share of a limit ran out of memory
# A kernel that aborted (TensorFlow's answer to a failed allocation) with this much in use:
# one large allocation can fail well before the memory in use reaches the limit.
ABORTED_NEAR_LIMIT = 0.5
# RLIMIT_DATA counts address space reserved, not touched: TensorFlow's kernels reserve up
# to 0.8 GiB beyond their resident peak (docs/benchmarks.md), so the backstop is far above.
BACKSTOP_FACTOR = 2
BACKSTOP_MINIMUM_MARGIN = 2 * GIB
SIGNS = (
    "MemoryError",
    "std::bad_alloc",
    "Cannot allocate memory",
    "out of memory",
    "OOM when allocating",
    "ResourceExhaustedError",
)


def address_backstop(limit_bytes: int) -> int:
    """The kernel's ``RLIMIT_DATA`` for a resident limit of ``limit_bytes``."""
    return max(BACKSTOP_FACTOR * limit_bytes, limit_bytes + BACKSTOP_MINIMUM_MARGIN)


@dataclass
class MemoryPeak:
    """The largest memory use sampled from a kernel while it ran."""

    charged_bytes: int = 0  # resident set of the kernel and its descendants: what the limit counts
    data_bytes: int = 0  # largest VmData of the kernel (what the RLIMIT_DATA backstop counts)
    resident_bytes: int = 0  # VmHWM: the kernel process's own peak resident set size
    grader_bytes: int = 0  # the supervisor's largest resident set sampled while the kernel ran


class MemoryMonitor:
    """Samples a kernel's memory in a thread until stopped, and kills it past its limit.

    ``pid_of`` gives the kernel's pid (known only once it starts); ``stop_at`` the
    resident bytes at which it is stopped now (the grader's own cells get a reserve).
    """

    def __init__(
        self,
        pid_of: Callable[[], int | None],
        stop_at: Callable[[], int] | None = None,
        interval: float = SAMPLE_SECONDS,
    ) -> None:
        self._pid_of, self._stop_at = pid_of, stop_at
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._tree: list[int] = []
        self._listed = 0.0
        self.peak = MemoryPeak()
        self.exceeded_at: int | None = None  # the resident bytes when the kernel was stopped

    def __enter__(self) -> MemoryMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)

    @property
    def exceeded(self) -> bool:
        return self.exceeded_at is not None

    def _sample(self) -> None:
        wait = self._interval
        while not self._stopped.wait(wait):
            ours = read_usage(os.getpid(), "VmRSS")
            if ours is not None:
                self.peak.grader_bytes = max(self.peak.grader_bytes, ours.resident_bytes)
            pid = self._pid_of()
            if pid is None or self.exceeded:
                continue
            charged = self._charge(pid)
            limit = self._stop_at() if self._stop_at else None
            if limit is not None and charged > limit:
                self.exceeded_at = charged
                for process in [pid, *self._tree]:
                    processes.kill(process)
            fast = limit is not None and charged > FAST_ABOVE * limit
            wait = FAST_SAMPLE_SECONDS if fast else self._interval

    def _charge(self, pid: int) -> int:
        """The resident bytes of the kernel and its descendants now; the peaks updated."""
        status = _status(pid, ("VmData", "VmRSS", "VmHWM"))
        if status is None:
            return 0
        self.peak.resident_bytes = max(self.peak.resident_bytes, status.get("VmHWM", 0))
        self.peak.data_bytes = max(self.peak.data_bytes, status.get("VmData", 0))
        if time.monotonic() - self._listed > DESCENDANTS_SECONDS:
            self._tree, self._listed = descendants(pid), time.monotonic()
        if self._tree:  # forked children share pages with the kernel: charge each its share
            charged = sum(proportional_bytes(process) for process in [pid, *self._tree])
        else:
            charged = status.get("VmRSS", 0)
        self.peak.charged_bytes = max(self.peak.charged_bytes, charged)
        return charged


def proportional_bytes(pid: int) -> int:
    """``pid``'s proportional set size (each shared page divided among its sharers), so a
    forked child's copy-on-write pages are not charged twice; its resident set where the
    kernel does not give it; 0 once it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return (_status(pid, ("VmRSS",)) or {}).get("VmRSS", 0)
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def descendants(pid: int) -> list[int]:
    """Every process ``pid`` started, and theirs; [] once it is gone."""
    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return []


def read_usage(pid: int, resident: str = "VmHWM") -> MemoryPeak | None:
    """VmData and ``resident`` (VmHWM: the peak; VmRSS: now) of ``pid`` in bytes; None once
    the process is gone."""
    fields = _status(pid, ("VmData", resident))
    if fields is None:
        return None
    return MemoryPeak(data_bytes=fields.get("VmData", 0), resident_bytes=fields.get(resident, 0))


def _status(pid: int, names: tuple[str, ...]) -> dict[str, int] | None:
    """The fields ``names`` of ``/proc/PID/status`` in bytes; None once the process is gone
    (a kernel thread or zombie has no Vm fields: an empty dict)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name in names:
            fields[name] = int(value.split()[0]) * 1024  # reported in kB
    return fields


def own_peak_bytes() -> int:
    """This process's peak resident set size so far (VmHWM), in bytes."""
    usage = read_usage(os.getpid())
    return usage.resident_bytes if usage else 0


def mentions_memory(*texts: str) -> bool:
    return any(sign in text for text in texts for sign in SIGNS)


def ran_out(peak: MemoryPeak, limit_bytes: int, exit_code: int | None, *texts: str) -> bool:
    """Whether a kernel that died (not stopped by the watch) did so for want of memory."""
    backstop = address_backstop(limit_bytes)
    aborted = exit_code == -signal.SIGABRT
    share = max(peak.charged_bytes / limit_bytes, peak.data_bytes / backstop)
    near = share >= (ABORTED_NEAR_LIMIT if aborted else NEAR_LIMIT)
    return near or mentions_memory(*texts)
