import pytest

from autograder.checks import CheckFailed, CheckOutcome
from autograder.checks.outcome import (
    collecting,
    first_placeholder,
    placeholder_problem,
    running_case,
)


def test_require_raises_the_student_message():
    with pytest.raises(CheckFailed, match="expected 784 columns"):
        CheckOutcome.fail("expected 784 columns").require()


def test_require_returns_a_passed_outcome():
    outcome = CheckOutcome.ok("fine")
    assert outcome.require() is outcome


def test_placeholders_are_named_with_their_step():
    assert "still the placeholder `...`" in placeholder_problem(..., "model", "Build the model")
    assert "is not defined" in placeholder_problem(None, "model", "Build the model")
    assert placeholder_problem(0, "model", "Build the model") is None
    assert "`y_test`" in first_placeholder({"y_train": 1, "y_test": ...}, "Preprocess")


def test_an_outcome_is_collected_under_the_name_of_the_case_that_required_it():
    def test_flattened(X_train):
        CheckOutcome.fail("expected 784 columns", detail=str(X_train)).require()

    def test_scaled(X_train):
        CheckOutcome.ok("fine").require()

    with collecting() as outcomes:
        with pytest.raises(CheckFailed):
            running_case("flattened", test_flattened)(X_train=3)
        running_case("scaled", test_scaled)(X_train=3)
    assert outcomes == {
        "flattened": CheckOutcome.fail("expected 784 columns", detail="3"),
        "scaled": CheckOutcome.ok("fine"),
    }


def test_a_check_required_outside_a_case_while_collecting_is_a_grader_bug():
    with collecting(), pytest.raises(RuntimeError, match="outside a test case"):
        CheckOutcome.ok("fine").require()


def test_without_a_collector_require_only_raises():
    assert running_case("scaled", lambda: CheckOutcome.ok("fine").require())() is None
