"""The sandbox entry, run on a plain command instead of a kernel: quick and exact."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import autograder
from autograder.contracts import typed_files
from autograder.contracts.typed_files import FileFormatError
from autograder.execution import isolation, memory, sandbox
from autograder.execution.jobs import JobFolder
from autograder.execution.limits import GIB, Limits

PACKAGE = Path(autograder.__file__).resolve().parent
PROBE = """
import json, os, pathlib, socket, resource
facts = {"uid": os.getuid(), "cwd": os.getcwd(), "home": os.environ["HOME"],
         "bundles": sorted(p.name for p in pathlib.Path(%(bundles)r).iterdir()),
         "checkout": os.path.exists(%(solutions)r),
         "decoy": os.path.exists(%(decoy)r), "root": sorted(os.listdir("/")),
         "package": os.path.exists(%(module)r),
         "memory": resource.getrlimit(resource.RLIMIT_DATA)[0],
         "tmp": os.listdir("/tmp")}
try:
    socket.create_connection(("127.0.0.1", 9), timeout=2)
    facts["network"] = "open"
except OSError as error:
    facts["network"] = error.strerror
try:
    pathlib.Path(%(module)r).with_name("planted.py").write_text("")
    facts["write"] = "wrote"
except OSError as error:
    facts["write"] = error.strerror
print(json.dumps(facts))
"""


def run_in_sandbox(tmp_path: Path, limits: Limits, decoy: Path) -> dict:
    folder = JobFolder(str(tmp_path))
    folder.workdir.mkdir()
    uid = isolation.SANDBOX_UID_BASE + 999
    os.chown(folder.workdir, uid, uid)
    spec = sandbox.SandboxSpec(
        workdir=str(folder.workdir),
        kernel_log=str(folder.kernel_log),
        uid=uid,
        limits=limits,
        keep=tuple(sandbox.needed_paths()),
        hide=tuple(sandbox.hidden_paths(outputs=[tmp_path / "out"], inputs=[])),
        root=str(folder.new_root),
    )
    spec_file = typed_files.write(folder.sandbox_spec, spec)
    probe = PROBE % {
        "bundles": str(PACKAGE / "bundles"),
        "solutions": str(PACKAGE.parent / "solutions"),
        "module": str(PACKAGE / "drivers" / "grade.py"),
        "decoy": str(decoy),
    }
    command = sandbox.kernel_argv(spec_file, [sys.executable, "-c", probe])
    subprocess.run(command, check=True, timeout=60)
    return json.loads(folder.kernel_log.read_text())


def test_a_spec_reaches_the_sandbox_entry_as_written_and_nothing_else_does(tmp_path):
    spec = sandbox.SandboxSpec(
        workdir="/w",
        kernel_log="/w/log",
        uid=None,
        limits=Limits(threads=1),
        keep=("/usr",),
        data_files={"/data/mnist.npz": "/scratch/mnist.npz"},
    )
    path = typed_files.write(tmp_path / "sandbox.json", spec)
    assert typed_files.read(sandbox.SandboxSpec, path) == spec
    path.write_text(json.dumps({**json.loads(path.read_text()), "network": True}))
    with pytest.raises(FileFormatError, match="unknown key 'network'"):
        typed_files.read(sandbox.SandboxSpec, path)


@pytest.mark.skipif(
    not isolation.namespaces_available(), reason="needs root and unshare (the full sandbox)"
)
def test_the_kernel_sees_only_what_it_needs(tmp_path):
    # Another copy of the course, readable by everyone, outside every folder we know of.
    decoy = Path(tempfile.mkdtemp(prefix="densegrade-decoy-", dir="/opt"))
    (decoy / "tests.py").write_text("hidden")
    decoy.chmod(0o755)
    try:
        facts = run_in_sandbox(tmp_path, Limits(memory_bytes=3 * GIB), decoy)
    finally:
        shutil.rmtree(decoy)
    assert facts["uid"] == isolation.SANDBOX_UID_BASE + 999
    assert facts["cwd"] == facts["home"] == str(tmp_path / "work")
    assert facts["bundles"] == []  # hidden tests: an empty folder
    assert facts["checkout"] is False  # solutions/ and .git with it
    assert facts["decoy"] is False  # nothing outside what the kernel needs
    assert "opt" not in facts["root"] and "home" not in facts["root"]
    assert facts["package"] is True  # the grading code the kernel imports
    assert facts["memory"] == memory.address_backstop(3 * GIB)  # a backstop: the watch stops it
    assert facts["network"] == "Network is unreachable"
    assert facts["write"] == "Read-only file system"
    # A private /tmp: nothing but the way to the working folder and to kept folders.
    kept = [Path(path) for path in sandbox.needed_paths()] + [tmp_path / "work"]
    ways = {path.parts[2] for path in kept if path.parts[1] == "tmp"}
    assert set(facts["tmp"]) <= ways


def test_without_namespaces_the_kernel_command_is_only_the_entry(monkeypatch):
    monkeypatch.setattr(sandbox, "namespaces_available", lambda: False)
    argv = sandbox.kernel_argv(Path("spec.json"), ["python", "-m", "ipykernel_launcher"])
    assert argv[:3] == [sys.executable, "-m", "autograder.execution.sandbox"]
    assert sandbox.supervisor_prefix() == []


def test_the_bundles_and_outputs_stay_hidden_and_the_package_is_kept(tmp_path):
    hidden = sandbox.hidden_paths(outputs=[tmp_path], inputs=[])
    assert str(PACKAGE / "bundles") in hidden
    assert str(tmp_path.resolve()) in hidden
    kept = sandbox.needed_paths()
    assert str(PACKAGE) in kept and str(Path(sys.prefix).resolve()) in kept
    assert str(PACKAGE.parent) not in kept  # the checkout itself: solutions/, .git
