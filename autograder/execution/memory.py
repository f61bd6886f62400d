"""How much memory a grading kernel used, and whether memory is what stopped it.

The sandbox caps each process's heap with ``RLIMIT_DATA`` (``--memory-limit``).
When an allocation fails, TensorFlow aborts (``std::bad_alloc``) or the kernel is
killed, usually without a Python ``MemoryError`` and often without a word in any
log. So the supervisor watches the kernel from outside: it samples the kernel's
``VmData`` (what the limit counts) and reads ``VmHWM`` (its peak resident memory,
kept by the Linux kernel), and a kernel that dies near its limit is reported as
out of memory. It also measures the grader's own share: the supervisor's resident
memory while the kernel runs (it imports the checks meanwhile), and its peak over the
whole job, judging included (which runs after the kernel is gone).
"""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05
NEAR_LIMIT = 0.85  # a kernel that died with its heap this close to the limit ran out of memory
# A kernel that aborted (TensorFlow's answer to a failed allocation) with this much in use:
# one large allocation can fail well before the heap itself reaches the limit.
ABORTED_NEAR_LIMIT = 0.5
SIGNS = (
    "MemoryError",
    "std::bad_alloc",
    "Cannot allocate memory",
    "out of memory",
    "OOM when allocating",
    "ResourceExhaustedError",
)


@dataclass
class MemoryPeak:
    """The largest memory use sampled from a kernel while it ran."""

    data_bytes: int = 0  # largest VmData sampled (what RLIMIT_DATA counts)
    resident_bytes: int = 0  # VmHWM: the kernel's peak resident set size
    grader_bytes: int = 0  # the supervisor's largest resident set sampled while the kernel ran

    def near(self, limit_bytes: int) -> bool:
        return self.data_bytes >= NEAR_LIMIT * limit_bytes


class MemoryMonitor:
    """Samples one process's memory in a thread until stopped, or until it is gone."""

    def __init__(self, pid_of, interval: float = SAMPLE_SECONDS) -> None:
        self._pid_of = pid_of  # a callable: the kernel's pid is known only once it starts
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.peak = MemoryPeak()

    def __enter__(self) -> MemoryMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)

    def _sample(self) -> None:
        while not self._stopped.wait(self._interval):
            ours = read_usage(os.getpid(), "VmRSS")
            if ours is not None:
                self.peak.grader_bytes = max(self.peak.grader_bytes, ours.resident_bytes)
            pid = self._pid_of()
            if pid is None:
                continue
            usage = read_usage(pid)
            if usage is not None:
                self.peak.data_bytes = max(self.peak.data_bytes, usage.data_bytes)
                self.peak.resident_bytes = max(self.peak.resident_bytes, usage.resident_bytes)


def read_usage(pid: int, resident: str = "VmHWM") -> MemoryPeak | None:
    """VmData and ``resident`` (VmHWM: the peak; VmRSS: now) of ``pid`` in bytes; None once
    the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name in ("VmData", resident):
            fields[name] = int(value.split()[0]) * 1024  # reported in kB
    return MemoryPeak(fields.get("VmData", 0), fields.get(resident, 0))


def own_peak_bytes() -> int:
    """This process's peak resident set size so far (VmHWM), in bytes."""
    usage = read_usage(os.getpid())
    return usage.resident_bytes if usage else 0


def mentions_memory(*texts: str) -> bool:
    return any(sign in text for text in texts for sign in SIGNS)


def ran_out(peak: MemoryPeak, limit_bytes: int, exit_code: int | None, *texts: str) -> bool:
    """Whether a kernel that died did so for want of memory."""
    aborted = exit_code == -signal.SIGABRT
    return (
        mentions_memory(*texts)
        or peak.near(limit_bytes)
        or (aborted and peak.data_bytes >= ABORTED_NEAR_LIMIT * limit_bytes)
    )
