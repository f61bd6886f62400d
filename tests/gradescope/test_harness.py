"""The autograder zip in a simulated Gradescope (:mod:`tests.gradescope.harness`).

The image is built from the zip by its own ``setup.sh`` (packages and data steps) in a
private root, offline, from PyPI's wheels; then each submission is graded by the zip's
``run_autograder`` in a container of its own: no network, an empty environment, Docker's
capabilities, one CPU and 8 GiB (3 GiB for the notebook that fills memory, the size
docs/gradescope.md recommends for MNIST). The demo's samples graded on every backend
(``tests.conftest.SAMPLES_ON_EVERY_BACKEND``) must get what ``densegrade grade`` gave them
in the demo (the same fixture, graded once), check for check.
"""

from __future__ import annotations

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import jsonschema
import nbformat
import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from autograder.contracts import typed_files
from autograder.contracts.output.gradescope import gradescope_results
from autograder.contracts.results import SubmissionResult
from autograder.contracts.student_environment import STUDENT_PACKAGES
from autograder.corpus.cases import CASES
from autograder.corpus.notebooks import case_notebook
from autograder.data import DATA_DIR_ENV
from autograder.drivers.gradescope.config import JUDGING_SECONDS, GradescopeConfig
from autograder.drivers.gradescope.package import write_autograder_zip
from autograder.drivers.samples import SAMPLES, write_samples
from autograder.execution.limits import GRADER_SHARE
from autograder.execution.stops import gib
from tests.conftest import PROJECT_ROOT, samples_on_every_backend
from tests.fresh_environments import result, start
from tests.gradescope.harness import GIB, Finished, Gradescope, Run

pytestmark = pytest.mark.notebook

SCHEMA = json.loads(Path(__file__).with_name("results_schema.json").read_text())
LANES = 2  # containers at once: one CPU each, on this 2-core machine
SMALL = "mnist_dense in 3 GiB"  # the container docs/gradescope.md recommends for MNIST
HIDDEN_FILES_PROBE = """\
import glob, pathlib, autograder
bundles = pathlib.Path(autograder.__file__).parent / 'bundles'
found = glob.glob('/autograder/source/tests/*.py') + glob.glob(f'{bundles}/*/tests/*.py')
readable = []
for path in found:
    try:
        readable.append(len(open(path).read()))
    except OSError as error:
        pass
try:
    open('/autograder/results/results.json', 'w').write('{"score": 100}')
    wrote = 'WROTE RESULTS'
except OSError as error:
    wrote = f'could not write the results: {type(error).__name__}'
print(f'READ {len(readable)} HIDDEN FILES;', wrote)
"""


def gradescopes(folder: Path, data_dir: Path) -> tuple[dict[str, Gradescope], Finished]:
    """A Gradescope per assignment, sharing one image built by the zip's setup.sh; the
    build as it went."""
    containers = {}
    for assignment in ("mnist_dense", "cifar10_dense"):
        config = GradescopeConfig(assignment=assignment)
        zip_path = write_autograder_zip(config, PROJECT_ROOT, folder / f"{assignment}.zip")
        containers[assignment] = Gradescope(folder, zip_path, cpus=1, memory=8 * GIB)
    containers[SMALL] = Gradescope(folder, containers["mnist_dense"].zip, cpus=1, memory=3 * GIB)
    return containers, containers["mnist_dense"].build_image(data_dir)


def start_in_background(tmp_path_factory) -> None:
    """Build the image in the background from the start (see tests/conftest.py); the
    fixture says what is wrong if there is no data folder."""
    if os.environ.get(DATA_DIR_ENV):
        folder = tmp_path_factory.mktemp("gradescope")
        start("gradescope", partial(gradescopes, folder, Path(os.environ[DATA_DIR_ENV])))


@pytest.fixture(scope="module")
def gradescope(data_dir, tmp_path_factory) -> dict[str, Gradescope]:
    built_now = lambda: gradescopes(tmp_path_factory.mktemp("gradescope"), data_dir)  # noqa: E731
    containers, built = result("gradescope", built_now)
    assert built.returncode == 0, (built.stdout + built.stderr)[-4000:]
    assert "ready to grade" in built.stdout
    return containers


