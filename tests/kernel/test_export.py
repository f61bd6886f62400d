"""What the kernel hands over is what the judge rebuilds; arrays leave the kernel in pieces no
larger than the kernel's file-size cap allows."""

import numpy as np

from autograder.contracts.assignments import GRADABLE_VARIABLES
from autograder.contracts.handoff import ExportState, ExportStatus
from autograder.judging.rebuild import _array, read_state, rebuild_variables
from autograder.kernel import export

EMPTY = ExportState(variables={})


def test_a_large_array_is_written_in_pieces_and_read_back_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "ARRAY_FILE_BYTES", 1000)
    monkeypatch.setitem(export._ORIGINALS, "save_array", np.save)
    array = np.arange(60 * 7, dtype=np.float64).reshape(60, 7)  # 56 bytes a row
    info = export._export_array(array, tmp_path, "X_train")
    assert info.status is ExportStatus.OK and len(info.files) == 4  # 17 rows a piece
    assert all((tmp_path / name).stat().st_size <= 1000 + 128 for name in info.files)
    back = _array("X_train", info, tmp_path, EMPTY)
    assert back.dtype == array.dtype and np.array_equal(back, array)


def test_a_column_major_array_in_pieces_is_read_back_whole_in_row_order(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "ARRAY_FILE_BYTES", 1000)
    monkeypatch.setitem(export._ORIGINALS, "save_array", np.save)
    array = np.asfortranarray(np.arange(60 * 7, dtype=np.float32).reshape(60, 7))
    info = export._export_array(array, tmp_path, "X_test")
    assert len(info.files) > 1
    back = _array("X_test", info, tmp_path, EMPTY)
    assert back.dtype == array.dtype and np.array_equal(back, array)


def test_small_zero_dimensional_and_empty_arrays_are_one_piece(tmp_path, monkeypatch):
    monkeypatch.setitem(export._ORIGINALS, "save_array", np.save)
    for name, value in (("a", np.float32(3)), ("b", np.zeros((0, 784))), ("c", [[1, 2]])):
        info = export._export_array(value, tmp_path, name)
        assert len(info.files) == 1
        assert np.array_equal(_array(name, info, tmp_path, EMPTY), np.asarray(value))


def test_every_gradable_variable_is_exported_by_its_kind_and_rebuilt(tmp_path):
    for value, rebuilt in ((..., Ellipsis), (None, None)):  # the stub's `...`, never set
        state = ExportState(
            {
                name: export.EXPORTERS[variable.kind](value, tmp_path, name)
                for name, variable in GRADABLE_VARIABLES.items()
            }
        )
        assert rebuild_variables(state, tmp_path) == dict.fromkeys(GRADABLE_VARIABLES, rebuilt)


def test_the_state_is_written_with_the_function_captured_before_the_student(tmp_path, monkeypatch):
    """A notebook that swaps the writer after setup does not change what the judge reads."""
    captured = []
    monkeypatch.setitem(export._ORIGINALS, "save_arrays", np.savez)
    monkeypatch.setitem(export._ORIGINALS, "shell", _Shell({"X_train": np.ones((2, 3))}))
    monkeypatch.setitem(export._ORIGINALS, "save_array", np.save)
    monkeypatch.setitem(export._ORIGINALS, "dumps", _spy(captured))
    monkeypatch.setattr(export.typed_files, "dumps", lambda *args: "{}")  # the student's swap
    export._export_state(str(tmp_path))
    state = read_state(tmp_path)
    assert captured and state.variables["X_train"].status is ExportStatus.OK
    assert state.variables["model"].status is ExportStatus.MISSING


class _Shell:
    def __init__(self, namespace: dict) -> None:
        self.user_ns = namespace
        self.events = type("Events", (), {"callbacks": {}})()


def _spy(calls: list):
    from autograder.contracts.typed_files import dumps

    def dumps_and_note(*args):
        calls.append(args)
        return dumps(*args)

    return dumps_and_note
