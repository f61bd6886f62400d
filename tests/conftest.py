"""Shared fixtures: the project root and the offline data folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.data import DATA_DIR_ENV
from tests.fresh_environments import wait_for_all

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def preparations_in_background(request, tmp_path_factory):
    """Start what the fresh-environment tests need (``start_in_background`` in their
    modules: virtual environments, the Gradescope image) before the first test: minutes
    of one core and the disk that then overlap with the grading tests instead of
    following them (tests/fresh_environments.py)."""
    modules = {item.module for item in request.session.items if getattr(item, "module", None)}
    starts = {getattr(module, "start_in_background", None) for module in modules}
    for begin in starts - {None}:
        begin(tmp_path_factory)
    yield
    wait_for_all()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The verified data sets; tests that need real data fail loudly without them."""
    value = os.environ.get(DATA_DIR_ENV)
    if not value:
        pytest.fail(f"{DATA_DIR_ENV} is not set: run the tests with `make test`.")
    return Path(value)


STUDENT_CELLS = [
    "import numpy as np\nimport keras",
    "X_train = np.random.default_rng(0).random((50, 784), dtype=np.float32)\n"
    "y_train = np.eye(10, dtype=np.float32)[np.arange(50) % 10]\n"
    "X_test, y_test = X_train[:10], y_train[:10]",
    "model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, 'softmax')])\n"
    "model.compile(optimizer='sgd', loss='categorical_crossentropy', metrics=['accuracy'])\n"
    "history = model.fit(X_train, y_train, epochs=2, validation_data=(X_test, y_test), verbose=0)",
    "raise ValueError('a student bug')",
    # Hostile: swap the functions the export uses and try to rewrite it afterwards.
    "np.save = lambda *args, **kwargs: None\n"
    "keras.saving.save_model = lambda *args, **kwargs: None\n"
    "import shutil\n"
    "get_ipython().events.register('post_run_cell', lambda *a: shutil.rmtree('.', True))",
]


@pytest.fixture(scope="session")
def small_execution(tmp_path_factory, data_dir):
    """A small notebook run through the real runner (kernel, recorder, export), with a
    student bug and hostile cells that try to tamper with the export."""
    import nbformat

    from tests.execution.running import execute_submission

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in STUDENT_CELLS]
    )
    return execute_submission(notebook, tmp_path_factory.mktemp("run"))


@pytest.fixture(scope="session")
def demo_output(project_root, data_dir, tmp_path_factory):
    """`densegrade demo --out demo-output`, run once as the README's `make demo` runs it (a
    relative folder), from a working folder of its own, ``--root`` naming the project
    (the demo builds the assignments there): (the folder, absolute; stderr). What it
    prints (`densegrade serve demo-output`) is meant for that working folder."""
    cwd = tmp_path_factory.mktemp("demo")
    command = [sys.executable, "-m", "autograder.cli", "demo", "--out", "demo-output"]
    command += ["--root", str(project_root)]
    finished = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=1800)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return cwd / "demo-output", finished.stderr


# The demo's samples that the other backends (Gradescope, Slurm) grade again: both
# assignments' full marks, a partial score, the unreadable file and the hostile notebook.
# The checks are the same code on every backend (the demo and the corpus grade the other
# mistakes); what a backend can change is how a notebook runs and how its result travels.
SAMPLES_ON_EVERY_BACKEND = ("alice", "bob", "frank", "grace", "heidi")


def samples_on_every_backend(submissions: Path) -> list[Path]:
    """The demo's submissions of :data:`SAMPLES_ON_EVERY_BACKEND`, sorted."""
    found = sorted(
        p for p in submissions.iterdir() if p.name.split("_")[0] in SAMPLES_ON_EVERY_BACKEND
    )
    assert len(found) == len(SAMPLES_ON_EVERY_BACKEND), found
    return found


@pytest.fixture(scope="session")
def graded_references(project_root, data_dir, tmp_path_factory) -> Path:
    """Both references graded once, by `densegrade grade` on the two untouched notebooks:
    the ``reference`` folder that batches copy into their output folder to be spared
    grading them again (as an instructor's rerun is). A reference is graded in a batch
    of its own by the demo (tests/test_demo.py) and beside hostile neighbours by the
    catalogue (tests/catalogue)."""
    folder = tmp_path_factory.mktemp("references")
    for assignment in ("mnist_dense", "cifar10_dense"):
        stub = project_root / "assignments" / assignment / f"{assignment}.ipynb"
        (folder / "untouched").mkdir(exist_ok=True)
        shutil.copy(stub, folder / "untouched" / f"{assignment}.ipynb")
    command = [sys.executable, "-m", "autograder.cli", "grade", str(folder / "untouched")]
    command += ["--out", str(folder / "out"), "--no-reports"]
    finished = subprocess.run(command, capture_output=True, text=True, cwd=project_root)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return folder / "out" / "reference"


def seed_references(graded_references: Path, out_dir: Path) -> None:
    """Give ``out_dir`` the references graded once, as an earlier run would have left them."""
    shutil.copytree(graded_references, out_dir / "reference")


@pytest.fixture(scope="session")
def corpus_batch(tmp_path_factory, data_dir, graded_references):
    """The corpus graded once with `densegrade grade`, as an instructor grades, with the
    data folder reached through a symbolic link: (results by case name, output folder)."""
    from autograder.corpus.notebooks import write_corpus
    from tests.corpus.corpus import grade_corpus, render_table

    folder = tmp_path_factory.mktemp("corpus")
    link = folder / "scratch-disk-link"
    link.symlink_to(data_dir.resolve(), target_is_directory=True)
    write_corpus(folder / "submissions")
    env = dict(os.environ, **{DATA_DIR_ENV: str(link)})
    seed_references(graded_references, folder / "out")
    results = grade_corpus(folder / "submissions", folder / "out", env)
    # The observed table, for docs/corpus.md (test-artifacts/ is not committed).
    artifact = PROJECT_ROOT / "test-artifacts" / "corpus.md"
    artifact.parent.mkdir(exist_ok=True)
    artifact.write_text(render_table(results), encoding="utf-8")
    return results, folder / "out"
