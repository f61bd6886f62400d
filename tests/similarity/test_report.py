"""The report on a class built for it: honest lesson pastes, a disguised copy, a copy of
saved outputs, the leaked reference, and notebooks that cannot be compared."""

from __future__ import annotations

import nbformat
import pytest

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import SubmissionResult
from autograder.contracts.statuses import Status
from autograder.corpus.answers import LESSON_MNIST, LESSON_MNIST_AFTER_FIT
from autograder.drivers.samples import edited_reference, filled_student_notebook
from autograder.reports.similarity import write_similarity
from autograder.similarity.report import similarity_report
from tests.similarity.test_fingerprints import DISGUISED, OWN

EPOCHS = "".join(
    f"Epoch {e}/10\n1875/1875 - 2s - accuracy: 0.{8100 + 37 * e + 3} - loss: 0.{5100 - 41 * e + 7}"
    f" - val_accuracy: 0.{8300 + 29 * e + 1} - val_loss: 0.{4900 - 33 * e + 9}\n"
    for e in range(1, 11)
)


def notebook(answers, outputs: str = ""):
    nb = filled_student_notebook("mnist_dense", dict(answers), (LESSON_MNIST_AFTER_FIT,))
    if outputs:
        fit = next(c for c in nb.cells if c.cell_type == "code" and "fit(" in c.source)
        fit.outputs = [nbformat.v4.new_output("stream", name="stdout", text=outputs)]
    return nb


def own(code: str) -> tuple:
    return (("preprocessing", code), ("model", ""), ("compile", ""), ("training", ""))


def result(folder, name, nb) -> SubmissionResult:
    path = folder / f"{name}.ipynb"
    if isinstance(nb, bytes):
        path.write_bytes(nb)
    else:
        nbformat.write(nb, path)
    return SubmissionResult(name, name, str(path), "mnist_dense", Status.OK)


def flooded():
    """Twelve cells of 20,000 characters of code each: a flood, not an answer."""
    nb = notebook(own("x = 1"))
    nb.cells += [nbformat.v4.new_code_cell(f"y{i} = 2\n" * 4000) for i in range(12)]
    return nb


def wrong_assignment(folder) -> SubmissionResult:
    graded = result(folder, "hal", filled_student_notebook("cifar10_dense", {}))
    graded.status, graded.reason = Status.INVALID, "holds the cifar10_dense notebook"
    return graded


@pytest.fixture
def report(tmp_path):
    results = [result(tmp_path, f"lesson{i}", notebook(LESSON_MNIST)) for i in range(10)]
    results += [
        result(tmp_path, "ann", notebook(own(OWN))),
        result(tmp_path, "ben", notebook(own(DISGUISED))),
        result(tmp_path, "cat", notebook(LESSON_MNIST, EPOCHS)),
        result(tmp_path, "dan", notebook(own(OWN.replace("32, 16", "16, 32")), EPOCHS)),
        result(tmp_path, "eve", edited_reference("mnist_dense")),
        result(tmp_path, "fay", b"{ not a notebook"),
        result(tmp_path, "gus", filled_student_notebook("mnist_dense", {})),  # untouched
        wrong_assignment(tmp_path),
        result(tmp_path, "ivy", flooded()),
    ]
    return similarity_report("mnist_dense", results)


def test_a_disguised_copy_is_a_code_pair(report):
    pairs = {(f.first, f.second) for f in report.rows("code")}
    assert ("ann", "ben") in pairs
    assert not [p for p in pairs if p[0].startswith("lesson") or p[1].startswith("lesson")]


def test_shared_saved_outputs_are_an_outputs_pair(report):
    (pair,) = report.rows("outputs")
    assert (pair.first, pair.second) == ("cat", "dan") and pair.score >= 30


def test_the_leaked_reference_is_flagged(report):
    assert [f.first for f in report.rows("reference")] == ["eve"]


def test_what_cannot_be_compared_is_listed_with_why(report):
    reasons = {f.first: f.detail for f in report.rows("not_compared")}
    assert "not a readable notebook" in reasons["fay"]
    assert "no answer code" in reasons["gus"]
    assert "more than 200,000 characters of answer code" in reasons["ivy"]
    assert "not gradable as mnist_dense: holds the cifar10_dense notebook" in reasons["hal"]
    assert report.compared == 15


def test_the_pages_are_for_tas_only_and_show_the_pairs(report, tmp_path):
    out = OutputFolder(tmp_path / "out")
    write_similarity(report, out)
    rows = out.similarity_csv("mnist_dense").read_text().splitlines()
    assert rows[0] == "kind,first,second,score,detail,rank"
    assert any(row.startswith("code,ann,ben,") for row in rows)
    page = out.similarity_page("mnist_dense")
    assert page.is_relative_to(out.ta_dir)
    html = page.read_text()
    assert "never a penalty" in html and "equal grader-side results prove nothing" in html
    pair = out.similarity_pair_page("mnist_dense", "ann", "ben")
    assert 'class="shared"' in pair.read_text()
    assert out.link(page, pair) in html
    assert not out.feedback_dir.exists()  # nothing reaches the student views
