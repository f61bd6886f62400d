"""What the supervisor makes of a stopped kernel, and the memory it reads."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import typed_files
from autograder.execution import memory, stops, supervisor
from autograder.execution.jobs import Job, JobFolder
from autograder.execution.limits import Limits
from autograder.handoff import STATE_FILE
from autograder.statuses import Status
from autograder.typed_files import FileFormatError
from autograder.verdicts import Verdict


def job_in(folder: Path, **changes) -> Job:
    limits = Limits(timeout=30.0, memory_bytes=2 * 1024**3)
    return Job(JobFolder(str(folder)), "mnist_dense", limits, uid=None, **changes)


def verdict_for(
    error: Exception,
    tmp_path: Path,
    *,
    fired: bool = False,
    log: str = "",
    peak_gib: float = 0.5,
    ours: bool = False,
    exceeded_gib: float | None = None,
):
    job = job_in(tmp_path)
    job.folder.workdir.mkdir(exist_ok=True)
    job.folder.kernel_log.write_text(log)
    watchdog = stops.Watchdog(km=None, seconds=30)
    watchdog.entering_cell(4, "while True:\n    pass")
    watchdog.fired = fired
    monitor = memory.MemoryMonitor(lambda: None)
    monitor.peak = memory.MemoryPeak(charged_bytes=int(peak_gib * 1024**3))
    monitor.exceeded_at = int(exceeded_gib * 1024**3) if exceeded_gib else None
    return stops.failed_execution(watchdog, monitor, error, job, ours)


def test_a_job_reaches_the_supervisor_as_the_pool_wrote_it(tmp_path):
    job = job_in(tmp_path, hide=("/out",), keep=("/usr", "/venv"))
    back = typed_files.read(Job, typed_files.write(job.folder.job, job))
    assert back == job and isinstance(back.limits, Limits)
    assert back.folder.kernel_log == tmp_path / "work" / "kernel-output.log"
    data = json.loads(job.folder.job.read_text())
    job.folder.job.write_text(json.dumps({**data, "notebook": "elsewhere.ipynb"}))
    with pytest.raises(FileFormatError, match="unknown key 'notebook'"):
        typed_files.read(Job, job.folder.job)


def test_a_malformed_export_is_the_graders_failure(tmp_path):
    (tmp_path / STATE_FILE).write_text('{"format": "densegrade.export-state", "version": 1}')
    judged = supervisor.judge(Verdict(), tmp_path, "mnist_dense")
    assert judged.status is Status.GRADER_ERROR
    assert "the checks could not run: FileFormatError" in judged.reason
    assert "missing key 'variables'" in judged.reason


def test_a_stopped_kernel_is_told_apart_by_cause(tmp_path):
    timeout = verdict_for(RuntimeError(), tmp_path, fired=True)
    assert timeout.status == "timeout"
    assert timeout.reason == "the notebook ran longer than 30 s while running cell 4 `while True:`"
    memory_sign = verdict_for(RuntimeError(), tmp_path, log="terminate: std::bad_alloc")
    assert (memory_sign.status, "limit 2 GiB" in memory_sign.reason) == ("memory", True)
    died = verdict_for(RuntimeError("dead"), tmp_path)
    assert died.status == "error" and "the kernel stopped while running cell 4" in died.reason


def test_a_kernel_that_dies_silently_near_its_limit_ran_out_of_memory(tmp_path):
    # TensorFlow often aborts on a failed allocation without a word in any log.
    near = verdict_for(RuntimeError("dead"), tmp_path, peak_gib=1.9)
    assert near.status == "memory"
    assert near.reason == (
        "the kernel ran out of memory (limit 2 GiB; it had 1.9 GiB when it stopped) "
        "while running cell 4 `while True:`"
    )


def test_a_kernel_the_watch_stopped_at_its_limit_ran_out_of_memory(tmp_path):
    stopped = verdict_for(RuntimeError("dead"), tmp_path, peak_gib=2.01, exceeded_gib=2.01)
    assert stopped.status == "memory"
    assert stopped.reason == (
        "the notebook used more memory than its limit of 2 GiB (2.01 GiB resident when it "
        "was stopped) while running cell 4 `while True:`"
    )
    # in the grader's own cells the reserve was not enough: the grader's failure
    ours = verdict_for(RuntimeError("export failed"), tmp_path, exceeded_gib=2.6, ours=True)
    assert ours.status == "grader_error"


def test_an_abort_with_much_of_the_limit_in_use_is_memory_a_crash_with_little_is_not():
    peak = memory.MemoryPeak(charged_bytes=int(1.2 * 1024**3))
    limit = 2 * 1024**3
    assert memory.ran_out(peak, limit, -signal.SIGABRT)  # one large allocation failed
    assert not memory.ran_out(peak, limit, -signal.SIGSEGV)
    assert not memory.ran_out(memory.MemoryPeak(charged_bytes=10**8), limit, -signal.SIGABRT)


def test_the_address_space_backstop_is_far_above_the_resident_limit():
    limit = 2 * 1024**3
    assert memory.address_backstop(limit) == limit + 2 * 1024**3
    assert memory.address_backstop(8 * 1024**3) == 16 * 1024**3
    # reserved address space near the backstop, after a failed allocation, is memory too
    reserved = memory.MemoryPeak(data_bytes=int(3.5 * 1024**3), charged_bytes=10**8)
    assert memory.ran_out(reserved, limit, None)
    assert not memory.ran_out(memory.MemoryPeak(data_bytes=2 * 1024**3), limit, None)


def test_a_failure_of_the_graders_own_cells_is_the_graders(tmp_path):
    ours = verdict_for(
        RuntimeError("the grader's export cell failed: OSError"), tmp_path, ours=True
    )
    assert (ours.status, ours.reason) == (
        "grader_error",
        "the grader's export cell failed: OSError",
    )


def test_memory_is_read_from_proc():
    usage = memory.read_usage(os.getpid())
    assert usage is not None and usage.resident_bytes > 10 * 1024**2 and usage.data_bytes > 0
    assert memory.read_usage(2**22 + 12345) is None  # no such process
    now = memory.read_usage(os.getpid(), "VmRSS")
    assert 0 < now.resident_bytes <= memory.own_peak_bytes()


def test_the_monitor_samples_the_graders_own_memory_beside_the_kernels():
    with memory.MemoryMonitor(lambda: None, interval=0.01) as monitor:
        time.sleep(0.1)
    assert monitor.peak.grader_bytes > 10 * 1024**2 and monitor.peak.data_bytes == 0


GROWS = """
import sys, time
import numpy as np
held = []
if sys.argv[1] == "child":
    for _ in range(40):
        held.append(np.ones(25 * 2**20 // 8))  # 25 MiB more, touched
        time.sleep(0.02)
    time.sleep(60)
import subprocess
subprocess.Popen([sys.executable, "-c", sys.argv[2], "child", sys.argv[2]])
time.sleep(60)
"""


def test_the_monitor_charges_the_kernels_children_and_stops_it_past_its_limit():
    # The "kernel" starts a child that grows to 1 GiB; the limit is 600 MiB.
    kernel = subprocess.Popen([sys.executable, "-c", GROWS, "parent", GROWS])
    limit = 600 * 1024**2
    try:
        with memory.MemoryMonitor(lambda: kernel.pid, lambda: limit, interval=0.01) as watch:
            kernel.wait(timeout=30)
    finally:
        kernel.kill()
    assert watch.exceeded and watch.exceeded_at > limit
    assert watch.exceeded_at < limit + 200 * 1024**2  # stopped soon after passing it
    assert watch.peak.charged_bytes > watch.peak.resident_bytes  # the child counted
    assert kernel.returncode == -signal.SIGKILL


FORKS = """
import os, time, numpy as np
held = np.ones(400 * 2**20, dtype=np.uint8)
for _ in range(20):
    if os.fork() == 0:
        time.sleep(30)
        os._exit(0)
time.sleep(30)
"""


def test_pages_a_fork_shares_are_charged_once():
    # 21 processes share 400 MiB copy-on-write: charged as 400 MiB, not 8 GiB.
    kernel = subprocess.Popen([sys.executable, "-c", FORKS])
    try:
        with memory.MemoryMonitor(lambda: kernel.pid, lambda: 2 * 1024**3) as watch:
            time.sleep(4)
    finally:
        for child in memory.descendants(kernel.pid):
            os.kill(child, signal.SIGKILL)
        kernel.kill()
    assert not watch.exceeded
    assert 400 * 1024**2 < watch.peak.charged_bytes < 600 * 1024**2
