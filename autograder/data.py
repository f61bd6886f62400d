"""Step 1 of a submission's story: the data sets.

Loads MNIST and CIFAR-10 in exactly the layout ``keras.datasets.*.load_data()``
returns. When ``DENSEGRADE_DATA_DIR`` names a folder of local copies (tests, CI,
an offline grading server) those copies are served after every array's sha256
is verified; otherwise the real Keras download is used.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA_DIR_ENV = "DENSEGRADE_DATA_DIR"
# Set by `densegrade grade` for sandboxed kernels, which have no network: a folder of
# arrays the grader itself fetched with Keras just before (see prefetch_downloads).
DOWNLOADS_ENV = "DENSEGRADE_DOWNLOADED_DATA"
ARRAY_KEYS = ("x_train", "y_train", "x_test", "y_test")

Split = tuple[np.ndarray, np.ndarray]


class DatasetError(RuntimeError):
    """A data set could not be served; the message says what to do."""


@dataclass(frozen=True)
class DatasetSpec:
    """A data set as the grader serves it: where its local copy lives and its checksums."""

    name: str
    relative_path: str
    # sha256 of each array's raw C-order bytes, as listed beside the local copies.
    sha256: dict[str, str]
    classes: tuple[str, ...] = tuple(str(digit) for digit in range(10))  # label -> name
    # Arrays whose checksum covers only their first rows: the offline copy holds those
    # rows, Keras' download (the official set) more, and both are accepted.
    checked_rows: dict[str, int] = field(default_factory=dict)


DATASETS: dict[str, DatasetSpec] = {
    "mnist": DatasetSpec(
        name="mnist",
        relative_path="mnist/mnist.npz",
        sha256={
            "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
            "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
            "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
            "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
        },
    ),
    "cifar10": DatasetSpec(
        name="cifar10",
        relative_path="cifar10/cifar10.npz",
        sha256={
            "x_train": "47af8b02cfcfb6cdf3dbbd1969ad7f1b70f4413f6f80f437b020ee4e5bc8304a",
            "y_train": "2b7cd2f24487317614016b72ffd53071c3062f592f0eb300c18a770d41ae1253",
            "x_test": "da362006b99671213d1a5d856cab2bedf64d40bad4501630ee60f4ceb2d3ec7f",
            "y_test": "636a087e604331a0b9dafc94b6e9ade0c9cec72c4400d12473ccdb3e264474c1",
        },
        classes=(
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck",
        ),  # fmt: skip
        checked_rows={"x_test": 1000, "y_test": 1000},
    ),
}


def load_data(name: str) -> tuple[Split, Split]:
    """Return ``(x_train, y_train), (x_test, y_test)`` for ``name`` (fresh copies, for a
    notebook to change as it likes)."""
    x_train, y_train, x_test, y_test = (array.copy() for array in _verified(name))
    return (x_train, y_train), (x_test, y_test)


def read_only_data(name: str) -> tuple[Split, Split]:
    """The same arrays as :func:`load_data`, read-only and without a copy: for the grader's
    own reading (a copy of CIFAR-10's images is 0.18 GB each time a check loads them)."""
    x_train, y_train, x_test, y_test = _verified(name)
    return (x_train, y_train), (x_test, y_test)


def _verified(name: str) -> tuple[np.ndarray, ...]:
    arrays = _cached_arrays(name, os.environ.get(DATA_DIR_ENV) or None)
    for array in arrays.values():  # shared by every caller in this process
        array.flags.writeable = False
    return tuple(arrays[key] for key in ARRAY_KEYS)


def verify(name: str) -> None:
    """Load and verify ``name`` once (cached for :func:`load_data`), copying nothing."""
    _cached_arrays(name, os.environ.get(DATA_DIR_ENV) or None)


def configured_data_dir() -> Path | None:
    """The offline data folder named by ``DENSEGRADE_DATA_DIR``, if any (made absolute,
    symbolic links kept: they are the path users know)."""
    value = os.environ.get(DATA_DIR_ENV)
    return Path(value).absolute() if value else None


def _served_folders() -> dict[str, Path]:
    """Where data sets are served from: the variable naming each folder -> the folder."""
    folders = {}
    configured = configured_data_dir()
    if configured is not None:
        folders[DATA_DIR_ENV] = configured
    downloads = os.environ.get(DOWNLOADS_ENV)
    if downloads and configured is None:
        folders[DOWNLOADS_ENV] = Path(downloads).absolute()
    return folders


def served_data_environment() -> dict[str, str]:
    """The variables that point a grading kernel at the data folder, as absolute paths."""
    return {variable: str(folder) for variable, folder in _served_folders().items()}


def served_files() -> list[Path]:
    """The data set files a grading kernel may open (those that exist)."""
    paths = [
        folder / spec.relative_path
        for folder in _served_folders().values()
        for spec in DATASETS.values()
    ]
    return [path for path in paths if path.is_file()]


def spec_for(name: str) -> DatasetSpec:
    try:
        return DATASETS[name]
    except KeyError:
        known = ", ".join(sorted(DATASETS))
        raise DatasetError(f"Unknown data set {name!r}; known data sets: {known}.") from None


@lru_cache(maxsize=2)
def _cached_arrays(name: str, data_dir: str | None) -> dict[str, np.ndarray]:
    # Cached per (name, folder) so a grading kernel verifies each file once.
    spec = spec_for(name)
    if data_dir is not None:
        return load_local_copy(spec, Path(data_dir))
    downloads = os.environ.get(DOWNLOADS_ENV)
    if downloads and (Path(downloads) / spec.relative_path).is_file():
        with np.load(Path(downloads) / spec.relative_path, allow_pickle=False) as npz:
            return {key: npz[key] for key in ARRAY_KEYS}
    return _download_with_keras(spec)


def prefetch_downloads(folder: Path, names: tuple[str, ...] = tuple(DATASETS)) -> Path:
    """Download the data sets with Keras once, for kernels that will have no network.

    Used only when no verified local copies are configured; the arrays are saved as
    they came from Keras (verified), in a folder the kernels can read but not write.
    """
    for name in names:
        spec = spec_for(name)
        path = folder / spec.relative_path
        if not path.is_file():
            arrays = _download_with_keras(spec)
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, **arrays)
    return folder


