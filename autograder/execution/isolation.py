"""Which walls this machine allows around a kernel, from the strongest down.

- ``full``: root and a working ``unshare``: new namespaces, a new root file system, a
  user of its own (:mod:`autograder.execution.sandbox`);
- ``namespaces without root``: not root, where the system allows unprivileged user
  namespaces (most Slurm clusters, a laptop): the same namespaces and new root inside
  a user namespace of the grader's own, where the kernel, which stays the grader's user,
  starts with every capability dropped, so it cannot undo the mounts that hide files;
- ``own user, no namespaces``: root without namespaces (a Docker container such as
  Gradescope's withholds ``CAP_SYS_ADMIN``): the kernel still becomes a user of its
  own, and :func:`protect` closes what must stay hidden to that user;
- ``limits only``: not root (a laptop): the resource limits and the cleanup.

``DENSEGRADE_ISOLATION=limits`` asks for the last even where more is possible (to see
what an instructor without root gets). ``docs/grading.md`` says what each leaves open.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from enum import StrEnum
from pathlib import Path

from autograder.data import served_files

ISOLATION_ENV = "DENSEGRADE_ISOLATION"
SANDBOX_UID_BASE = 61000  # one unprivileged uid per worker slot; no account is needed
SANDBOX_UIDS = 990  # the range leased to pools (the tests use the last few themselves)
NAMESPACES = ("--net", "--mount", "--ipc", "--uts")
PID_NAMESPACE = ("--pid", "--fork", "--kill-child", "--mount-proc")
USER_NAMESPACE = ("--user", "--map-root-user")  # the grader's own user, as root inside


class Isolation(StrEnum):
    """The walls a machine allows, strongest first; the value is what messages show."""

    FULL = "full"
    ROOTLESS = "namespaces without root"
    OWN_USER = "own user, no namespaces"
    LIMITS_ONLY = "limits only"


# the module's names for them, as pool.py and doctor.py use them
FULL, ROOTLESS, OWN_USER = Isolation.FULL, Isolation.ROOTLESS, Isolation.OWN_USER
LIMITS_ONLY = Isolation.LIMITS_ONLY


@functools.cache
def namespaces_available() -> bool:
    """True when this process may build the full sandbox (root and a working ``unshare``)."""
    if os.environ.get(ISOLATION_ENV) == "limits":
        return False
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = ["unshare", *NAMESPACES, *PID_NAMESPACE, "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


@functools.cache
def user_namespaces_available() -> bool:
    """True when this process, not root, may build the sandbox in a user namespace of its
    own (the kernel's ``unshare`` then runs inside it, as its root)."""
    if os.environ.get(ISOLATION_ENV) == "limits":
        return False
    if os.name != "posix" or os.geteuid() == 0 or not shutil.which("unshare"):
        return False
    probe = ["unshare", *USER_NAMESPACE, *PID_NAMESPACE, "unshare", *NAMESPACES, "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


@functools.cache
def own_user_available() -> bool:
    """True when the kernel can run as an unprivileged user of its own: the grader is root,
    and that user can start Python, import the package and read the data sets (a Python
    or data folder under root's own home would stop every kernel)."""
    if os.environ.get(ISOLATION_ENV) == "limits":
        return False
    if os.name != "posix" or os.geteuid() != 0:
        return False
    reads = "import autograder, sys; [open(path, 'rb').close() for path in sys.argv[1:]]"
    probe = [sys.executable, "-c", reads, *map(str, served_files())]
    as_user = {"user": SANDBOX_UID_BASE, "group": SANDBOX_UID_BASE, "extra_groups": []}
    try:
        return subprocess.run(probe, capture_output=True, cwd="/", **as_user).returncode == 0
    except OSError:  # the interpreter itself is out of that user's reach
        return False


def isolation_level() -> Isolation:
    """The strongest level this process can give a kernel (one of the four above)."""
    if namespaces_available():
        return FULL
    if user_namespaces_available():
        return ROOTLESS
    return OWN_USER if own_user_available() else LIMITS_ONLY


class SandboxUsers:
    """Unprivileged uids for one pool's kernels, shared with no other pool on this machine
    (two batches at once, two cluster tasks on one node): each uid is held by a lock on a
    file of its own, which the system releases when the pool's process ends, however it
    ends. The supervisor kills every process of its kernel's uid, so a shared uid would
    kill another pool's kernel."""

    def __init__(self, count: int, folder: Path | None = None) -> None:
        folder = folder or Path(tempfile.gettempdir()) / "densegrade-uids"
        folder.mkdir(mode=0o700, exist_ok=True)
        self.uids: list[int] = []
        self._locks = []
        for uid in range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + SANDBOX_UIDS):
            if len(self.uids) == count:
                return
            lock = open(folder / str(uid), "a")  # noqa: SIM115 -- held for the pool's life
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                continue
            self.uids.append(uid)
            self._locks.append(lock)
        if len(self.uids) < count:
            raise RuntimeError(f"every sandbox uid is held by another grader ({folder})")


def protect(paths: list[str]) -> None:
    """Take every permission but the owner's (root's) from ``paths``: the kernel's user,
    outside a namespace of its own, then cannot enter them."""
    for path in paths:
        os.chmod(path, os.stat(path).st_mode & 0o7700)
