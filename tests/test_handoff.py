import numpy as np

from autograder import handoff


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
