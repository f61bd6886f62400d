import json

import numpy as np
import pytest

from autograder.contracts import handoff, typed_files
from autograder.contracts.typed_files import FileFormatError


def test_signatures_ignore_dtype_scaling_and_flattening():
    images = np.random.default_rng(1).integers(0, 256, (5, 28, 28), dtype=np.uint8)
    raw = handoff.row_signatures(images)
    scaled = handoff.row_signatures(images.reshape(5, 784).astype("float32") / 255)
    assert np.allclose(raw, scaled, atol=1e-5, rtol=0)
    assert len({tuple(row) for row in raw.round(3)}) == 5  # distinct images, distinct numbers


def test_inputs_without_rows_have_no_signature():
    assert handoff.row_signatures(None) is None
    assert handoff.row_signatures(np.zeros(5)) is None


def test_a_records_signatures_are_found_by_its_index():
    assert handoff.record_index(handoff.signatures_key(12)) == 12
    assert handoff.array_file("X_train", 3) == "X_train.003.npy"


def _state() -> handoff.ExportState:
    record = handoff.FitRecord(
        handoff.TrainingKind.FIT,
        model_id=7,
        weights_before="a",
        weights_after="b",
        history_id=9,
        epochs_run=2,
        history_snapshot={"loss": [0.5, 0.25]},
        params_snapshot={"epochs": 2, "steps": 469},
    )
    variables = {
        "X_train": handoff.ExportedVariable(handoff.OK, files=("X_train.000.npy",)),
        "model": handoff.ExportedVariable(handoff.UNSAVEABLE, id=7, weights="b", error="Boom"),
        "history": handoff.ExportedVariable(handoff.OK, id=9, values={"loss": [0.5, 0.25]}),
    }
    return handoff.ExportState(variables, (record,))


def test_the_state_reaches_the_judge_as_the_kernel_wrote_it(tmp_path):
    path = typed_files.write(tmp_path / handoff.STATE_FILE, _state())
    back = typed_files.read(handoff.ExportState, path)
    assert back == _state()
    assert back.variables["model"].status is handoff.ExportStatus.UNSAVEABLE
    assert back.fits[0].kind is handoff.TrainingKind.FIT
    assert '"status": "unsaveable"' in path.read_text()  # the values stay the same strings


def test_a_state_with_a_key_the_judge_does_not_know_is_refused(tmp_path):
    path = typed_files.write(tmp_path / handoff.STATE_FILE, _state())
    data = json.loads(path.read_text())
    data["variables"]["model"]["source"] = "print('hi')"
    path.write_text(json.dumps(data))
    with pytest.raises(FileFormatError, match=r"variables\.model: unknown key 'source'"):
        typed_files.read(handoff.ExportState, path)