def grade_all(gradescope: dict[str, Gradescope], jobs: list[tuple]) -> list[Run]:
    """Grade (assignment, files, settings[, env]) jobs, ``LANES`` containers at a time."""
    with ThreadPoolExecutor(LANES) as lanes:
        futures = [
            lanes.submit(gradescope[job[0]].grade, job[1], *(job[3:] or [None]), settings=job[2])
            for job in jobs
        ]
        return [future.result() for future in futures]


def outcomes(results: dict) -> tuple:
    """What a student is given: the score, and each test's name, points and status."""
    tests = [(t["name"], t["score"], t["max_score"], t["status"]) for t in results["tests"]]
    return results.get("score"), tests


# The issue's own case: a textbook's CIFAR-10 code one-hot encodes with scikit-learn.
SCIKIT_LEARN_CASE = "cifar10_sklearn_label_binarizer"


@pytest.fixture(scope="module")
def trained_runs(gradescope, demo_output) -> dict[str, Run]:
    """The runs that train, graded side by side: the demo samples (by file name) and a
    notebook that uses scikit-learn."""
    demo, _ = demo_output
    samples = samples_on_every_backend(demo / "submissions")
    case = next(case for case in CASES if case.name == SCIKIT_LEARN_CASE)
    notebook = nbformat.writes(case_notebook(case)).encode()
    jobs = {path.name: (_assignment(path), {path.name: path.read_bytes()}, {}) for path in samples}
    jobs[SCIKIT_LEARN_CASE] = (case.assignment, {f"{case.assignment}.ipynb": notebook}, {})
    runs = dict(zip(jobs, grade_all(gradescope, list(jobs.values())), strict=True))
    for run in runs.values():
        jsonschema.validate(run.results, SCHEMA)
    return runs


def test_the_demo_samples_grade_as_densegrade_grade_grades_them(trained_runs, demo_output):
    demo, _ = demo_output
    for path in samples_on_every_backend(demo / "submissions"):
        run = trained_runs[path.name]
        expected = typed_files.read(SubmissionResult, demo / "results" / f"{path.stem}.json")
        assert expected.score is not None, path.name  # the demo graded it
        assert outcomes(run.results) == outcomes(gradescope_results(expected)), (
            path.name,
            run.output[-3000:],
        )
        assert run.results["extra_data"]["status"] == expected.status
        hidden = {t["name"] for t in run.results["tests"] if t["visibility"] == "after_published"}
        assert hidden == {f"{c.question}: {c.check}" for c in expected.checks if c.hidden}
        assert all(t.get("output_format") == "text" for t in run.results["tests"])
        assert run.results["output_format"] == "text"


