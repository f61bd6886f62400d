import pytest

from autograder.checks import compile as compile_checks

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
    outcome = compile_checks.check_compiled(model, "mnist_dense")
    assert not outcome.passed and expected in outcome.message.lower()


def test_an_uncompiled_model_fails():
    outcome = compile_checks.check_compiled(build_model(), "mnist_dense")
    assert not outcome.passed and "has not been compiled" in outcome.message


def test_the_lesson_compile_passes(lesson_model):
    assert compile_checks.check_compiled(lesson_model, "mnist_dense").passed
