"""A catalogue of broken and hostile submissions, each with the row it must produce.

Most cases are the untouched MNIST student notebook (quick: nothing trains) with one
hostile cell after the imports, so the whole catalogue grades in a few minutes;
the cell-order cases start from the reference solution. Every case states the
status it must get and words its reason must contain; ``docs/catalogue.md`` is
the observed table (``test-artifacts/catalogue.md`` after a test run).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT
from autograder.corpus.cases import Case
from autograder.corpus.notebooks import case_notebook
from autograder.execution.limits import Limits

ASSIGNMENT = "mnist_dense"
CATALOGUE_TIMEOUT = 120  # seconds; a reference needs about a minute when sharing the cores
# Cases that only ever end at the time limit are graded in a batch of their own with a
# short one: the limit is what they show, and 120 s each would only be waited out.
STALLS = ("infinite_loop", "sleep_forever")
STALL_TIMEOUT = 20
MARKER = "densegrade-catalogue"  # names what hostile cells try to leave behind


@dataclass(frozen=True)
class HostileCase:
    name: str
    description: str
    status: str
    reason: str  # words the reason (or the execution errors) must contain
    build: Callable[[], bytes]
    score: float | None = None  # when the score itself is the point


def stub() -> nbformat.NotebookNode:
    path = PROJECT_ROOT / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    return nbformat.read(path, as_version=4)


def reference() -> nbformat.NotebookNode:
    return case_notebook(Case("reference", ASSIGNMENT, "", 13))


def _dump(notebook: nbformat.NotebookNode) -> bytes:
    return nbformat.writes(notebook).encode()


def with_cell(source: str) -> Callable[[], bytes]:
    """The student notebook with ``source`` as a cell right after the imports."""

    def build() -> bytes:
        notebook = stub()
        first_code = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
        notebook.cells.insert(first_code + 1, nbformat.v4.new_code_cell(source))
        return _dump(notebook)

    return build


def reference_cells(rearrange: Callable[[list], list]) -> Callable[[], bytes]:
    def build() -> bytes:
        notebook = reference()
        notebook.cells = rearrange(notebook.cells)
        return _dump(notebook)

    return build


def _code_index(cells: list, text: str) -> int:
    return next(i for i, cell in enumerate(cells) if text in cell.source)


def _without(text: str) -> Callable[[list], list]:
    return lambda cells: [cell for cell in cells if text not in cell.source]


def _duplicate(text: str) -> Callable[[list], list]:
    def rearrange(cells: list) -> list:
        index = _code_index(cells, text)
        again = copy.deepcopy(cells[index])
        again["id"] = f"{again.get('id', 'cell')}-again"
        return cells[: index + 1] + [again] + cells[index + 1 :]

    return rearrange


def _move_before(moved: str, anchor: str) -> Callable[[list], list]:
    def rearrange(cells: list) -> list:
        cell = cells.pop(_code_index(cells, moved))
        cells.insert(_code_index(cells, anchor), cell)
        return cells

    return rearrange


def _nbformat(version: int) -> Callable[[], bytes]:
    def build() -> bytes:
        content = json.loads(_dump(stub()))
        content["nbformat"] = version
        return json.dumps(content).encode()

    return build


def _cifar_notebook() -> bytes:
    path = PROJECT_ROOT / "assignments" / "cifar10_dense" / "cifar10_dense.ipynb"
    return path.read_bytes()


def _empty_notebook() -> bytes:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["otter"] = {"assignment_name": ASSIGNMENT}
    return _dump(notebook)


BUNDLE = "autograder/bundles/mnist_dense"
READ_HIDDEN = f"""
import glob, os, pathlib
found = []
for root in ["/work", "/root", "/home", "/srv", "/opt", "/tmp", "/proc/1/root", "/proc/1/cwd"]:
    for pattern in ["**/bundles/*/tests/*.py", "**/solutions/*.ipynb", "**/{BUNDLE}/**"]:
        for path in glob.glob(f"{{root}}/{{pattern}}", recursive=True):
            try:
                text = pathlib.Path(path).read_text()
            except OSError:
                continue
            found.append(path)
            print(text)
