"""The acceptance class (autograder/corpus/integrity.py): the corpus's honest variants,
each written by a student of its own, and the lesson pasted by the rest, with one plant
of each kind. The report finds the plants and nothing else."""

from __future__ import annotations

import nbformat
import pytest

from autograder.contracts.results import SubmissionResult
from autograder.contracts.statuses import Status
from autograder.corpus.integrity import HONEST_VARIANTS, build_class
from autograder.similarity.report import similarity_report


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    results = []
    for name, notebook in build_class(30).items():
        nbformat.write(notebook, folder / f"{name}.ipynb")
        path = str(folder / f"{name}.ipynb")
        results.append(SubmissionResult(name, name, path, "mnist_dense", Status.OK))
    return similarity_report("mnist_dense", results)


def pairs(report, kind: str) -> set:
    return {(finding.first, finding.second) for finding in report.rows(kind)}


def test_the_class_holds_what_it_should(report):
    honest = [name for name in report.work if name.startswith("honest_")]
    assert len(honest) >= 10 + len(HONEST_VARIANTS)  # ten and more paste the lesson
    assert report.compared == 30


def test_the_disguised_copy_is_the_only_code_pair(report):
    """Renamed variables, swapped lines and new comments; honest variants written
    independently and ten lesson pastes make no pair."""
    assert pairs(report, "code") == {("copy_of_own_0", "own_0")}


def test_one_run_in_two_notebooks_is_the_only_outputs_pair(report):
    """Both paste the lesson (no code signal), but saved the same training log."""
    assert pairs(report, "outputs") == {("log_a_0", "log_b_0")}
    (finding,) = report.rows("outputs")
    assert finding.score >= 36  # ten epochs, four numbers each (a round one is left out)


def test_the_leaked_reference_is_the_only_reference_match(report):
    assert [finding.first for finding in report.rows("reference")] == ["leaked_0"]
