"""An unprivileged user of this machine for the tests that run the grader as an
instructor without root (rootless isolation, Slurm jobs).

The user has an account and a home of its own. The grader's interpreter must be within
its reach: pyenv keeps Pythons under root's home, which others cannot enter, so
:func:`reachable` lets others pass through (never list or read) the folders that lead
to the given paths, and puts each folder's mode back afterwards.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

USER = "densegrade-ci"


def ensure_user(name: str = USER) -> pwd.struct_passwd:
    """The user, created (with a home) if this machine lacks it; fails the test if the
    tests are not root (only root can make one, or run commands as another user)."""
    if os.geteuid() != 0:
        pytest.fail("the tests that run as an unprivileged user need root to start them")
    try:
        return pwd.getpwnam(name)
    except KeyError:
        command = ["useradd", "--create-home", "--user-group", "--shell", "/bin/sh", name]
        subprocess.run(command, check=True, capture_output=True)
        return pwd.getpwnam(name)


@contextlib.contextmanager
def reachable(*paths: Path) -> Iterator[None]:
    """Let every user pass through the folders leading to ``paths`` while inside."""
    changed: dict[Path, int] = {}
    for path in paths:
        for folder in Path(os.path.realpath(path)).parents:
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH and folder not in changed:
                changed[folder] = stat.S_IMODE(mode)
                folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
    try:
        yield
    finally:
        for folder, mode in changed.items():
            folder.chmod(mode)


def grader_paths() -> list[Path]:
    """What the grader's processes need to reach: the interpreter and its installation."""
    return [Path(sys.executable), Path(sys.prefix), Path(sys.base_prefix) / "lib"]


@contextlib.contextmanager
def workspace(user: pwd.struct_passwd) -> Iterator[Path]:
    """A folder of ``user``'s own under the system's temporary folder (pytest's are closed
    to other users), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="densegrade-ci-"))
    os.chown(folder, user.pw_uid, user.pw_gid)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def owned_folder(path: Path, user: pwd.struct_passwd) -> Path:
    """``path`` created (empty) and handed to ``user``."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    os.chown(path, user.pw_uid, user.pw_gid)
    return path


def as_user(command: list[str], user: pwd.struct_passwd, env: dict[str, str], **options):
    """Run ``command`` as ``user``, with ``env`` its whole environment."""
    base = {"HOME": user.pw_dir, "USER": user.pw_name, "LOGNAME": user.pw_name}
    full = ["runuser", "-u", user.pw_name, "--", "env", "-i"]
    full += [f"{key}={value}" for key, value in {**base, **env}.items()]
    return subprocess.run([*full, *command], capture_output=True, text=True, **options)
