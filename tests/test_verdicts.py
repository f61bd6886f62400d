import json
from dataclasses import replace

import pytest

from autograder.checks.hidden.training import TrainingFacts
from autograder.contracts import typed_files
from autograder.contracts.evidence import Mistake
from autograder.contracts.results import CheckResult, SubmissionResult
from autograder.contracts.statuses import Status
from autograder.contracts.typed_files import FileFormatError
from autograder.judging.verdicts import Verdict, fill_result
from tests.checks.conftest import training_facts
from tests.reports.made_results import evidence


def _checks() -> tuple[CheckResult, ...]:
    return (
        CheckResult("model", "architecture", 2.0, 2.0, True, False, "The layers are right."),
        CheckResult("evaluation", "accuracy_full", 0.0, 2.0, False, True, "Test accuracy is 0.81."),
    )


def _result() -> SubmissionResult:
    return SubmissionResult("ann", "ann", "ann.ipynb", "mnist_dense", Status.OK)


def test_a_verdict_comes_back_from_the_supervisor_as_it_was_written(tmp_path):
    verdict = Verdict(
        status=Status.MEMORY,
        reason="a cell ran out of memory (limit 2 GiB)",
        checks=_checks(),
        training_facts=training_facts(epochs=3),
        evidence=replace(evidence(), compile=None, unavailable={"compile": "not compiled"}),
        execution_errors=("ValueError: a student bug",),
        peak_memory={"data_bytes": 5},
    )
    path = typed_files.write(tmp_path / "verdict.json", verdict)
    back = typed_files.read(Verdict, path)
    assert back == verdict
    assert back.status is Status.MEMORY and isinstance(back.checks[0], CheckResult)
    assert isinstance(back.training_facts, TrainingFacts) and back.training_facts.epochs == 3
    assert back.evidence is not None and back.evidence.test is not None
    assert isinstance(back.evidence.test.mistakes[0], Mistake)


def test_a_verdict_with_a_key_this_grader_does_not_write_is_refused(tmp_path):
    path = typed_files.write(tmp_path / "verdict.json", Verdict())
    path.write_text(json.dumps({**json.loads(path.read_text()), "score": 13}))
    with pytest.raises(FileFormatError, match="unknown key 'score'"):
        typed_files.read(Verdict, path)


def test_the_training_facts_reach_the_result_as_plain_values_and_the_evidence_as_it_is():
    result = _result()
    verdict = Verdict(checks=_checks(), training_facts=training_facts(), evidence=evidence())
    fill_result(result, verdict)
    assert result.training_facts is not None and result.training_facts["fits"] == 1
    assert result.evidence == evidence()
    assert result.checks == list(_checks())


def test_the_checks_points_are_the_score_and_what_went_wrong_the_reason():
    result = _result()
    verdict = Verdict(
        checks=_checks(),
        execution_errors=["ValueError: a student bug (in the cell `raise ValueError()`)"],
        output_dropped_bytes=2_500_000,
        notebook_file="notebooks/ann.ipynb",
    )
    fill_result(result, verdict)
    assert (result.status, result.score, result.max_score) == (Status.OK, 2.0, 4.0)
    assert result.reason == (
        "failed: evaluation (1); first error: ValueError: a student bug (in the cell "
        "`raise ValueError()`); 2.5 MB of printed output dropped"
    )
    assert result.notebook == "notebooks/ann.ipynb"


def test_a_notebook_stopped_before_the_checks_scores_nothing_of_every_point():
    result = _result()
    fill_result(result, Verdict(status=Status.TIMEOUT, reason="the notebook ran longer than 900 s"))
    assert (result.status, result.score, result.max_score) == (Status.TIMEOUT, 0, 13)
    assert result.reason == "the notebook ran longer than 900 s"


def test_the_graders_own_failure_carries_no_score():
    result = _result()
    fill_result(result, Verdict(status=Status.GRADER_ERROR, reason="the checks could not run"))
    assert result.score is None and result.grader_failed and not result.final
