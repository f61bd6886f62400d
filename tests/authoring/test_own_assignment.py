"""An instructor's own assignment, from `densegrade new` to a graded class, as the README
walks it: in a scratch copy of the project (its own package, its own solutions/), every
command run as an instructor types it, from the project folder, with relative paths.

Two assignments change at once, sharing one build and one batch: a new one on a data set
of the instructor's own (10x10 images, 3 classes; another network, optimizer and epochs),
and the lesson's MNIST assignment changed to its heading's 512 -> 512 -> 10 with Adam and
5 epochs by editing only its reference and recalibrating. CIFAR-10 is left as it is.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.contracts.package_imports import PACKAGE_DIR
from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT
from autograder.corpus.answers import LESSON_MNIST, LESSON_MNIST_AFTER_FIT
from autograder.drivers.samples import edited_reference, filled_student_notebook
from tests.authoring.own_data import CLASSES, write_strokes

pytestmark = pytest.mark.notebook

NEW = "strokes_dense"
# The instructor's edits of the scaffolded reference: another network, optimizer, epochs.
NEW_REFERENCE = (
    (
        '    Dense(32, activation="relu"),\n    Dense(16, activation="relu"),\n',
        '    Dense(64, activation="relu"),\n    Dropout(0.2),\n',
    ),
    ("import Dense, Input", "import Dense, Dropout, Input"),
    ('model.compile(optimizer="sgd"', 'model.compile(optimizer="adam"'),
    ("epochs=10, validation_data", "epochs=4, batch_size=32, validation_data"),
)
# The lesson heading's network for MNIST: "2 hidden layers with 512 and 512 hidden nodes".
HEADING_REFERENCE = (
    (
        '    Dense(32, activation="relu"),\n    Dense(16, activation="relu"),\n',
        '    Dense(512, activation="relu"),\n    Dense(512, activation="relu"),\n',
    ),
    ('model.compile(optimizer="sgd"', 'model.compile(optimizer="adam"'),
    ("epochs=10, validation_data", "epochs=5, validation_data"),
)
# Students of the new assignment: each typical mistake as a student makes it.
MISTAKES = {
    "eve": (("epochs=4, batch_size=32", "epochs=10, batch_size=32"),),  # the old epochs
    "raj": (('optimizer="adam"', 'optimizer="rmsprop"'),),  # another optimizer
    "lin": (  # the lesson's network instead of the assignment's
        (
            '    Dense(64, activation="relu"),\n    Dropout(0.2),\n',
            '    Dense(32, activation="relu"),\n    Dense(16, activation="relu"),\n',
        ),
    ),
}


def edit_reference(path: Path, edits: tuple[tuple[str, str], ...]) -> None:
    notebook = nbformat.read(path, as_version=4)
    for old, new in edits:
        hits = [cell for cell in notebook.cells if old in cell.source]
        assert len(hits) == 1, f"{old!r} is in {len(hits)} cells of {path.name}"
        hits[0].source = hits[0].source.replace(old, new)
    nbformat.write(notebook, path)


class Project:
    """A scratch copy of the project, its commands run as an instructor runs them."""

    def __init__(self, root: Path, data_dir: Path) -> None:
        self.root = root
        shutil.copytree(
            PACKAGE_DIR, root / "autograder", ignore=shutil.ignore_patterns("__pycache__")
        )
        shutil.copytree(PROJECT_ROOT / "solutions", root / "solutions")
        for name in ("pyproject.toml", "constraints.txt"):  # the Gradescope zip's wheel, pins
            shutil.copy(PROJECT_ROOT / name, root / name)
        self.env = dict(os.environ, PYTHONPATH=str(root), DENSEGRADE_DATA_DIR=str(data_dir))
        self.outputs: dict[str, subprocess.CompletedProcess] = {}

    def densegrade(self, *args: str, expect: int = 0) -> str:
        finished = subprocess.run(
            [sys.executable, "-m", "autograder.cli", *args],
            cwd=self.root, env=self.env, capture_output=True, text=True, timeout=1800,
        )  # fmt: skip
        self.outputs[" ".join(args)] = finished
        output = finished.stdout + finished.stderr
        assert finished.returncode == expect, f"densegrade {' '.join(args)}:\n{output}"
        return output


@pytest.fixture(scope="module")
def course(tmp_path_factory, data_dir):
    """The whole walk, once: new, edit, build (refused), calibrate, build, grade."""
    project = Project(tmp_path_factory.mktemp("course") / "project", data_dir)
    write_strokes(project.root / "solutions" / "strokes.npz")
    said = {
        "new": project.densegrade("new", NEW, "--from", "mnist_dense", "--dataset", "strokes.npz")
    }
    edit_reference(project.root / "solutions" / f"{NEW}.ipynb", NEW_REFERENCE)
    edit_reference(project.root / "solutions" / "mnist_dense.ipynb", HEADING_REFERENCE)
    said["refused"] = project.densegrade("build", expect=1)
    said["refused wrote"] = str((project.root / "assignments" / NEW).exists())
    said["calibrate new"] = project.densegrade("calibrate", NEW, "--seeds", "2")
    said["calibrate mnist"] = project.densegrade("calibrate", "mnist_dense", "--seeds", "1")
    said["build"] = project.densegrade("build", "--zip", "gradescope")
    students = project.root / "submissions"
    students.mkdir()
    for name, edits in {"ada": (), **MISTAKES}.items():
        notebook = edited_reference(NEW, edits, project_root=project.root)
        nbformat.write(notebook, students / f"{name}_{NEW}.ipynb")
    shutil.copy(project.root / "assignments" / NEW / f"{NEW}.ipynb", students / f"sam_{NEW}.ipynb")
    lesson = filled_student_notebook(
        "mnist_dense", dict(LESSON_MNIST), (LESSON_MNIST_AFTER_FIT,), project_root=project.root
    )
    nbformat.write(lesson, students / "leo_mnist_dense.ipynb")
    said["grade"] = project.densegrade("grade", "submissions", "--out", "grades")
    results = {
        path.stem: json.loads(path.read_text())
        for folder in ("results", "reference")
        for path in (project.root / "grades" / folder).glob("*.json")
    }
    return project, said, results


def failing(result: dict) -> dict[str, str]:
    return {check["check"]: check["message"] for check in result["checks"] if not check["passed"]}


def test_new_scaffolds_a_reference_and_settings_the_build_refuses_until_calibrated(course):
    project, said, _ = course
    assert f"Wrote solutions/{NEW}.ipynb" in said["new"]
    assert f"densegrade calibrate {NEW}" in said["new"]
    settings = (project.root / "solutions" / f"{NEW}.toml").read_text()
    assert 'dataset = "strokes.npz"' in settings
    assert "densegrade calibrate mnist_dense" in said["refused"]  # the changed lesson reference
    assert said["refused wrote"] == "False"  # a refused build writes nothing


def test_calibration_writes_the_thresholds_beside_the_reference(course):
    project, said, _ = course
    assert "Training" in said["calibrate new"] and "seed 2: accuracy" in said["calibrate new"]
    assert (project.root / "solutions" / f"{NEW}.calibration.md").is_file()
    settings = (project.root / "solutions" / f"{NEW}.toml").read_text()
    assert 'calibrated_for = "' in settings and 'calibrated_for = ""' not in settings


def test_the_build_records_and_prints_the_spec_each_reference_gives(course):
    project, said, _ = course
    spec = json.loads((project.root / "autograder/bundles" / NEW / "assignment.json").read_text())
    assert spec["image_shape"] == [10, 10] and spec["classes"] == list(CLASSES)
    assert [layer["kind"] for layer in spec["layers"]] == ["Dense", "Dropout", "Dense"]
    assert (spec["optimizer"], spec["epochs"], spec["batch_size"]) == ("Adam", 4, 32)
    assert "network: Dense(64, relu) -> Dropout(rate=0.2) -> Dense(3, softmax)" in said["build"]
    assert "network: Dense(512, relu) -> Dense(512, relu) -> Dense(10, softmax)" in said["build"]
    assert (project.root / "autograder/bundles" / NEW / "strokes.npz").is_file()


def test_the_gradescope_zip_carries_the_new_assignment_and_its_data(course):
    project, said, _ = course
    zipped = project.root / "gradescope" / f"{NEW}-autograder.zip"
    assert f"Wrote gradescope/{NEW}-autograder.zip" in said["build"]
    with zipfile.ZipFile(zipped) as autograder:
        config = json.loads(autograder.read("densegrade.json"))
        wheel_file = next(name for name in autograder.namelist() if name.endswith(".whl"))
        with zipfile.ZipFile(io.BytesIO(autograder.read(wheel_file))) as wheel:
            shipped = set(wheel.namelist())
    assert config["assignment"] == NEW
    assert {
        f"autograder/bundles/{NEW}/strokes.npz",
        f"autograder/bundles/{NEW}/assignment.json",
    } <= (shipped)


def test_the_handout_ships_the_data_set_and_says_how_to_load_it(course):
    project, _, _ = course
    with zipfile.ZipFile(project.root / "dist" / f"{NEW}-student.zip") as handout:
        names = set(handout.namelist())
        readme = handout.read(f"{NEW}/README.md").decode()
    assert {f"{NEW}/strokes.npz", f"{NEW}/autograder/bundles/{NEW}/assignment.json"} <= names
    assert 'np.load("strokes.npz")' in readme and "3 classes" in readme
    assert not [name for name in names if "/tests/" in name and "hidden" in name]


def test_the_reference_gets_full_marks_and_the_starter_none(course):
    _, _, results = course
    assert results[NEW]["score"] == results[NEW]["max_score"] == 13  # the reference, first
    assert results[f"ada_{NEW}"]["score"] == 13
    assert results[f"sam_{NEW}"]["score"] == 0


def test_each_mistake_is_charged_by_its_own_check_stating_the_new_spec(course):
    _, _, results = course
    eve, raj, lin = (failing(results[f"{name}_{NEW}"]) for name in ("eve", "raj", "lin"))
    assert set(eve) == {"history"} and "the assignment asks for 4" in eve["history"]
    assert set(raj) == {"compiled"} and "expected Adam" in raj["compiled"]
    assert set(lin) == {"architecture", "input_size"}
    assert "Dense(64, relu)" in lin["architecture"] and "Dropout(rate=0.2)" in lin["architecture"]
    assert results[f"eve_{NEW}"]["score"] == 12 and results[f"raj_{NEW}"]["score"] == 12


def test_the_lesson_heading_network_grades_its_reference_full_and_the_lesson_code_not(course):
    project, _, results = course
    assert results["mnist_dense"]["score"] == 13  # the changed reference, graded first
    leo = failing(results["leo_mnist_dense"])
    assert {"architecture", "input_size"} <= set(leo)
    assert "Dense(512, relu)" in leo["architecture"]
    assert "expected Adam" in leo["compiled"] and "asks for 5" in leo["history"]
    # CIFAR-10 is unchanged: its bundle is the shipped one, byte for byte.
    shipped = PACKAGE_DIR / "bundles" / "cifar10_dense"
    for path in sorted(
        p for p in shipped.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ):
        copy = project.root / "autograder/bundles/cifar10_dense" / path.relative_to(shipped)
        assert copy.read_bytes() == path.read_bytes(), path.name