import autograder
bundle = pathlib.Path(autograder.__file__).parent / "bundles" / "{ASSIGNMENT}" / "tests"
for path in bundle.glob("*.py"):
    print(path.read_text())
    found.append(str(path))
raise RuntimeError("hidden tests read: " + repr(found))
"""

CASES: tuple[HostileCase, ...] = (
    HostileCase(
        "invalid_json",
        "not JSON at all",
        "invalid",
        "not a readable notebook",
        lambda: b'{"cells": [ this is not json',
    ),
    HostileCase(
        "empty_notebook", "a notebook with no cells", "invalid", "no code cells", _empty_notebook
    ),
    HostileCase(
        "other_assignment_mnist_dense",
        "the CIFAR-10 notebook handed in under the MNIST name",
        "invalid",
        "holds the cifar10_dense notebook",
        _cifar_notebook,
    ),
    HostileCase(
        "unsupported_nbformat",
        "nbformat 5, a version that does not exist",
        "invalid",
        "not a readable notebook",
        _nbformat(5),
    ),
    HostileCase(
        "cells_deleted",
        "the reference without its training cell",
        "ok",
        "failed: training",
        reference_cells(_without("model.fit(")),
    ),
    HostileCase(
        "cells_duplicated",
        "the reference with its training cell run twice (20 epochs: not penalised)",
        "ok",
        "",
        reference_cells(_duplicate("model.fit(")),
        score=13,
    ),
    HostileCase(
        "cells_reordered",
        "the reference with the model built before the data is loaded",
        "ok",
        "",
        reference_cells(_move_before("model = Sequential(", "mnist.load_data()")),
        score=13,
    ),
    HostileCase(
        "exception_in_cell",
        "a cell raises",
        "ok",
        "ZeroDivisionError",
        with_cell("1 / 0"),
    ),
    HostileCase(
        "syntax_error",
        "a cell that is not Python",
        "ok",
        "SyntaxError",
        with_cell("def broken(:\n    pass"),
    ),
    HostileCase(
        "infinite_loop",
        "`while True: pass`",
        "timeout",
        "ran longer than",
        with_cell("while True:\n    pass"),
    ),
    HostileCase(
        "sleep_forever",
        "`time.sleep` for a day",
        "timeout",
        "ran longer than",
        with_cell("import time\ntime.sleep(86400)"),
    ),
    HostileCase(
        "huge_allocation",
        "asks for 64 GiB at once",
        "memory",
        "out of memory",
        with_cell("block = bytearray(64 * 1024**3)"),
    ),
    HostileCase(
        "growing_memory",
        "reserves 256 MiB at a time, never touched, until the address-space backstop gives",
        "memory",
        "out of memory",
        with_cell(
            "import numpy as np\nblocks = []\nwhile True:\n"
            "    blocks.append(np.empty(256 * 1024**2, dtype=np.uint8))"
        ),
    ),
    HostileCase(
        "fills_memory",
        "touches 256 MiB at a time: its resident memory passes the limit",
        "memory",
        "used more memory than its limit",
        with_cell(
            "import numpy as np\nblocks = []\nwhile True:\n"
            "    blocks.append(np.ones(256 * 1024**2, dtype=np.uint8))"
        ),
    ),
    HostileCase(
        "aborts_near_its_limit",
        "fills 60% of its memory limit, then aborts as TensorFlow does on a failed allocation",
        "memory",
        "out of memory",
        with_cell(
            "import os, time, numpy as np\n"
            f"used = np.ones({int(0.6 * Limits().memory_bytes)}, dtype=np.uint8)\n"
            "time.sleep(1)\n"
            "os.abort()"
        ),
    ),
    HostileCase(
        "fork_bomb",
        "forks up to 2,000 sleeping children",
        "ok",
        "BlockingIOError",
        with_cell(
            "import os, time\n"
            "for _ in range(2000):\n"
            "    if os.fork() == 0:\n"
            "        time.sleep(3600)\n"
            "        os._exit(0)"
        ),
    ),
    HostileCase(
        "huge_output",
        "prints 300 MB",
        "ok",
        "MB of printed output dropped",
        with_cell("line = 'x' * 100_000\nfor _ in range(3_000):\n    print(line)"),
    ),
    HostileCase(
        "write_outside",
        "writes files beside the project, in /tmp and in the grader's output",
        "ok",
        "PermissionError",
        with_cell(
            "import pathlib, tempfile\n"
            f"pathlib.Path(tempfile.gettempdir(), '{MARKER}').write_text('x')\n"
            "pathlib.Path('../escaped.txt').write_text('x')\n"
            f"pathlib.Path('{PROJECT_ROOT}', '{MARKER}').write_text('x')"
        ),
    ),
    HostileCase(
        "delete_tests",
        "deletes and overwrites the bundle's test files",
        "ok",
        "hidden tests not found",
        with_cell(
            "import pathlib, shutil, autograder\n"
            "tests = pathlib.Path(autograder.__file__).parent / 'bundles'\n"
            "victims = list(tests.rglob('*.py'))\n"
            "for path in victims:\n"
            "    path.write_text('def test(): pass')\n"
            "shutil.rmtree(tests, ignore_errors=True)\n"
            "if not victims:\n"
            "    raise FileNotFoundError('hidden tests not found')"
        ),
    ),
    HostileCase(
        "read_hidden_tests",
        "looks for the hidden tests and solutions everywhere and prints them",
        "ok",
        "hidden tests read: []",
        with_cell(READ_HIDDEN),
    ),
    HostileCase(
        "tamper_grader",
        "replaces otter's grader and the check library in its kernel",
        "ok",
        "",
        with_cell(
            "import otter, autograder.checks.hidden.evaluation as evaluation\n"
            "otter.Notebook.check = lambda *a, **k: 'All tests passed!'\n"
            "otter.Notebook.check_all = lambda *a, **k: 'All tests passed!'\n"
            "evaluation.check_accuracy = lambda *a, **k: None\n"
            "grader = otter.Notebook()"
        ),
        score=0,
    ),
    HostileCase(
        "sys_exit", "`sys.exit(0)`", "ok", "SystemExit", with_cell("import sys\nsys.exit(0)")
    ),
    HostileCase(
        "os_exit",
        "`os._exit(1)` kills the kernel",
        "error",
        "the kernel stopped",
        with_cell("import os\nos._exit(1)"),
    ),
    HostileCase(
        "kill_parent",
        "kills its parent process, then every process it can",
        "ok",
        "",
        with_cell(
            "import os, signal\n"
            "try:\n"
            "    os.kill(os.getppid(), signal.SIGKILL)\n"
            "except OSError:\n"
            "    pass\n"
            "os.kill(-1, signal.SIGKILL)"
        ),
        score=0,
    ),
    HostileCase(
        "ignores_sigterm",
        "leaves a daemon that ignores SIGTERM in a session of its own",
        "ok",
        "",
        with_cell(
            "import subprocess, sys\n"
            "subprocess.Popen([sys.executable, '-c', 'import os, signal, time; os.setsid(); "
            "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(86400)'])"
        ),
        score=0,
    ),
    HostileCase(
        "network",
        "opens a connection to the internet and to the machine itself",
        "ok",
        "Network is unreachable",
        with_cell(
            "import socket\n"
            "for host in ('1.1.1.1', '127.0.0.1'):\n"
            "    try:\n"
            "        socket.create_connection((host, 80), timeout=5)\n"
            "    except OSError as error:\n"
            "        last = error\n"
            "raise last"
        ),
    ),
)


def write_catalogue(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in CASES:
        name = case.name if case.name.endswith(ASSIGNMENT) else f"{case.name}_{ASSIGNMENT}"
        path = folder / f"{name}.ipynb"
        path.write_bytes(case.build())
        paths.append(path)
    return paths
