"""Grading as an instructor without root: the kernel in user namespaces of the grader's
own (``namespaces without root``) can neither read the hidden tests, nor undo the mounts
that hide them, nor write the results, nor reach the network; with the isolation
switched off (``limits only``) the same probe reads the tests, so the probe can."""

import csv
import shutil
import sys

import nbformat
import pytest

from tests.conftest import seed_references
from tests.unprivileged import (
    as_user,
    ensure_user,
    grader_paths,
    owned_folder,
    reachable,
    workspace,
)

pytestmark = pytest.mark.notebook

PROBE = """\
import ctypes, glob, pathlib, socket, autograder
bundles = pathlib.Path(autograder.__file__).parent / 'bundles'
def readable():
    count = 0
    for path in glob.glob(f'{bundles}/*/tests/*.py'):
        try:
            count += bool(open(path).read())
        except OSError:
            pass
    return count
before = readable()
libc = ctypes.CDLL(None, use_errno=True)
unmounted = libc.umount2(str(bundles).encode(), 2) == 0
try:
    open('OUT/forged.json', 'w').write('{}')
    wrote = 'WROTE'
except OSError:
    wrote = 'could not write'
try:
    socket.create_connection(('10.0.0.1', 9), timeout=3)
    network = 'NETWORK'
except OSError:
    network = 'no network'
print(f'READ {before}; UNMOUNTED {unmounted}; READ AFTER {readable()}; {wrote}; {network}')
"""


@pytest.fixture(scope="module")
def probes(graded_references, data_dir):
    """The probe graded as the unprivileged user, isolated and not: (stderr, printed)."""
    user = ensure_user()
    found = {}
    with reachable(*grader_paths()), workspace(user) as folder:
        for level, env in (("rootless", {}), ("off", {"DENSEGRADE_ISOLATION": "limits"})):
            work = owned_folder(folder / level, user)
            out = work / "out"
            notebook = nbformat.v4.new_notebook(
                cells=[nbformat.v4.new_code_cell(PROBE.replace("OUT", str(out)))]
            )
            (work / "class").mkdir()
            nbformat.write(notebook, work / "class" / "probe_mnist_dense.ipynb")
            seed_references(graded_references, out)
            for path in [work / "class", *work.rglob("*")]:
                shutil.chown(path, user.pw_name, user.pw_name)
            command = [sys.executable, "-m", "autograder.cli", "grade", str(work / "class")]
            command += ["--out", str(out), "--no-reports", "--workers", "1"]
            env = {"DENSEGRADE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", **env}
            finished = as_user(command, user, env, cwd="/")
            assert finished.returncode == 0, finished.stderr[-3000:]
            row = next(csv.DictReader((out / "grades.csv").open()))
            kept = out / "notebooks" / "probe_mnist_dense.ipynb"
            forged = (out / "forged.json").exists()
            found[level] = (finished.stderr, _printed(kept), row, forged)
    return found


def test_without_root_the_kernel_is_walled_in(probes):
    stderr, printed, row, forged = probes["rootless"]
    assert "Isolation: namespaces without root" in stderr
    assert printed == "READ 0; UNMOUNTED False; READ AFTER 0; could not write; no network", printed
    assert row["status"] == "ok" and not forged


def test_the_probe_reads_the_tests_when_the_walls_are_off(probes):
    stderr, printed, _, forged = probes["off"]
    assert "Isolation: limits only" in stderr
    assert printed.startswith("READ ") and not printed.startswith("READ 0;")
    assert "WROTE" in printed and forged


def _printed(path) -> str:
    cells = nbformat.read(path, as_version=4).cells
    return "".join(o.get("text", "") for c in cells for o in c.get("outputs", [])).strip()
