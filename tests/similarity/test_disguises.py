"""Copies disguised the ways students disguise them rank above every honest pair.

The class (autograder/corpus/integrity.py ``disguise_class``): a student's own answer and
six copies of it, five disguised one way each (statements reordered, ``Sequential([...])``
turned into ``add`` calls with an ``Input``, other module aliases, keyword arguments
reordered and spelled otherwise, the code wrapped in helper functions) and one every
way at once; a textbook's
network and a student's adaptation of it (a few slips, another compile and epoch count);
honest students written in the styles of outside sources (the Keras examples, a course
repository, TensorFlow's quickstart, a hands-on book; two of them share a book's plotting
idiom), the corpus's honest variants; 25 lesson pastes."""

from __future__ import annotations

import nbformat
import pytest

from autograder.contracts.results import SubmissionResult
from autograder.contracts.statuses import Status
from autograder.corpus.integrity import COPIES, DISGUISES, disguise_class
from autograder.similarity.pairs import Thresholds
from autograder.similarity.report import similarity_report


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("disguises")
    results = []
    for name, notebook in disguise_class().items():
        nbformat.write(notebook, folder / f"{name}.ipynb")
        path = str(folder / f"{name}.ipynb")
        results.append(SubmissionResult(name, name, path, "mnist_dense", Status.OK))
    return results


@pytest.fixture(scope="module")
def report(results):
    return similarity_report("mnist_dense", results)


def is_copy(first: str, second: str) -> bool:
    """A copy beside its source, or two copies of one source."""
    source = {name: COPIES.get(name, name) for name in (first, second)}
    return (first in COPIES or second in COPIES) and source[first] == source[second]


def scores(report) -> dict[tuple[str, str], float]:
    return {(f.first, f.second): f.score for f in report.rows("ranked")}


def test_each_disguised_copy_ranks_above_every_honest_pair(report):
    honest = [s for s in report.pair_scores_by_pair.items() if not is_copy(*s[0])]
    best_honest = max(score for _, score in honest)
    for copy, source in COPIES.items():
        pair = tuple(sorted((copy, source)))
        assert report.pair_scores_by_pair[pair] > best_honest, (pair, best_honest)
    assert len(DISGUISES) == 6 and best_honest < 0.5


def test_every_copy_is_flagged_and_no_honest_pair_is(report):
    flagged = {(f.first, f.second) for f in report.rows("code")}
    assert {tuple(sorted(pair)) for pair in COPIES.items()} <= flagged
    assert [pair for pair in flagged if not is_copy(*pair)] == []


def test_the_lesson_pastes_share_nothing(report):
    lesson = [p for p in report.pair_scores_by_pair if "lesson_" in p[0] or "lesson_" in p[1]]
    assert lesson == []  # not even ranked: the lesson's code is everyone's


def test_the_ranked_rows_are_the_classs_top_pairs_with_their_rank(report):
    ranked = report.rows("ranked")
    assert [f.rank for f in ranked] == list(range(1, len(ranked) + 1))
    assert all(is_copy(f.first, f.second) for f in ranked)  # 16 copy pairs come first
    total = report.compared * (report.compared - 1) // 2
    assert f"of {total:,} pairs" in ranked[0].detail


def test_a_pair_under_the_threshold_is_still_ranked_in_the_csv(results):
    """A TA sees the adapted textbook (0.75) with its rank when the threshold is 0.8,
    without changing any other option."""
    strict = similarity_report("mnist_dense", results, Thresholds(pair_score=0.8, top_pairs=30))
    assert ("adapted_textbook", "textbook") not in {
        (f.first, f.second) for f in strict.rows("code")
    }
    (row,) = [
        f for f in strict.rows("ranked") if (f.first, f.second) == ("adapted_textbook", "textbook")
    ]
    assert row.score == 0.75 and row.rank == 22  # after the 21 pairs of the seven copies
    total = f"{strict.pairs:,}"
    assert f'ranked,adapted_textbook,textbook,0.75,"rank 22 of {total} pairs' in strict.csv_text()
