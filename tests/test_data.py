from pathlib import Path

import numpy as np
import pytest

from autograder import data


def _write_npz(path: Path, **arrays: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize(
    ("name", "train_shape", "test_rows"),
    [("mnist", (60000, 28, 28), 10000), ("cifar10", (50000, 32, 32, 3), None)],
)
def test_serves_verified_local_copy_in_keras_layout(data_dir, name, train_shape, test_rows):
    (x_train, y_train), (x_test, y_test) = data.load_data(name)
    assert x_train.shape == train_shape and x_train.dtype == np.uint8
    assert len(y_train) == len(x_train) and len(y_test) == len(x_test)
    assert x_test.shape[1:] == train_shape[1:]
    if test_rows:
        assert len(x_test) == test_rows
    assert data.array_sha256(x_test) == data.DATASETS[name].sha256["x_test"]


def test_returns_fresh_copies(data_dir):
    (x_train, _), _ = data.load_data("mnist")
    x_train[0, 0, 0] = 77
    (again, _), _ = data.load_data("mnist")
    assert again[0, 0, 0] == 0


def test_the_grader_reads_the_same_arrays_read_only_without_a_copy(data_dir):
    (x_train, _), (_, y_test) = data.read_only_data("mnist")
    (again, _), _ = data.read_only_data("mnist")
    assert again is x_train and not x_train.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        y_test[0] = 3
    (copy, _), _ = data.load_data("mnist")
    assert copy.flags.writeable and np.array_equal(copy, x_train)


def test_refuses_a_file_whose_arrays_differ(tmp_path, monkeypatch):
    spec = data.DATASETS["mnist"]
    arrays = {key: np.zeros((2, 2), np.uint8) for key in data.ARRAY_KEYS}
    _write_npz(tmp_path / spec.relative_path, **arrays)
    with pytest.raises(data.DatasetError, match="failed verification: array 'x_train'"):
        data.load_local_copy(spec, tmp_path)


def test_refuses_a_file_missing_arrays(tmp_path):
    spec = data.DATASETS["cifar10"]
    _write_npz(tmp_path / spec.relative_path, x_train=np.zeros(3))
    with pytest.raises(data.DatasetError, match="lacks the arrays y_train, x_test, y_test"):
        data.load_local_copy(spec, tmp_path)


def test_refuses_a_file_that_is_not_npz(tmp_path):
    spec = data.DATASETS["mnist"]
    path = tmp_path / spec.relative_path
    path.parent.mkdir(parents=True)
    path.write_text("not a zip")
    with pytest.raises(data.DatasetError, match="not a readable .npz file"):
        data.load_local_copy(spec, tmp_path)


def test_names_the_file_to_place_when_the_local_copy_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(data.DatasetError) as raised:
        data.load_data("cifar10")
    assert str(tmp_path / "cifar10/cifar10.npz") in str(raised.value)


def test_falls_back_to_keras_and_explains_a_failed_download(monkeypatch):
    import keras

    def offline(*args, **kwargs):
        raise Exception("URL fetch failure: Name or service not known")

    monkeypatch.delenv(data.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(data.DatasetError) as raised:
        data.load_data("mnist")
    message = str(raised.value)
    assert "Keras download failed" in message and "mnist/mnist.npz" in message
    assert data.DATA_DIR_ENV in message


def test_rejects_unknown_data_sets():
    known = "known data sets: cifar10, cifar100, fashion_mnist, mnist"
    with pytest.raises(data.DatasetError, match=known):
        data.load_data("svhn")


def test_downloads_are_fetched_once_for_kernels_without_network(tmp_path, monkeypatch):
    arrays = {
        key: np.arange(6, dtype=np.uint8).reshape(2, 3) + i for i, key in enumerate(data.ARRAY_KEYS)
    }
    fetched = []
    monkeypatch.setattr(data, "_download_with_keras", lambda spec: fetched.append(spec) or arrays)
    folder = data.prefetch_downloads(tmp_path / "downloads", ("mnist",))
    data.prefetch_downloads(folder, ("mnist",))  # already there: not fetched again
    assert len(fetched) == 1

    monkeypatch.setattr(data, "_download_with_keras", lambda spec: pytest.fail("no network"))
    monkeypatch.delenv(data.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv(data.DOWNLOADS_ENV, str(folder))
    data._cached_arrays.cache_clear()
    (x_train, _), (_, y_test) = data.load_data("mnist")
    data._cached_arrays.cache_clear()
    assert np.array_equal(x_train, arrays["x_train"])
    assert np.array_equal(y_test, arrays["y_test"])


def test_the_official_cifar10_test_set_is_accepted_by_its_first_rows(data_dir):
    """Keras' download has 10,000 test images; the offline copy holds the first 1,000,
    whose checksums verify the longer set's first rows (and refuse a changed one)."""
    spec = data.DATASETS["cifar10"]
    (x_train, y_train), (x_test, y_test) = data.load_data("cifar10")
    official = {
        "x_train": x_train,
        "y_train": y_train,
        "x_test": np.concatenate([x_test] * 10),
        "y_test": np.concatenate([y_test] * 10),
    }
    data.verify_arrays(spec, official, "Keras' download")
    official["x_test"][5, 0, 0, 0] ^= 1
    with pytest.raises(data.DatasetError, match="Keras' download failed verification"):
        data.verify_arrays(spec, official, "Keras' download")


def test_fetch_data_writes_verified_copies_once(data_dir, tmp_path, monkeypatch):
    written = data.fetch_data(tmp_path / "served", ("mnist",))
    assert written == [tmp_path / "served" / "mnist" / "mnist.npz"]
    assert oct(written[0].stat().st_mode & 0o777) == "0o644"  # for the kernels' own users
    data.load_local_copy(data.DATASETS["mnist"], tmp_path / "served")
    before = written[0].stat().st_mtime_ns
    data.fetch_data(tmp_path / "served", ("mnist",))  # verified already: kept
    assert written[0].stat().st_mtime_ns == before


def test_a_keras_download_that_does_not_verify_is_refused(monkeypatch):
    import keras

    bad = (np.zeros((2, 28, 28), np.uint8), np.zeros(2, np.uint8))
    monkeypatch.delenv(data.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: (bad, bad))
    data._cached_arrays.cache_clear()
    try:
        with pytest.raises(data.DatasetError, match="Keras' download failed verification"):
            data.load_data("mnist")
    finally:
        data._cached_arrays.cache_clear()
