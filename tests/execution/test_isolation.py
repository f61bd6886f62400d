"""Which isolation level a machine allows, and how the middle one hides files."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from autograder.execution import isolation


def test_the_levels_from_the_strongest_down(monkeypatch):
    monkeypatch.setattr(isolation, "namespaces_available", lambda: True)
    assert isolation.isolation_level() == "full"
    monkeypatch.setattr(isolation, "namespaces_available", lambda: False)
    monkeypatch.setattr(isolation, "own_user_available", lambda: True)
    assert isolation.isolation_level() == "own user, no namespaces"  # root in Docker: Gradescope
    monkeypatch.setattr(isolation, "own_user_available", lambda: False)
    assert isolation.isolation_level() == "limits only"


def test_no_own_user_where_that_user_cannot_start_python(monkeypatch):
    """This machine's Python lies under root's home (mode 0700): a kernel as another user
    could not start, so the level must not be offered (it is probed, not assumed)."""
    isolation.own_user_available.cache_clear()
    monkeypatch.setattr(isolation.sys, "executable", "/root/.pyenv/shims/python3")
    try:
        assert isolation.own_user_available() is False
        monkeypatch.setattr(isolation.sys, "executable", "/usr/bin/python3")
        monkeypatch.setattr(isolation, "served_files", lambda: [])
        monkeypatch.setenv("PYTHONPATH", str(Path(isolation.__file__).parents[2]))
        isolation.own_user_available.cache_clear()
        assert isolation.own_user_available() is (Path("/usr/bin/python3").exists())
    finally:
        isolation.own_user_available.cache_clear()


def test_protect_leaves_only_the_owner_in():
    """Outside namespaces, what must stay hidden is closed to the kernel's own user: it
    reads the file before, and not after."""
    base = Path(tempfile.mkdtemp(prefix="densegrade-protect-"))
    try:
        base.chmod(0o755)
        folder = base / "tests"
        folder.mkdir(mode=0o755)
        (folder / "hidden.py").write_text("secret")
        (folder / "hidden.py").chmod(0o644)
        probe = ["/usr/bin/python3", "-c", "import sys; print(open(sys.argv[1]).read())"]
        as_kernel = {"user": isolation.SANDBOX_UID_BASE + 998, "capture_output": True, "text": True}
        before = subprocess.run([*probe, str(folder / "hidden.py")], **as_kernel)
        isolation.protect([str(folder)])
        after = subprocess.run([*probe, str(folder / "hidden.py")], **as_kernel)
    finally:
        shutil.rmtree(base)
    assert before.stdout.strip() == "secret"
    assert "PermissionError" in after.stderr


def test_two_pools_on_one_machine_never_share_a_sandbox_uid(tmp_path):
    first = isolation.SandboxUsers(2, tmp_path)
    second = isolation.SandboxUsers(2, tmp_path)
    assert first.uids == [isolation.SANDBOX_UID_BASE, isolation.SANDBOX_UID_BASE + 1]
    assert not set(first.uids) & set(second.uids)
    del first  # its locks close with it
    assert isolation.SandboxUsers(1, tmp_path).uids == [isolation.SANDBOX_UID_BASE]


def test_a_pool_that_finds_every_uid_held_says_so(tmp_path):
    held = isolation.SandboxUsers(isolation.SANDBOX_UIDS, tmp_path)
    with pytest.raises(RuntimeError, match="every sandbox uid is held"):
        isolation.SandboxUsers(1, tmp_path)
    del held
