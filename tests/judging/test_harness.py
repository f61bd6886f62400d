import pytest
from otter.test_files import abstract_test

from autograder.checks.hidden.training import TrainingFacts
from autograder.checks.outcome import CheckOutcome
from autograder.contracts.evidence import Evidence
from autograder.judging import harness


@pytest.fixture(scope="module")
def judged(small_execution):
    return harness.judge_export(small_execution.export_dir, "mnist_dense")


@pytest.mark.notebook
def test_the_export_is_judged_with_its_training_facts_and_evidence(judged):
    facts = judged.training_facts
    assert isinstance(facts, TrainingFacts)
    assert facts.fits == 1 and facts.weights_match_training
    assert not facts.inputs_known and facts.unknown_rows == 50  # random images are not MNIST
    parts = judged.evidence
    assert isinstance(parts, Evidence) and parts.layers and parts.compile and parts.curves
    assert parts.test is not None and parts.test.images == 10_000


@pytest.mark.notebook
def test_the_bundle_checks_run_in_notebook_order(judged):
    checks = judged.checks
    questions = list(dict.fromkeys(check.question for check in checks))
    assert questions == ["preprocessing", "model", "compile", "training", "evaluation"]
    by_check = {check.check: check for check in checks}
    assert by_check["flattened"].passed and by_check["compiled"].passed
    assert not by_check["matches_dataset"].passed
    architecture = by_check["architecture"]
    assert not architecture.passed and "expected 3 layers, found 1" in architecture.message
    assert "records 2 epochs" in by_check["history"].message
    trained = by_check["trained"]  # random rows are no MNIST image: a TA looks, nobody is accused
    assert trained.passed and "match no image of the data set" in trained.review


def _case_result(name: str, points: float, passed: bool, message: str):
    case = abstract_test.TestCase(
        name, body=None, hidden=False, points=points, success_message=None, failure_message=None
    )
    return abstract_test.TestCaseResult(case, message, passed)


def test_a_test_case_result_becomes_a_check_result():
    outcome = CheckOutcome.ok("Test accuracy is 0.953.", "test accuracy 0.9535")
    passed = harness._judged("evaluation", _case_result("accuracy_full", 2, True, ""), outcome)
    assert passed.points == 2.0 and passed.message == "Test accuracy is 0.953."
    assert passed.detail == "test accuracy 0.9535"
    raw = "Error at line 3 in test model:\n  x\nCheckFailed: expected 32 units"
    failed = harness._judged("model", _case_result("architecture", 2, False, raw), None)
    assert failed.points == 0.0 and failed.message == "expected 32 units" and raw in failed.detail
