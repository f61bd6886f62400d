"""The student handout where students are: fresh environments made from PyPI packages only.

Each environment is a new virtual environment of a Python on this machine (never the
project's ``.venv``, never an editable install), with the handout's requirements at the
two ends of the range it supports: the newest (the project's pinned TensorFlow, Keras and
otter-grader, on Python 3.13) and the oldest (TensorFlow 2.16.1, the first whose Keras is
Keras 3, with Keras 3.0.5 and otter-grader 6.0, on Python 3.10). The handout is unzipped
outside the checkout, and its notebook runs there in a real Jupyter kernel of that
environment: with the reference answers filled in (every public check passes), with a
student's answers that one-hot encode with scikit-learn (the handout's requirements.txt
installs the declared student environment: every check passes), and untouched (every
check fails with its student message). The zips the newest environment's export cell
writes are then graded by ``densegrade grade``: 13 / 13.

This machine is offline: a first cell that the test adds (not part of the handout,
:data:`autograder.corpus.offline.OFFLINE_DATA_CELL`) serves Keras' ``load_data()`` from
the course's data folder, as a student's Keras would download the data sets.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import nbformat
import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

from autograder.authoring import build
from autograder.corpus.cases import CASES
from autograder.corpus.notebooks import case_notebook, reference_answers
from autograder.corpus.offline import OFFLINE_DATA_CELL
from autograder.data import DATA_DIR_ENV
from autograder.drivers.samples import filled_student_notebook
from tests.conftest import PROJECT_ROOT, seed_references
from tests.fresh_environments import install, interpreter, result, start

pytestmark = pytest.mark.notebook

QUESTIONS = ("preprocessing", "model", "compile", "training", "evaluation")
REFERENCE, UNTOUCHED = "reference", "untouched"  # the answers a run fills in


@dataclass(frozen=True)
class Environment:
    name: str
    python: str  # the interpreter's version
    pins: tuple[str, ...]  # beside the handout's own requirements.txt


ENVIRONMENTS = (
    # The newest of the supported range: the project's pinned packages, on Python 3.13.
    Environment("newest", "3.13", ("tensorflow==2.21.*", "keras==3.15.*", "otter-grader==7.0.*")),
    # The oldest: the first TensorFlow whose Keras is Keras 3, on the oldest Python.
    Environment(
        "oldest", "3.10", ("tensorflow==2.16.1", "keras==3.0.5", "numpy<2", "otter-grader==6.0.*")
    ),
)


@cache
def handouts() -> dict[str, bytes]:
    """Each assignment's handout zip, as `densegrade build` writes it."""
    return build.handouts(build.render_all(PROJECT_ROOT))


def start_in_background(tmp_path_factory) -> None:
    """Make each environment in the background from the start (see tests/conftest.py)."""
    folder = tmp_path_factory.mktemp("handout-environments")
    zips = handouts()
    for environment in ENVIRONMENTS:
        work = partial(make_environment, environment, folder / environment.name, zips)
        start(f"handout-{environment.name}", work)


def make_environment(environment: Environment, folder: Path, zips: dict[str, bytes]) -> Path:
    """A new venv with the requirements.txt of the handout and a kernel; its Python."""
    requirements = unzip(zips["mnist_dense"], folder / "requirements", "mnist_dense")
    venv = folder / "venv"
    subprocess.run([interpreter(environment.python), "-m", "venv", str(venv)], check=True)
    wanted = ["-q", "-r", str(requirements / "requirements.txt"), "ipykernel", *environment.pins]
    return install(venv, wanted, environment.name)


def unzip(handout: bytes, destination: Path, assignment: str) -> Path:
    """The handout unzipped into ``destination``; the assignment's folder in it."""
    with zipfile.ZipFile(io.BytesIO(handout)) as archive:
        archive.extractall(destination)
    return destination / assignment