def test_the_image_installs_the_declared_student_environment(gradescope):
    """setup.sh's packages step (its `pip check` passed: the image built) installed every
    package a notebook may import, at a version the handout supports."""
    python = gradescope["mnist_dense"].image["venv"] / "bin" / "python"
    script = "import json, sys, importlib.metadata as m; print(json.dumps({d: m.version(d) "
    script += "for d in sys.argv[1:]}))"
    names = [package.distribution for package in STUDENT_PACKAGES]
    finished = subprocess.run([python, "-c", script, *names], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr[-3000:]
    installed = json.loads(finished.stdout)
    for package in STUDENT_PACKAGES:
        assert Version(installed[package.distribution]) in SpecifierSet(package.supported)


def test_a_notebook_using_scikit_learn_gets_full_marks(trained_runs):
    run = trained_runs[SCIKIT_LEARN_CASE]
    assert run.results["score"] == 13, run.output[-3000:]
    assert run.results["extra_data"]["status"] == "ok"
    assert "ModuleNotFoundError" not in run.results["output"]


@pytest.fixture(scope="module")
def short_runs(gradescope, tmp_path_factory) -> dict[str, Run]:
    """The runs that need no training, graded side by side, the longest first."""
    bob = write_samples(tmp_path_factory.mktemp("bob"), (SAMPLES[1],))[0]  # CIFAR-10's
    fill_memory = "import numpy as np\nheap = []\nwhile True:\n    heap.append(np.ones(10**8))"
    kill = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
    # the loop gets 20 s for the whole notebook (Gradescope's timeout less the judging)
    short = {"gradescope_timeout": JUDGING_SECONDS + 20}
    off = {"DENSEGRADE_ISOLATION": "limits"}
    jobs = {  # name: (assignment, files, settings, environment)
        "loop": ("mnist_dense", _files("while True:\n    pass"), short),
        "memory": (SMALL, _files(fill_memory), {}),
        "kill": ("mnist_dense", _files(kill), {}),
        "probe": ("mnist_dense", _files(HIDDEN_FILES_PROBE), {}),
        "unprotected probe": ("mnist_dense", _files(HIDDEN_FILES_PROBE), {}, off),
        "no data": ("mnist_dense", _files("x = 1"), {"data_dir": "/autograder/missing"}),
        "other assignment": ("mnist_dense", {bob.name: bob.read_bytes()}, {}),
    }
    runs = dict(zip(jobs, grade_all(gradescope, list(jobs.values())), strict=True))
    for run in runs.values():
        jsonschema.validate(run.results, SCHEMA)
    return runs


def test_a_notebook_that_stops_itself_still_gets_results_with_a_message(short_runs):
    """Killed kernel, endless loop, memory filled: each a results.json with its reason."""
    for name in ("kill", "loop", "memory"):
        assert short_runs[name].results["score"] == 0
    kill, loop, memory = (short_runs[name].results for name in ("kill", "loop", "memory"))
    assert kill["extra_data"]["status"] == "error" and "the kernel stopped" in kill["output"]
    assert loop["extra_data"]["status"] == "timeout"
    assert "ran longer than 20 s" in loop["output"]
    assert memory["extra_data"]["status"] == "memory"
    # charged against the kernel's own limit: the container's 3 GiB less the grader's share
    limit = gib(3 * GIB - GRADER_SHARE[False])
    assert f"used more memory than its limit of {limit}" in memory["output"]
    assert "while running cell 1 `import numpy as np`" in memory["output"]


def test_the_kernel_can_neither_read_the_hidden_tests_nor_write_the_results(short_runs):
    """Protected, the probe finds nothing; with the protection off it finds the tests,
    so the probe itself can find them."""
    protected, unprotected = short_runs["probe"], short_runs["unprotected probe"]
    assert "READ 0 HIDDEN FILES; could not write the results" in _printed(protected)
    assert "own user, no namespaces" in protected.output
    printed = _printed(unprotected)
    assert "HIDDEN FILES; WROTE RESULTS" in printed and "READ 0 " not in printed
    assert "limits only" in unprotected.output


def test_the_graders_own_failure_is_no_score_and_says_so(short_runs):
    """Data the grader cannot serve is the grader's fault: no score, a message."""
    results = short_runs["no data"].results
    assert "score" not in results and results["tests"] == []
    assert results["output"].startswith("Not graded yet")
    assert results["extra_data"]["status"] == "grader_error"


def test_a_submission_of_the_other_assignment_is_refused_unrun(short_runs):
    results = short_runs["other assignment"].results
    assert results["score"] == 0
    assert "this is the notebook of cifar10_dense, not of mnist_dense" in results["output"]


def _assignment(path: Path) -> str:
    return "cifar10_dense" if "cifar10_dense" in path.name else "mnist_dense"


def _files(code: str) -> dict[str, bytes]:
    """A submission: one notebook of ``code`` alone, for the MNIST assignment."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    notebook.metadata["otter"] = {"assignment_name": "mnist_dense"}
    return {"mnist_dense.ipynb": nbformat.writes(notebook).encode()}


def _printed(run: Run) -> str:
    """What the notebook printed, from the executed copy kept for staff."""
    kept = run.grading_output / "notebooks"
    notebooks = list(kept.glob("*.ipynb"))
    assert len(notebooks) == 1, run.output[-3000:]
    cells = nbformat.read(notebooks[0], as_version=4).cells
    return "\n".join(o.get("text", "") for c in cells if c.cell_type == "code" for o in c.outputs)
