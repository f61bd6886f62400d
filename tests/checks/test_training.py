import pytest

from autograder.checks import training
from autograder.checks.training import TrainedHistory

from .conftest import build_model, training_facts


def test_ten_epochs_with_validation_pass(lesson_model, tiny_training_set):
    x, y = tiny_training_set
    history = lesson_model.fit(x, y, epochs=10, validation_data=(x, y), verbose=0)
    assert training.check_history(history).passed


def test_too_few_epochs_or_no_validation_fail(lesson_model, tiny_training_set):
    x, y = tiny_training_set
    short = lesson_model.fit(x, y, epochs=1, validation_data=(x, y), verbose=0)
    assert "records 1 epoch of training" in training.check_history(short).message
    unvalidated = lesson_model.fit(x, y, epochs=10, verbose=0)
    assert "no validation results" in training.check_history(unvalidated).message


def test_a_dict_is_not_a_history():
    outcome = training.check_history({"loss": [1.0] * 10})
    assert not outcome.passed and "keep what `model.fit(...)` returns" in outcome.message


def test_a_history_edited_after_training_fails():
    returned = {key: [0.5] * 10 for key in ("loss", "accuracy", "val_loss", "val_accuracy")}
    kept = TrainedHistory(returned, {"epochs": 10}, reported=returned)
    assert training.check_history(kept).passed
    edited = TrainedHistory(returned, {"epochs": 10}, {**returned, "val_accuracy": [0.99] * 10})
    outcome = training.check_history(edited)
    assert not outcome.passed and "changed after training" in outcome.message


def _trained(**changes):
    return training.check_trained(build_model(), training_facts(**changes))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"fits": 0}, "was never trained"),
        ({"test_rows_seen": 10000}, "trained on 10000 test images"),
        ({"train_rows_seen": 6000}, "trained on 6000 of the 60000 training images"),
    ],
)
def test_every_training_problem_is_named(changes, expected):
    outcome = _trained(**changes)
    assert not outcome.passed and expected in outcome.message


def test_honest_training_passes_without_a_flag():
    outcome = _trained()
    assert outcome.passed and outcome.review == ""
    assert training.accuracy_problems(training_facts()) == []


def test_epochs_and_history_are_not_this_checks_business():
    # `history` charges too few epochs; `trained` judges only what the model saw.
    assert _trained(epochs=1).passed


@pytest.mark.parametrize(
    ("changes", "flag"),
    [
        ({"train_rows_seen": 0, "unknown_rows": 60000}, "match no image of the data set"),
        ({"rows_unseen": True}, "a path the grader cannot see"),
        ({"weights_match_training": False}, "weights changed after its last recorded"),
        ({"other_test_rows": 10000}, "another model in the notebook was trained on 10000"),
    ],
)
def test_what_the_grader_cannot_tell_is_flagged_for_a_ta_not_charged(changes, flag):
    outcome = _trained(**changes)
    assert outcome.passed, outcome.message
    assert flag in outcome.review
    assert training.accuracy_problems(training_facts(**changes)) == []


def test_a_few_images_that_survive_a_change_do_not_make_the_inputs_known():
    # `X // 255` keeps only the images that were pure black and white already.
    outcome = _trained(train_rows_seen=23, unknown_rows=12699)
    assert outcome.passed and "could not match its training inputs" in outcome.message


def test_unknown_inputs_are_not_called_a_part_of_the_training_set():
    outcome = _trained(train_rows_seen=0, unknown_rows=60000)
    assert "could not match its training inputs" in outcome.message
    assert "of the 60000 training images" not in outcome.message


def test_accuracy_does_not_count_for_an_untrained_model_or_test_training():
    assert training.accuracy_problems(training_facts(fits=0))
    assert training.accuracy_problems(training_facts(test_rows_seen=500))


def test_without_training_facts_nothing_is_assumed():
    outcome = training.check_trained(build_model(), None)
    assert not outcome.passed and "No training record was found" in outcome.message
