"""What the supervisor makes of a stopped kernel, and the memory it reads."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from autograder import typed_files
from autograder.execution import memory, supervisor
from autograder.execution.jobs import Job, JobFolder
from autograder.execution.sandbox import Limits
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
):
    job = job_in(tmp_path)
    job.folder.workdir.mkdir(exist_ok=True)
    job.folder.kernel_log.write_text(log)
    watchdog = supervisor.Watchdog(km=None, seconds=30)
    watchdog.entering_cell(4, "while True:\n    pass")
    watchdog.fired = fired
    peak = memory.MemoryPeak(data_bytes=int(peak_gib * 1024**3))
    return supervisor._failed_execution(watchdog, peak, error, job, ours)


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


def test_an_abort_with_much_of_the_limit_in_use_is_memory_a_crash_with_little_is_not():
    peak = memory.MemoryPeak(data_bytes=int(1.2 * 1024**3))
    limit = 2 * 1024**3
    assert memory.ran_out(peak, limit, -signal.SIGABRT)  # one large allocation failed
    assert not memory.ran_out(peak, limit, -signal.SIGSEGV)
    assert not memory.ran_out(memory.MemoryPeak(data_bytes=10**8), limit, -signal.SIGABRT)


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
