"""An instructor's own data set: a ``.npz`` of ``x_train, y_train, x_test, y_test``.

While authoring it is named by its path and served as it is; once built, by its file
name, served from the copy in its assignment's bundle and verified against the digests
the build recorded there.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from autograder.data.sets import ARRAY_KEYS, DatasetError, DatasetSpec


def recorded_sha256(name: str) -> dict[str, str]:
    """The array digests an assignment's spec recorded for data set ``name`` ({} if none)."""
    from autograder.contracts.assignments import ASSIGNMENTS

    for assignment in ASSIGNMENTS.values():
        if assignment.dataset == name and assignment.dataset_sha256:
            return dict(assignment.dataset_sha256)
    return {}


def own_spec(name: str) -> DatasetSpec:
    """An instructor's ``.npz``: a path (authoring: unverified) or a bundle's copy."""
    if "/" in name or "\\" in name:
        path = Path(name).resolve()
        if not path.is_file():
            raise DatasetError(f"{path}: no such data set file.")
        return _file_spec(path, path.stat().st_mtime_ns)
    from autograder.contracts.assignments import ASSIGNMENTS
    from autograder.contracts.project import BUNDLES_DIR

    for assignment in ASSIGNMENTS.values():
        if assignment.dataset == name:
            return DatasetSpec(
                name,
                str(BUNDLES_DIR / assignment.name / name),
                dict(assignment.dataset_sha256),
                assignment.classes,
            )
    raise DatasetError(
        f"{name}: no assignment's bundle holds this data set; run `densegrade build`."
    )


@lru_cache(maxsize=4)
def _file_spec(path: Path, mtime_ns: int) -> DatasetSpec:
    """A file's spec, read once while it is unchanged (a build asks for it several times)."""
    return DatasetSpec(path.name, str(path), {}, own_classes(read_npz(path)))


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """An own data set's arrays, refused with the reason when they cannot be graded."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except Exception as error:  # a truncated or foreign file surfaces as many error types
        raise DatasetError(f"{path} is not a readable .npz file ({error}).") from error
    missing = [key for key in ARRAY_KEYS if key not in arrays]
    if missing:
        raise DatasetError(
            f"{path} lacks the arrays {', '.join(missing)}: save it with "
            "np.savez(path, x_train=..., y_train=..., x_test=..., y_test=...)."
        )
    for key in ("x_train", "x_test"):
        if arrays[key].dtype != np.uint8 or arrays[key].ndim < 2:
            raise DatasetError(
                f"{path}: {key} has dtype {arrays[key].dtype} and shape {arrays[key].shape}; "
                "images are needed as uint8 pixels 0..255, one image per row of the first axis."
            )
    for key in ("y_train", "y_test"):
        labels = arrays[key]
        if (
            not np.issubdtype(labels.dtype, np.integer)
            or labels.reshape(len(labels), -1).shape[1] != 1
        ):
            raise DatasetError(f"{path}: {key} must hold one integer class label per image.")
        if labels.min() < 0:
            raise DatasetError(f"{path}: {key} holds negative labels; classes are 0, 1, 2, ...")
    for split in ("train", "test"):
        if len(arrays[f"x_{split}"]) != len(arrays[f"y_{split}"]):
            raise DatasetError(f"{path}: x_{split} and y_{split} have different lengths.")
    if arrays["x_train"].shape[1:] != arrays["x_test"].shape[1:]:
        raise DatasetError(f"{path}: the training and test images differ in shape.")
    return arrays


def own_classes(arrays: dict[str, np.ndarray]) -> tuple[str, ...]:
    """Class names: the file's ``class_names`` array, else the label numbers."""
    count = int(max(arrays["y_train"].max(), arrays["y_test"].max())) + 1
    names = arrays.get("class_names")
    if names is not None and len(names) == count:
        return tuple(str(name) for name in names)
    return tuple(str(label) for label in range(count))
