"""Every corpus case gets exactly its verdict through `densegrade grade`; regrading is
identical."""

import json

import pytest

from autograder.corpus.cases import CASES
from autograder.corpus.notebooks import case_notebook
from tests.corpus.corpus import failing_checks

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def graded(corpus_batch):
    return corpus_batch[0]


def test_the_corpus_is_large_enough_and_names_are_unique():
    assert len(CASES) >= 25
    assert len({case.name for case in CASES}) == len(CASES)
    assert {case.assignment for case in CASES} == {"mnist_dense", "cifar10_dense"}


def test_every_edit_applies_exactly_once():
    for case in CASES:
        case_notebook(case)  # raises when an edit no longer matches the reference


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_verdict(graded, case):
    result = graded[case.name]
    assert result["status"] == "ok", result["reason"]
    assert (float(result["score"]), failing_checks(result)) == (case.score, set(case.failing))
    assert result["missing_packages"] == list(case.missing)
    assert all(f"`{module}`" in result["review"] for module in case.missing)


def test_regrading_gives_identical_results(graded):
    # The batch graded the same notebook twice (the case's differs only by its name in the
    # metadata, so it is graded, not given the reference's result): first as the reference
    # that checks the grader, then as the case, in another kernel, beside other submissions.
    first, again = graded["+reference/mnist_dense"], graded["mnist_reference"]
    assert first["content_sha256"] != again["content_sha256"] and again["seconds"] > 0
    assert json.dumps(again["checks"]) == json.dumps(first["checks"])
    assert again["training_facts"] == first["training_facts"]
