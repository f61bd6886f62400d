import pytest

from autograder.checks import CheckFailed, CheckOutcome
from autograder.checks.outcome import first_placeholder, placeholder_problem


def test_require_raises_the_student_message():
    with pytest.raises(CheckFailed, match="expected 784 columns"):
        CheckOutcome.fail("flattened", "expected 784 columns").require()


def test_require_returns_a_passed_outcome():
    outcome = CheckOutcome.ok("flattened", "fine")
    assert outcome.require() is outcome


def test_placeholders_are_named_with_their_step():
    assert "still the placeholder `...`" in placeholder_problem(..., "model", "Build the model")
    assert "is not defined" in placeholder_problem(None, "model", "Build the model")
    assert placeholder_problem(0, "model", "Build the model") is None
    assert "`y_test`" in first_placeholder({"y_train": 1, "y_test": ...}, "Preprocess")
