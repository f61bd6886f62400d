from __future__ import annotations

from dataclasses import fields

import numpy as np

from autograder.checks.model import LayerFacts
from autograder.checks.training import TrainedHistory
from autograder.contracts import typed_files
from autograder.contracts.evidence import (
    ArrayFacts,
    CompileFacts,
    Evidence,
    LayerRecord,
    array_part,
)
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
    assert facts.arrays["X_train"] == ArrayFacts((5, 784), "float32", 0.0, 0.0)
    assert set(facts.arrays) == {"X_train", "y_test"}
    assert "placeholder" in facts.why(array_part("X_test"))
    assert "not defined" in facts.why(array_part("y_train"))
    assert facts.layers is not None
    assert [(row.units, row.activation) for row in facts.layers] == [
        (32, "relu"), (16, "relu"), (10, "softmax"),
    ]  # fmt: skip
    assert facts.compile == CompileFacts("SGD", "categorical_crossentropy", ("accuracy",))
    assert facts.curves == {"accuracy": (0.8, 0.9), "loss": (0.5, 0.4)}
    test = facts.test
    assert test is not None
    confusion = np.array(test.confusion)
    assert confusion.shape == (10, 10) and confusion.sum() == test.images == 10_000
    assert test.accuracy == np.trace(confusion) / 10_000
    confidences = [mistake.confidence for mistake in test.mistakes]
    assert len(confidences) == evidence.MISTAKES_SHOWN and confidences == sorted(confidences)[::-1]
    assert all(mistake.true != mistake.predicted for mistake in test.mistakes)
    assert set(facts.unavailable) == {array_part("X_test"), array_part("y_train")}
    written = typed_files.to_plain(facts)  # as the verdict and the result carry it
    assert typed_files.from_plain(Evidence, written, "evidence") == facts


def test_parts_that_cannot_be_read_say_why(data_dir):
    wrong_output = build_model(layers=((3, "softmax"),))
    facts = evidence.collect({"model": wrong_output, "history": ...}, "mnist_dense")
    assert facts.test is None and "shape" in facts.why("test")
    assert facts.curves is None and "placeholder" in facts.why("curves")
    assert facts.compile is None and facts.why("compile") == "the model was not compiled"
    assert facts.layers is not None and not facts.why("layers")
    facts = evidence.collect({"model": "not a model"}, "mnist_dense")
    assert facts.layers is None and facts.test is None
    assert facts.why("layers") and facts.why("layers") == facts.why("test")


def test_an_unexpected_error_in_a_part_is_its_reason():
    class Broken:
        history = {"loss": [0.5, "not a number"]}

    facts = evidence.collect({"history": Broken()}, "mnist_dense")
    assert facts.curves is None and facts.why("curves").startswith("ValueError: ")


def test_a_layer_is_recorded_with_the_fields_the_checks_describe_it_by():
    assert [f.name for f in fields(LayerRecord)] == [f.name for f in fields(LayerFacts)]
