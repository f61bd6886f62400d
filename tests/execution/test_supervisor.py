"""What the supervisor does around the kernel: clean-up and reading a failed run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from autograder.execution import supervisor

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
        from autograder.execution import supervisor
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


def verdict_for(error: Exception, tmp_path: Path, *, fired: bool = False, log: str = ""):
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
    return supervisor._failed_execution(supervisor.Verdict(), watchdog, error, job, ours=False)


def test_a_stopped_kernel_is_told_apart_by_cause(tmp_path):
    timeout = verdict_for(RuntimeError(), tmp_path, fired=True)
    assert timeout.status == "timeout"
    assert timeout.reason == "the notebook ran longer than 30 s while running cell 4 `while True:`"
    memory = verdict_for(RuntimeError(), tmp_path, log="terminate: std::bad_alloc")
    assert (memory.status, "limit 2 GiB" in memory.reason) == ("memory", True)
    died = verdict_for(RuntimeError("dead"), tmp_path)
    assert died.status == "error" and "the kernel stopped while running cell 4" in died.reason
