"""Every corpus case gets exactly its verdict through `densegrade grade`; regrading is
identical."""

import json

import pytest

from tests.corpus.cases import CASES
from tests.corpus.corpus import (
    case_notebook,
    failing_checks,
    grade_corpus,
    render_table,
    write_corpus,
)

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory, data_dir, project_root):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder / "submissions")
    results = grade_corpus(folder / "submissions", folder / "out")
    # The observed table, for docs/corpus.md (test-artifacts/ is not committed).
    artifact = project_root / "test-artifacts" / "corpus.md"
    artifact.parent.mkdir(exist_ok=True)
    artifact.write_text(render_table(results), encoding="utf-8")
    return results


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


def test_regrading_gives_identical_results(graded, tmp_path):
    write_corpus(tmp_path / "again", tuple(c for c in CASES if c.name == "mnist_reference"))
    again = grade_corpus(tmp_path / "again", tmp_path / "out")["mnist_reference"]
    first = graded["mnist_reference"]
    assert json.dumps(again["checks"]) == json.dumps(first["checks"])
    assert again["training_facts"] == first["training_facts"]
