"""The grader's identity covers what can change a grade, and only that.

The end-to-end tests grade with a copy of the package (``PYTHONPATH`` puts it before the
installed one), edit the copy as a maintainer would, and grade again into the same
folder: an edited check regrades, an edited report template does not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.contracts import identity
from autograder.contracts.package_imports import PACKAGE_DIR, closure
from autograder.execution import pool
from autograder.execution.runner import prepare_execution

NOT_GRADING = (
    "autograder.reports",
    "autograder.cli",
    "autograder.drivers.cluster",
    "autograder.drivers.grade",
)


def test_the_modules_that_decide_a_grade_are_covered():
    modules = set(identity.grading_modules())
    for needed in (
        "autograder.checks.compile",
        "autograder.checks.hidden.evaluation",
        "autograder.judging.harness",
        "autograder.kernel.recorder",
        "autograder.contracts.otter_format.test_files",
        "autograder.data",  # the data sets' specification
        "autograder.contracts.handoff",
        "autograder.contracts.assignments",
    ):
        assert needed in modules, needed
    assert not [m for m in modules if m.startswith(NOT_GRADING)]


def test_what_the_grading_kernel_runs_is_covered(tmp_path):
    execution = prepare_execution(nbformat.v4.new_notebook(), tmp_path, datasets=("mnist",))
    ours = [execution.notebook.cells[0].source, execution.notebook.cells[-1].source]
    assert set(closure(ours)) <= set(identity.grading_modules())


def test_the_process_the_pool_starts_is_an_entry_point():
    source = Path(pool.__file__).read_text()
    assert '"-m", "autograder.execution.supervisor"' in source
    assert "autograder.execution.supervisor" in identity.GRADING_ENTRY_POINTS


def test_the_bundles_tests_are_followed():
    tests = identity._bundle_test_files()
    assert {path.parent.parent.name for path in tests} == {"mnist_dense", "cifar10_dense"}
    assert set(closure(path.read_text() for path in tests)) <= set(identity.grading_modules())


# --- a maintainer edits a copy of the package -----------------------------------------------


@pytest.fixture
def copied_package(tmp_path, project_root, data_dir) -> Path:
    """A copy of ``autograder/`` alone (no ``solutions/`` beside it: no references to grade)."""
    copy = tmp_path / "copy"
    shutil.copytree(PACKAGE_DIR, copy / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    (tmp_path / "in").mkdir()
    shutil.copy(stub, tmp_path / "in" / "ana_mnist_dense.ipynb")
    return copy


def _run(copy: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(copy))
    finished = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=copy.parent, env=env
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return finished


def _edit_a_check(copy: Path) -> None:
    with (copy / "autograder" / "checks" / "compile.py").open("a") as module:
        module.write("\nEDITED_BY_A_MAINTAINER = True\n")


def _edit_a_template(copy: Path) -> None:
    with (copy / "autograder" / "reports" / "templates" / "feedback.html.j2").open("a") as page:
        page.write("{# edited by a maintainer #}\n")


def _graded_events(copy: Path) -> list[str]:
    """Grade ``in/`` into ``out/`` with the copy; the event of the one submission."""
    grade = ["-m", "autograder.cli", "grade", "in", "--out", "out", "--no-reports"]
    finished = _run(copy, *grade, "--json-lines")
    events = [json.loads(line) for line in finished.stdout.splitlines()]
    assert (
        "copy/autograder"
        in _run(copy, "-c", "import autograder; print(autograder.__file__)").stdout
    )
    return [event["event"] for event in events if event.get("submission") == "ana_mnist_dense"]


@pytest.mark.notebook
def test_a_rerun_regrades_after_a_check_changes_and_not_after_a_template_does(copied_package):
    assert _graded_events(copied_package)[-1] == "graded"
    _edit_a_template(copied_package)
    assert _graded_events(copied_package)[-1] == "unchanged"
    _edit_a_check(copied_package)
    assert _graded_events(copied_package)[-1] == "graded"
    assert _graded_events(copied_package)[-1] == "unchanged"


CLUSTER_RUN = """
import json, sys
from pathlib import Path
from autograder.drivers.cluster.run import prepare_run
from autograder.drivers.cluster.slurm import SlurmOptions
from autograder.drivers.cluster.worker import grade_entries
from autograder.execution.limits import Limits

run = prepare_run([Path("in")], Path("out"), Limits(), SlurmOptions())
written = grade_entries(run.manifest, run.manifest.to_grade)
print(json.dumps({"to_grade": [e.name for e in run.manifest.to_grade],
                  "written": [r.submission for r in written], "grader": run.manifest.grader}))
"""


@pytest.mark.notebook
def test_a_cluster_run_regrades_after_a_check_changes_and_not_after_a_template_does(
    copied_package,
):
    def run() -> dict:
        return json.loads(_run(copied_package, "-c", CLUSTER_RUN).stdout.splitlines()[-1])

    first = run()
    assert first["to_grade"] == first["written"] == ["ana_mnist_dense"]
    _edit_a_template(copied_package)
    after_template = run()
    assert after_template["to_grade"] == after_template["written"] == []
    assert after_template["grader"] == first["grader"]
    _edit_a_check(copied_package)
    after_check = run()
    assert after_check["to_grade"] == after_check["written"] == ["ana_mnist_dense"]
    assert after_check["grader"] != first["grader"]
    result = json.loads((copied_package.parent / "out/results/ana_mnist_dense.json").read_text())
    assert result["grader"] == after_check["grader"]
