import numpy as np
import pytest

from autograder.checks import provenance
from autograder.checks.provenance import TrainingFacts
from autograder.execution import provenance as recorder


def _facts(**changes):
    good = dict(
        fits=1,
        epochs=10,
        weights_match_training=True,
        train_rows_seen=60000,
        test_rows_seen=0,
        unknown_rows=0,
        rows_unseen=False,
        other_test_rows=0,
        train_size=60000,
        test_size=10000,
    )
    return TrainingFacts(**{**good, **changes})


class _Model:
    """Stands for a rebuilt model carrying the facts a clean process attaches."""

    def __init__(self, facts):
        self.densegrade_training_facts = facts


def _trained(**changes):
    return provenance.check_trained(_Model(_facts(**changes)), None, "mnist_dense")


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
    assert provenance.accuracy_problems(_facts()) == []


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
    assert provenance.accuracy_problems(_facts(**changes)) == []


def test_a_few_images_that_survive_a_change_do_not_make_the_inputs_known():
    # `X // 255` keeps only the images that were pure black and white already.
    outcome = _trained(train_rows_seen=23, unknown_rows=12699)
    assert outcome.passed and "could not match its training inputs" in outcome.message


def test_unknown_inputs_are_not_called_a_part_of_the_training_set():
    outcome = _trained(train_rows_seen=0, unknown_rows=60000)
    assert "could not match its training inputs" in outcome.message
    assert "of the 60000 training images" not in outcome.message


def test_accuracy_does_not_count_for_an_untrained_model_or_test_training():
    assert provenance.accuracy_problems(_facts(fits=0))
    assert provenance.accuracy_problems(_facts(test_rows_seen=500))


def test_records_are_judged_against_the_real_data(data_dir):
    from autograder.data import load_data

    (x_train, _), (x_test, _) = load_data("mnist")
    mixed = np.concatenate([x_train[:30000], x_test[:2000]]).reshape(32000, 784) / 255.0
    noise = np.random.default_rng(3).random((50, 784))
    records = [
        {"model_id": 7, "epochs_run": 10, "weights_after": "w", "rows_recorded": True},
        {"model_id": 9, "epochs_run": 1, "weights_after": "v", "rows_recorded": True},
    ]
    facts = provenance.facts_from_records(
        records,
        {
            0: recorder.row_signatures(np.concatenate([mixed, noise])),
            1: recorder.row_signatures(x_test[:500]),
        },
        {"id": 7, "weights": "w"},
        "mnist_dense",
    )
    assert facts.fits == 1 and facts.epochs == 10 and facts.weights_match_training
    assert facts.train_rows_seen == 30000 and facts.test_rows_seen == 2000
    assert facts.unknown_rows == 50 and facts.other_test_rows == 500
    assert facts.train_size == 60000 and facts.test_size == 10000


@pytest.mark.parametrize(
    "prepare",
    [
        lambda x: x / 255,
        lambda x: x.astype("float32") / 255 / 255,
        lambda x: x / x.max(),
        lambda x: (x - x.mean()) / x.std(),
        lambda x: x.reshape(len(x), 28, 28).astype("float32"),
    ],
    ids=["float64", "scaled twice", "by max", "standardised", "not flattened"],
)
def test_training_images_are_recognised_however_they_were_scaled(data_dir, prepare):
    from autograder.data import load_data

    (x_train, _), _ = load_data("mnist")
    rows = prepare(x_train[:2000].reshape(2000, 784).astype("float64"))
    train, _ = provenance.dataset_signatures("mnist")
    found = provenance.matches(recorder.row_signatures(rows), train)
    assert np.array_equal(found, np.arange(2000))
