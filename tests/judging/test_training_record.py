import numpy as np
import pytest

from autograder.contracts.handoff import (
    OK,
    ExportedVariable,
    FitRecord,
    TrainingKind,
    row_signatures,
)
from autograder.judging import training_record
from tests.checks.conftest import build_model, training_facts


def test_records_are_judged_against_the_real_data(data_dir):
    from autograder.data import load_data

    (x_train, _), (x_test, _) = load_data("mnist")
    mixed = np.concatenate([x_train[:30000], x_test[:2000]]).reshape(32000, 784) / 255.0
    noise = np.random.default_rng(3).random((50, 784))
    records = [
        FitRecord(TrainingKind.FIT, 7, "", weights_after="w", epochs_run=10),
        FitRecord(TrainingKind.FIT, 9, "", weights_after="v", epochs_run=1),
    ]
    facts = training_record.facts_from_records(
        records,
        {
            0: row_signatures(np.concatenate([mixed, noise])),
            1: row_signatures(x_test[:500]),
        },
        ExportedVariable(OK, id=7, weights="w"),
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
    train, _ = training_record.dataset_signatures("mnist")
    found = training_record.matches(row_signatures(rows), train)
    assert np.array_equal(found, np.arange(2000))


def test_the_facts_the_harness_provides_are_the_ones_the_checks_get():
    facts = training_facts(test_rows_seen=10000)
    model = build_model()
    with training_record.provided(facts):
        assert training_record.facts_for(model, "mnist_dense") is facts
        # provided whatever `model` holds: the checks then say what is wrong with it
        assert training_record.facts_for(..., "mnist_dense") is facts
    assert training_record.facts_for(..., "mnist_dense") is None  # no model, no facts
