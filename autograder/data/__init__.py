"""Step 1 of a submission's story: the data sets.

Loads the Keras image data sets (MNIST, Fashion-MNIST, CIFAR-10, CIFAR-100) in exactly
the layout ``keras.datasets.*.load_data()`` returns. When ``DENSEGRADE_DATA_DIR``
names a folder of local copies (tests, CI, an offline grading server) those copies are
served after every array's sha256 is verified; otherwise the real Keras download is
used. Arrays whose digests are not published here (Fashion-MNIST, CIFAR-100) are
verified against the digests the build recorded in the assignment's spec.

An instructor's own data set is a ``.npz`` with ``x_train, y_train, x_test, y_test``
(pixels 0..255 as uint8, integer labels): the build records its digests and keeps a
copy in the assignment's bundle (``bundles/<name>/<file>.npz``), which grading serves
verified; while authoring, a path to the file is served as it is.

May import: contracts, student_imports, submissions.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from autograder.contracts.assignments import OWN_SUFFIX
from autograder.data.own import own_classes, own_spec, read_npz, recorded_sha256
from autograder.data.sets import (
    ARRAY_KEYS,
    DATASETS,
    DatasetError,
    DatasetSpec,
    Split,
    array_sha256,
)

DATA_DIR_ENV = "DENSEGRADE_DATA_DIR"
# Set by `densegrade grade` for sandboxed kernels, which have no network: a folder of
# arrays the grader itself fetched with Keras just before (see prefetch_downloads).
DOWNLOADS_ENV = "DENSEGRADE_DOWNLOADED_DATA"

__all__ = [
    "ARRAY_KEYS",
    "DATASETS",
    "DATA_DIR_ENV",
    "DOWNLOADS_ENV",
    "OWN_SUFFIX",
    "DatasetError",
    "DatasetSpec",
    "array_sha256",
    "own_classes",
    "read_npz",
]


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


def place_own_dataset(assignment: str, workdir: Path, uid: int | None = None) -> Path | None:
    """Put a read-only copy of ``assignment``'s own data set (verified) in the kernel's
    working folder, where the notebook's ``np.load("<file>.npz")`` finds it as it did
    beside the handout's notebook; None for a Keras data set. A copy, not a link: a
    notebook that writes the name replaces its own copy, never the bundle's."""
    from autograder.contracts.assignments import get_assignment

    spec = get_assignment(assignment)
    if not spec.own_dataset:
        return None
    verify(spec.dataset)
    source = Path(spec_for(spec.dataset).relative_path)
    target = workdir / spec.dataset
    shutil.copyfile(source, target)
    target.chmod(0o444)
    if uid is not None:
        os.chown(target, uid, uid)
    return target


def spec_for(name: str) -> DatasetSpec:
    """A Keras data set by name, an own ``.npz`` the build recorded, or (while authoring)
    a path to an own ``.npz``."""
    if name in DATASETS:
        spec = DATASETS[name]
        if not spec.sha256:  # not published here: the digests the build recorded, if any
            spec = replace(spec, sha256=recorded_sha256(name))
        return spec
    if name.endswith(OWN_SUFFIX):
        return own_spec(name)
    known = ", ".join(sorted(DATASETS))
    raise DatasetError(
        f"Unknown data set {name!r}; known data sets: {known}, or a .npz file of your own."
    )


def dataset_sha256(name: str) -> dict[str, str]:
    """Each array's digest (over the checked rows), as verification compares them."""
    spec = spec_for(name)
    arrays = dict(zip(ARRAY_KEYS, _verified(name), strict=True))
    return {
        key: array_sha256(array[: spec.checked_rows[key]] if key in spec.checked_rows else array)
        for key, array in arrays.items()
    }


@lru_cache(maxsize=2)
def _cached_arrays(name: str, data_dir: str | None) -> dict[str, np.ndarray]:
    # Cached per (name, folder) so a grading kernel verifies each file once.
    spec = spec_for(name)
    if name not in DATASETS:  # an own data set: at its path, whatever the data folder
        return load_local_copy(spec, Path("/"))
    if data_dir is not None:
        return load_local_copy(spec, Path(data_dir))
    downloads = os.environ.get(DOWNLOADS_ENV)
    if downloads and (Path(downloads) / spec.relative_path).is_file():
        with np.load(Path(downloads) / spec.relative_path, allow_pickle=False) as npz:
            return {key: npz[key] for key in ARRAY_KEYS}
    return _download_with_keras(spec)


def keras_datasets_used() -> tuple[str, ...]:
    """The Keras data sets the catalog's assignments use (own ones travel in bundles)."""
    from autograder.contracts.assignments import ASSIGNMENTS

    return tuple(sorted({a.dataset for a in ASSIGNMENTS.values() if a.dataset in DATASETS}))


def prefetch_downloads(folder: Path, names: tuple[str, ...] | None = None) -> Path:
    """Download the data sets with Keras once, for kernels that will have no network.

    Used only when no verified local copies are configured; the arrays are saved as
    they came from Keras (verified), in a folder the kernels can read but not write.
    """
    for name in keras_datasets_used() if names is None else names:
        spec = spec_for(name)
        path = folder / spec.relative_path
        if not path.is_file():
            arrays = _download_with_keras(spec)
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, **arrays)
    return folder


def fetch_data(folder: Path, names: tuple[str, ...] | None = None) -> list[Path]:
    """Write verified copies of the data sets into ``folder``, to be served from there.

    From the configured local copies if any, else from Keras' download (the official
    sets; a grading image is built with internet, its submissions are graded without).
    A copy already there that verifies is kept. Readable by every user: sandboxed
    kernels run as users of their own.
    """
    written = []
    for name in keras_datasets_used() if names is None else names:
        spec = spec_for(name)
        if name not in DATASETS:  # an own data set travels in its bundle
            continue
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
    """Refuse ``arrays`` unless each has the published or recorded checksum (see
    ``checked_rows``); a data set with neither (being read by the build) is taken as is."""
    if not spec.sha256:
        return
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
