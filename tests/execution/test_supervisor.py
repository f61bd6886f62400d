"""What the supervisor does around the kernel: clean-up and reading a failed run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from autograder.execution import memory, supervisor

DAEMON = (
    "import os, signal, time\n"
    "if os.fork() == 0:\n"  # a grandchild in a session of its own, deaf to SIGTERM
    "    os.setsid()\n"
    "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "    print(os.getpid(), flush=True)\n"
    "    time.sleep(600)\n"
)


def test_leftovers_are_killed_even_outside_a_pid_namespace(tmp_path):
    # In a fresh interpreter: becoming a subreaper must not touch the test runner.
    script = textwrap.dedent(
        f"""
        import os, subprocess, sys, time
        from autograder.execution import memory, supervisor
        supervisor._become_subreaper()
        parent = subprocess.Popen([sys.executable, "-c", {DAEMON!r}], stdout=subprocess.PIPE,
                                  text=True)
        daemon = int(parent.stdout.readline())
        parent.wait()
        alive_before = os.path.exists(f"/proc/{{daemon}}")
        supervisor.kill_leftovers()
        print(alive_before, os.path.exists(f"/proc/{{daemon}}"))
        """
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert finished.stdout.split() == ["True", "False"], finished.stderr


def verdict_for(
    error: Exception,
    tmp_path: Path,
    *,
    fired: bool = False,
    log: str = "",
    peak_gib: float = 0.5,
    ours: bool = False,
):
    (tmp_path / "kernel-output.log").write_text(log)
    job = supervisor.Job(
        notebook="",
        assignment="mnist_dense",
        workdir=str(tmp_path),
        private_dir=str(tmp_path),
        verdict="",
        limits={"timeout": 30.0, "memory_bytes": 2 * 1024**3},
        uid=None,
    )
    watchdog = supervisor.Watchdog(km=None, seconds=30)
    watchdog.entering_cell(4, "while True:\n    pass")
    watchdog.fired = fired
    peak = memory.MemoryPeak(data_bytes=int(peak_gib * 1024**3))
    return supervisor._failed_execution(supervisor.Verdict(), watchdog, peak, error, job, ours)


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