def fetch_data(folder: Path, names: tuple[str, ...] = tuple(DATASETS)) -> list[Path]:
    """Write verified copies of the data sets into ``folder``, to be served from there.

    From the configured local copies if any, else from Keras' download (the official
    sets; a grading image is built with internet, its submissions are graded without).
    A copy already there that verifies is kept. Readable by every user: sandboxed
    kernels run as users of their own.
    """
    written = []
    for name in names:
        spec = spec_for(name)
        target = folder / spec.relative_path
        try:
            load_local_copy(spec, folder)
        except DatasetError:
            arrays = _cached_arrays(name, os.environ.get(DATA_DIR_ENV) or None)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
            partial = target.with_name(f".{target.name}.partial")
            with partial.open("wb") as stream:
                np.savez(stream, **arrays)
            partial.chmod(0o644)
            partial.replace(target)
        written.append(target)
    return written


def load_local_copy(spec: DatasetSpec, data_dir: Path) -> dict[str, np.ndarray]:
    """Load ``spec`` from ``data_dir`` and refuse it unless every array checks out."""
    path = data_dir / spec.relative_path
    if not path.is_file():
        raise DatasetError(
            f"{spec.name}: no local copy at {path}. {DATA_DIR_ENV} is set to {data_dir}, "
            f"so place the verified file there as {spec.relative_path} "
            f"(or unset {DATA_DIR_ENV} to download it with Keras)."
        )
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in ARRAY_KEYS if key in npz.files}
    except Exception as error:  # a truncated or foreign file surfaces as many error types
        raise DatasetError(f"{spec.name}: {path} is not a readable .npz file ({error}).") from error
    missing = [key for key in ARRAY_KEYS if key not in arrays]
    if missing:
        raise DatasetError(f"{spec.name}: {path} lacks the arrays {', '.join(missing)}.")
    verify_arrays(spec, arrays, str(path))
    return arrays


def verify_arrays(spec: DatasetSpec, arrays: dict[str, np.ndarray], source: str) -> None:
    """Refuse ``arrays`` unless each has the published checksum (see ``checked_rows``)."""
    for key in ARRAY_KEYS:
        array = arrays[key]
        rows = spec.checked_rows.get(key)
        actual = array_sha256(array[:rows] if rows and len(array) >= rows else array)
        if actual != spec.sha256[key]:
            raise DatasetError(
                f"{spec.name}: {source} failed verification: array {key!r} has sha256 {actual}, "
                f"expected {spec.sha256[key]}. The file is corrupt or not the expected data set; "
                "replace it with the verified copy."
            )


def array_sha256(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def _download_with_keras(spec: DatasetSpec) -> dict[str, np.ndarray]:
    import keras  # imported here: the offline path never needs TensorFlow

    loader = getattr(keras.datasets, spec.name).load_data
    # The grading kernel replaces Keras' loaders with ours; call the original one.
    loader = getattr(loader, "__wrapped__", loader)
    try:
        (x_train, y_train), (x_test, y_test) = loader()
    except Exception as error:
        raise DatasetError(
            f"{spec.name}: the Keras download failed ({error}). Offline, set {DATA_DIR_ENV} to a "
            f"folder holding {spec.relative_path} (see the README's 'Data' section)."
        ) from error
    arrays = dict(zip(ARRAY_KEYS, (x_train, y_train, x_test, y_test), strict=True))
    verify_arrays(spec, arrays, "Keras' download")
    return arrays
