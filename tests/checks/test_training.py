import pytest

from autograder.checks import training

from .conftest import build_model


@pytest.mark.parametrize(
    ("compile_args", "expected"),
    [
        (
            {"optimizer": "adam", "loss": "categorical_crossentropy", "metrics": ["accuracy"]},
            "the optimizer is adam",
        ),
        ({"optimizer": "sgd", "loss": "mse", "metrics": ["accuracy"]}, "the loss is mse"),
        ({"optimizer": "sgd", "loss": "categorical_crossentropy"}, "accuracy metric is missing"),
    ],
)
def test_compile_settings_are_checked(compile_args, expected):
    model = build_model()
    model.compile(**compile_args)
    outcome = training.check_compiled(model)
    assert not outcome.passed and expected in outcome.message.lower()


def test_an_uncompiled_model_fails():
    outcome = training.check_compiled(build_model())
    assert not outcome.passed and "has not been compiled" in outcome.message


def test_the_lesson_compile_passes(lesson_model):
    assert training.check_compiled(lesson_model).passed


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
