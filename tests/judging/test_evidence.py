from __future__ import annotations

import numpy as np

from autograder.checks.training import TrainedHistory
from autograder.judging import evidence
from tests.checks.conftest import build_model


def test_collect_reads_layers_compile_arrays_curves_and_predictions(lesson_model, data_dir):
    history = TrainedHistory({"loss": [0.5, 0.4], "accuracy": [0.8, 0.9], "lr": [0.01]}, {}, {})
    env = {
        "X_train": np.zeros((5, 784), dtype=np.float32),
        "X_test": ...,
        "y_train": None,
        "y_test": np.eye(10)[:3],
        "model": lesson_model,
        "history": history,
    }
    facts = evidence.collect(env, "mnist_dense")
    assert facts["arrays"]["X_train"] == {
        "shape": [5, 784],
        "dtype": "float32",
        "min": 0.0,
        "max": 0.0,
    }
    assert "placeholder" in facts["arrays"]["X_test"]["unavailable"]
    assert "not defined" in facts["arrays"]["y_train"]["unavailable"]
    assert [(row["units"], row["activation"]) for row in facts["layers"]] == [
        (32, "relu"), (16, "relu"), (10, "softmax"),
    ]  # fmt: skip
    assert facts["compile"] == {
        "optimizer": "SGD", "loss": "categorical_crossentropy", "metrics": ["accuracy"],
    }  # fmt: skip
    assert facts["curves"] == {"accuracy": [0.8, 0.9], "loss": [0.5, 0.4]}
    test = facts["test"]
    confusion = np.array(test["confusion"])
    assert confusion.shape == (10, 10) and confusion.sum() == test["images"] == 10_000
    assert test["accuracy"] == np.trace(confusion) / 10_000
    confidences = [mistake["confidence"] for mistake in test["mistakes"]]
    assert len(confidences) == evidence.MISTAKES_SHOWN and confidences == sorted(confidences)[::-1]
    assert all(mistake["true"] != mistake["predicted"] for mistake in test["mistakes"])


def test_parts_that_cannot_be_read_say_why(data_dir):
    wrong_output = build_model(layers=((3, "softmax"),))
    facts = evidence.collect({"model": wrong_output, "history": ...}, "mnist_dense")
    assert "shape" in facts["test"]["unavailable"]
    assert "placeholder" in facts["curves"]["unavailable"]
    assert facts["compile"] == {"unavailable": "the model was not compiled"}
    facts = evidence.collect({"model": "not a model"}, "mnist_dense")
    assert set(facts["layers"]) == {"unavailable"} and set(facts["test"]) == {"unavailable"}
