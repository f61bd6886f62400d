"""The hidden training check: what the model was trained on, judged from its records."""

import pytest

from autograder.checks.hidden import training

from ..conftest import build_model, training_facts


def _trained(**changes):
    return training.check_trained(build_model(), training_facts(**changes), "mnist_dense")


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
    outcome = training.check_trained(build_model(), None, "mnist_dense")
    assert not outcome.passed and "No training record was found" in outcome.message


def test_a_reference_s_validation_split_is_the_whole_training_set():
    """A reference that trains with validation_split=0.1 sees 90% of the training rows: a
    student doing the same is not told to use the whole set; one who holds out more is."""
    split = training_facts(train_rows_seen=54000)
    assert training.training_problems(split, validation_split=0.1) == []
    assert training.training_problems(split) != []  # without the reference's split: short
    fewer = training.training_problems(training_facts(train_rows_seen=30000), 0.1)
    assert fewer and "with validation_split=0.1" in fewer[0]


def test_the_test_set_as_validation_where_the_reference_splits_is_charged_by_trained():
    whole = training.training_problems(training_facts(), validation_split=0.2)
    assert len(whole) == 1 and "pass validation_split=0.2 to `fit` (not the test set)" in whole[0]
