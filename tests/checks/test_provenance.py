import numpy as np
import pytest

from autograder.checks import provenance
from autograder.checks.provenance import TrainingFacts
from autograder.execution import provenance as recorder


def _facts(**changes):
    good = dict(
        fits=1,
        epochs=10,
        history_recorded=True,
        history_intact=True,
        weights_match_training=True,
        train_rows_seen=60000,
        test_rows_seen=0,
        train_size=60000,
        test_size=10000,
        rows_recognised=True,
    )
    return TrainingFacts(**{**good, **changes})


class _Model:
    """Stands for a rebuilt model carrying the facts a clean process attaches."""

    def __init__(self, facts):
        self.densegrade_training_facts = facts


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"fits": 0}, "never trained with `fit`"),
        ({"weights_match_training": False}, "weights changed after its last `fit`"),
        ({"history_recorded": False}, "`history` is not what the model's `fit` call returned"),
        ({"history_intact": False}, "`history` was changed after training"),
        ({"epochs": 1}, "trained for 1 epoch in all"),
        ({"test_rows_seen": 10000}, "trained on 10000 test images"),
        ({"train_rows_seen": 6000}, "trained on 6000 of the 60000 training images"),
        ({"rows_recognised": False, "train_rows_seen": 0}, "could not be matched"),
    ],
)
def test_every_training_problem_is_named(changes, expected):
    outcome = provenance.check_trained(_Model(_facts(**changes)), None, "mnist_dense")
    assert not outcome.passed and expected in outcome.message


def test_honest_training_passes():
    assert provenance.check_trained(_Model(_facts()), None, "mnist_dense").passed
    assert provenance.accuracy_problems(_facts()) == []


def test_accuracy_does_not_count_for_a_replaced_model_or_test_training():
    assert provenance.accuracy_problems(_facts(fits=0))
    assert provenance.accuracy_problems(_facts(weights_match_training=False))
    assert provenance.accuracy_problems(_facts(test_rows_seen=500))


def test_records_are_judged_against_the_real_data(data_dir):
    from autograder.data import load_data

    (x_train, _), (x_test, _) = load_data("mnist")
    mixed = np.concatenate([x_train[:30000], x_test[:2000]]).reshape(32000, 784) / 255.0
    records = [
        {
            "model_id": 7,
            "history_id": 8,
            "epochs_run": 10,
            "weights_after": "w",
            "history_snapshot": {"loss": [1.0]},
        }
    ]
    facts = provenance.facts_from_records(
        records,
        {0: recorder.row_signatures(mixed)},
        {"id": 7, "weights": "w"},
        {"id": 8, "values": {"loss": [1.0]}},
        "mnist_dense",
    )
    assert facts.fits == 1 and facts.history_intact and facts.weights_match_training
    assert facts.train_rows_seen >= 29900 and facts.test_rows_seen >= 1990
    assert facts.train_size == 60000 and facts.test_size == 10000
