import sys
from types import SimpleNamespace

from autograder.checks import training
from autograder.checks.training import TrainedHistory

RECORDER = "autograder.kernel.recorder"


def test_ten_epochs_with_validation_pass(lesson_model, tiny_training_set):
    x, y = tiny_training_set
    history = lesson_model.fit(x, y, epochs=10, validation_data=(x, y), verbose=0)
    assert training.check_history(history, "mnist_dense").passed


def test_too_few_epochs_or_no_validation_fail(lesson_model, tiny_training_set):
    x, y = tiny_training_set
    short = lesson_model.fit(x, y, epochs=1, validation_data=(x, y), verbose=0)
    assert "records 1 epoch of training" in training.check_history(short, "mnist_dense").message
    unvalidated = lesson_model.fit(x, y, epochs=10, verbose=0)
    assert "no validation results" in training.check_history(unvalidated, "mnist_dense").message


def test_a_dict_is_not_a_history():
    outcome = training.check_history({"loss": [1.0] * 10}, "mnist_dense")
    assert not outcome.passed and "keep what `model.fit(...)` returns" in outcome.message


def test_a_history_edited_after_training_fails():
    returned = {key: [0.5] * 10 for key in ("loss", "accuracy", "val_loss", "val_accuracy")}
    kept = TrainedHistory(returned, {"epochs": 10}, reported=returned)
    assert training.check_history(kept, "mnist_dense").passed
    edited = TrainedHistory(returned, {"epochs": 10}, {**returned, "val_accuracy": [0.99] * 10})
    outcome = training.check_history(edited, "mnist_dense")
    assert not outcome.passed and "changed after training" in outcome.message


def _curves(val_accuracy: float = 0.5) -> dict:
    values = {key: [0.5] * 10 for key in ("loss", "accuracy", "val_loss")}
    return {**values, "val_accuracy": [val_accuracy] * 10}


class _History:  # what a notebook holds: fit's history object, which it may edit
    def __init__(self, values: dict) -> None:
        self.history = values
        self.params = {"epochs": 10}


def _recorder(*records) -> SimpleNamespace:
    """A stand-in for the kernel's training recorder, holding ``records``."""
    return SimpleNamespace(RECORDS=list(records), history_values=lambda history: history.history)


def _record(history, values: dict) -> SimpleNamespace:
    return SimpleNamespace(
        history_id=id(history), history_snapshot=values, params_snapshot={"epochs": 10}
    )


def test_without_a_recorder_the_history_is_as_the_notebook_holds_it(monkeypatch):
    monkeypatch.delitem(sys.modules, RECORDER, raising=False)
    history = _History(_curves())
    assert training.as_recorded(history) is history


def test_the_recorder_shows_a_history_edited_after_training(monkeypatch):
    history = _History(_curves())
    monkeypatch.setitem(sys.modules, RECORDER, _recorder(_record(history, _curves())))
    history.history["val_accuracy"] = [0.99] * 10  # the notebook edits what fit returned

    recorded = training.as_recorded(history)
    assert isinstance(recorded, TrainedHistory)
    assert recorded.history == _curves() and recorded.params == {"epochs": 10}
    assert recorded.reported == history.history != recorded.history
    outcome = training.check_history(recorded, "mnist_dense")
    assert not outcome.passed and "changed after training" in outcome.message

    unrecorded = _History(_curves())  # no record of it: nothing to compare
    assert training.as_recorded(unrecorded) is unrecorded


def test_a_history_already_rebuilt_from_the_records_is_kept(monkeypatch):
    trained = TrainedHistory(_curves(), {"epochs": 10}, reported=_curves(0.99))
    monkeypatch.setitem(sys.modules, RECORDER, _recorder(_record(trained, _curves())))
    assert training.as_recorded(trained) is trained
