import pytest

from autograder.checks.outcome import Unavailable
from autograder.checks.training import TrainedHistory
from autograder.contracts.handoff import MISSING, PLACEHOLDER, UNSUPPORTED, ExportedVariable
from autograder.judging import rebuild


@pytest.fixture(scope="module")
def environment(small_execution):
    state = rebuild.read_state(small_execution.export_dir)
    return rebuild.rebuild_variables(state, small_execution.export_dir)


@pytest.mark.notebook
def test_the_environment_is_rebuilt_outside_the_kernel(environment):
    import keras

    assert environment["X_train"].shape == (50, 784)
    assert isinstance(environment["model"], keras.Model)
    assert environment["model"].count_params() == 7850
    history = environment["history"]
    assert isinstance(history, TrainedHistory)  # as `fit` returned it
    assert len(history.history["loss"]) == 2 and history.params["epochs"] == 2
    assert history.reported == history.history  # nothing edited it after training


def test_unusable_values_explain_themselves():
    info = ExportedVariable(UNSUPPORTED, type="str")
    value = rebuild._unset(info, "X_train")
    assert isinstance(value, Unavailable) and "`X_train` is a str" in value.message
    assert rebuild._unset(ExportedVariable(PLACEHOLDER), "model") is Ellipsis
    assert rebuild._unset(ExportedVariable(MISSING), "model") is None