def kernel_manager(python: Path, folder: Path, data_dir: Path) -> KernelManager:
    """A kernel of ``python`` that sees nothing of the checkout or the project's venv."""
    spec = folder / "kernels" / "handout"
    spec.mkdir(parents=True, exist_ok=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    env = {"PYTHONPATH": "", DATA_DIR_ENV: str(data_dir), "TF_CPP_MIN_LOG_LEVEL": "2"}
    kernel = {"argv": argv, "language": "python", "display_name": "handout", "env": env}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    specs = KernelSpecManager(kernel_dirs=[str(folder / "kernels")])
    return KernelManager(kernel_name="handout", kernel_spec_manager=specs)


def run_notebook(notebook: nbformat.NotebookNode, km: KernelManager, cwd: Path) -> list:
    """Execute ``notebook`` in ``cwd`` after the offline-data cell; its cells as run."""
    executed = nbformat.from_dict(notebook)
    executed.cells.insert(0, nbformat.v4.new_code_cell(OFFLINE_DATA_CELL))
    resources = {"metadata": {"path": str(cwd)}}
    try:
        NotebookClient(
            executed, km=km, timeout=1200, allow_errors=True, resources=resources
        ).execute()
    finally:  # nbclient keeps alive a kernel it did not create
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return executed.cells[1:]


def answered_notebook(assignment: str, answers: str) -> nbformat.NotebookNode:
    """The student notebook filled with the reference answers or a corpus case's."""
    if answers == REFERENCE:
        return filled_student_notebook(assignment, reference_answers(assignment))
    return case_notebook(next(case for case in CASES if case.name == answers))


def check_output(cells: list, question: str) -> str:
    cell = next(c for c in cells if c.source.strip() == f'grader.check("{question}")')
    parts = []
    for output in cell.outputs:
        data = output.get("data", {})
        parts += [output.get("text", ""), data.get("text/plain", ""), data.get("text/html", "")]
        parts.append(output.get("evalue", ""))
    return "\n".join(parts)


class Environments:
    """Each environment made once, each notebook run in it once, on first use."""

    def __init__(self, folder: Path, handouts: dict[str, bytes], data_dir: Path) -> None:
        self.folder, self.handouts, self.data_dir = folder, handouts, data_dir
        self.pythons: dict[str, Path] = {}
        self.runs: dict[tuple[str, str, str], tuple[list, Path]] = {}

    def python(self, name: str) -> Path:
        if name not in self.pythons:
            environment = next(e for e in ENVIRONMENTS if e.name == name)
            made_now = partial(make_environment, environment, self.folder / name, self.handouts)
            self.pythons[name] = result(f"handout-{name}", made_now)
        return self.pythons[name]

    def unzip(self, name: str, purpose: str, assignment: str) -> Path:
        return unzip(self.handouts[assignment], self.folder / name / purpose, assignment)

    def run(self, name: str, assignment: str, answers: str) -> tuple[list, Path]:
        """The notebook's cells as run with ``answers`` (:data:`REFERENCE`, :data:`UNTOUCHED`
        or a corpus case's name), and its folder (where the export is written)."""
        key = (name, assignment, answers)
        if key not in self.runs:
            python = self.python(name)
            work = self.unzip(name, answers, assignment)
            notebook = nbformat.read(work / f"{assignment}.ipynb", as_version=4)
            if answers != UNTOUCHED:  # saved by the student, as the export cell zips it
                notebook = answered_notebook(assignment, answers)
                nbformat.write(notebook, work / f"{assignment}.ipynb")
            km = kernel_manager(python, self.folder / name, self.data_dir)
            self.runs[key] = (run_notebook(notebook, km, work), work)
        return self.runs[key]

    def run_side_by_side(self, keys: list[tuple[str, str, str]]) -> None:
        """Make these runs in one lane per environment, the lanes side by side: one
        environment's install and training use the cores the other leaves idle."""
        lanes: dict[str, list] = {}
        for key in keys:
            lanes.setdefault(key[0], []).append(key)
        with ThreadPoolExecutor(len(lanes)) as pool:
            futures = [
                pool.submit(lambda k=keys: [self.run(*key) for key in k]) for keys in lanes.values()
            ]
            for future in futures:
                future.result()


# The oldest environment runs the filled MNIST notebook only: the checks are the same code
# for both assignments, and CIFAR-10's ten epochs would add minutes and no new evidence.
FILLED = [("newest", "mnist_dense"), ("newest", "cifar10_dense"), ("oldest", "mnist_dense")]
UNTOUCHED_RUNS = [
    (env.name, name) for env in ENVIRONMENTS for name in ("mnist_dense", "cifar10_dense")
]
# A student's own answers that use scikit-learn, from the declared student environment
# (autograder/contracts/student_environment.py), which the handout's requirements.txt installs.
SCIKIT_LEARN = ("newest", "mnist_dense", "mnist_sklearn_one_hot_encoder")


@pytest.fixture(scope="module")
def environments(data_dir, tmp_path_factory) -> Environments:
    environments = Environments(tmp_path_factory.mktemp("handouts"), handouts(), data_dir)
    environments.run_side_by_side(
        [(name, assignment, REFERENCE) for name, assignment in FILLED]
        + [SCIKIT_LEARN]
        + [(name, assignment, UNTOUCHED) for name, assignment in UNTOUCHED_RUNS]
    )
    return environments


@pytest.mark.parametrize("name, assignment", FILLED)
def test_the_reference_answers_pass_every_public_check(environments, name, assignment):
    assert_every_check_passes(environments.run(name, assignment, REFERENCE)[0])


def test_answers_that_use_scikit_learn_pass_every_public_check(environments):
    cells, _ = environments.run(*SCIKIT_LEARN)
    assert any("from sklearn" in cell.source for cell in cells)
    assert_every_check_passes(cells)
    printed = [str(o.get("text", "")) for c in cells for o in c.get("outputs", [])]
    assert not [text for text in printed if "grader will not have" in text]


def assert_every_check_passes(cells: list) -> None:
    for question in QUESTIONS:
        output = check_output(cells, question)
        assert "passed" in output and "failed" not in output, (question, output[-2000:])
    errors = [o for c in cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors[:1]


@pytest.mark.parametrize("name, assignment", UNTOUCHED_RUNS)
def test_the_untouched_notebook_fails_every_check_with_its_message(environments, name, assignment):
    cells, _ = environments.run(name, assignment, UNTOUCHED)
    for question in QUESTIONS:
        output = check_output(cells, question)
        assert "failed" in output, (question, output[-2000:])
        assert "placeholder `...`" in output or "not defined" in output, (question, output)
        assert "No module named" not in output


def test_the_exports_grade_full_marks(environments, graded_references, tmp_path):
    """The zips the export cell wrote, graded as an instructor grades them (the references
    graded once with this grader are reused, not graded again)."""
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    runs = {
        "student_mnist_dense": ("newest", "mnist_dense", REFERENCE),
        "student_cifar10_dense": ("newest", "cifar10_dense", REFERENCE),
        "scikit_learn_mnist_dense": SCIKIT_LEARN,
    }
    for student, run in runs.items():
        _, work = environments.run(*run)
        exported = sorted(work.glob(f"{run[1]}_*.zip"))
        assert len(exported) == 1, sorted(p.name for p in work.iterdir())
        shutil.copy(exported[0], submissions / f"{student}.zip")
    out = tmp_path / "out"
    seed_references(graded_references, out)
    command = [sys.executable, "-m", "autograder.cli", "grade", str(submissions)]
    finished = subprocess.run(
        [*command, "--out", str(out), "--no-reports"], capture_output=True, text=True
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    rows = {row["submission"]: row for row in csv.DictReader((out / "grades.csv").open())}
    assert {name: (row["status"], row["score"]) for name, row in rows.items()} == {
        student: ("ok", "13") for student in runs
    }


def test_without_its_checks_folder_the_notebook_says_so_at_the_first_check(environments):
    """A student's environment has no densegrade: without ``autograder/`` beside it, the
    notebook says what is missing, in one sentence, instead of an import error."""
    python = environments.python("newest")
    work = environments.unzip("newest", "no-checks", "mnist_dense")
    shutil.rmtree(work / "autograder")
    notebook = nbformat.read(work / "mnist_dense.ipynb", as_version=4)
    first_check = next(c for c in notebook.cells if c.source.startswith("grader.check("))
    notebook.cells = [notebook.cells[0], first_check]
    km = kernel_manager(python, environments.folder / "newest", environments.data_dir)
    init, check = run_notebook(notebook, km, work)
    sentence = (
        "The checks cannot run here (the autograder/ folder is not beside the notebook): "
        "open this notebook in its unzipped handout folder as its README.md says, then run "
        "this first cell again."
    )
    assert [cell.outputs[0]["text"].strip() for cell in (init, check)] == [sentence, sentence]
