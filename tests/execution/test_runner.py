"""A small notebook through the real runner: kernel, recorder, export, hostile cells."""

import json

import nbformat
import pytest

from autograder.contracts.assignments import GRADABLE_VARIABLES
from autograder.contracts.handoff import MODEL_FILE, STATE_FILE, array_file
from autograder.execution.runner import ExecutionFailed
from tests.execution.running import execute_submission

pytestmark = pytest.mark.notebook


def test_state_is_exported_despite_hostile_cells(small_execution):
    state = json.loads((small_execution.export_dir / STATE_FILE).read_text())
    variables = state["variables"]
    assert set(variables) == set(GRADABLE_VARIABLES)
    assert {v["status"] for v in variables.values()} == {"ok"}
    assert (small_execution.export_dir / array_file("X_train", 0)).stat().st_size > 50 * 784 * 4
    assert (small_execution.export_dir / MODEL_FILE).is_file()
    assert variables["history"]["values"]["loss"] and variables["history"]["params"]["epochs"] == 2


def test_training_is_recorded(small_execution):
    state = json.loads((small_execution.export_dir / STATE_FILE).read_text())
    model, history = state["variables"]["model"], state["variables"]["history"]
    (fit,) = state["fits"]
    assert fit["model_id"] == model["id"] and fit["history_id"] == history["id"]
    assert fit["kind"] == "fit" and fit["rows_recorded"] and fit["epochs_run"] == 2
    assert fit["weights_after"] == model["weights"]


def test_student_errors_are_reported_and_do_not_stop_the_run(small_execution):
    assert small_execution.errors == [
        "ValueError: a student bug (in the cell `raise ValueError('a student bug')`)"
    ]


def test_an_error_whose_traceback_never_arrives_is_taken_from_the_reply(tmp_path):
    # As when the kernel has no memory left to publish it, or the machine is loaded past
    # nbclient's wait for IOPub: the execute reply still names the error.
    lost = "get_ipython()._showtraceback = lambda *args: None\n"
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(lost + "raise MemoryError('Unable to allocate')")]
    )
    execution = execute_submission(notebook, tmp_path)
    (error,) = execution.errors
    assert error.startswith("MemoryError: Unable to allocate (in the cell `get_ipython()")


def test_a_broken_grading_setup_is_an_error_not_a_score(tmp_path, monkeypatch):
    monkeypatch.setenv("DENSEGRADE_DATA_DIR", str(tmp_path / "nowhere"))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    monkeypatch.setattr(
        "autograder.execution.runner.setup_source",
        lambda seed, **_: "raise RuntimeError('no data')",
    )
    with pytest.raises(ExecutionFailed, match="setup cell failed: RuntimeError: no data"):
        execute_submission(notebook, tmp_path)
