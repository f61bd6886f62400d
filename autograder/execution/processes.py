"""Processes the grader starts and must be able to stop: kill, reap, outlive nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import psutil

PR_SET_CHILD_SUBREAPER = 36


def kill(pid: int) -> None:
    """SIGKILL ``pid`` if it still exists (and is ours to kill)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL a process started in a session of its own, with everything it started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent() -> list[str]:
    """A command prefix: if the grader is killed, the process goes too (in any session)."""
    return ["setpriv", "--pdeathsig", "KILL"] if shutil.which("setpriv") else []


def kill_leftovers() -> None:
    """Kill every process but this one: the notebook's children, daemons and forks."""
    for _ in range(50):
        victims = _other_processes()
        if not victims:
            break
        for pid in victims:
            kill(pid)
        _reap()
        time.sleep(0.05)
    _reap()


def kill_user(uid: int) -> None:
    """Kill every process of the sandbox's own user ``uid``, wherever it went."""
    for process in psutil.process_iter(["uids"]):
        uids = process.info.get("uids")
        if uids is not None and uid in (uids.real, uids.effective):
            kill(process.pid)
    _reap()


def become_subreaper() -> None:
    """Outside a PID namespace, orphans of the notebook come back to us, not to init."""
    if os.getpid() == 1 or not sys.platform.startswith("linux"):
        return
    import ctypes

    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _other_processes() -> list[int]:
    if os.getpid() == 1:  # init of our own PID namespace: everything else is the notebook's
        return [int(entry) for entry in os.listdir("/proc") if entry.isdigit() and entry != "1"]
    try:
        return [child.pid for child in psutil.Process().children(recursive=True)]
    except psutil.Error:
        return []


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
