"""The judging tests build the same small Keras models as the checks' tests."""

from tests.checks.conftest import lesson_model  # noqa: F401 (a fixture)
