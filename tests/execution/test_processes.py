"""The grader's processes: what a notebook leaves behind is killed, even outside a namespace."""

from __future__ import annotations

import subprocess
import sys
import textwrap

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
        from autograder.execution import processes
        processes.become_subreaper()
        parent = subprocess.Popen([sys.executable, "-c", {DAEMON!r}], stdout=subprocess.PIPE,
                                  text=True)
        daemon = int(parent.stdout.readline())
        parent.wait()
        alive_before = os.path.exists(f"/proc/{{daemon}}")
        processes.kill_leftovers()
        print(alive_before, os.path.exists(f"/proc/{{daemon}}"))
        """
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert finished.stdout.split() == ["True", "False"], finished.stderr
