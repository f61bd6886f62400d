"""An assignment's settings: what its reference notebook cannot say.

``solutions/<name>.toml`` beside ``solutions/<name>.ipynb`` names the data set and the
accuracy thresholds (points are in the notebook's test configs, as otter reads them)::

    dataset = "mnist"            # a Keras data set by name, or "my_images.npz" beside this file
    lesson_code = true           # optional: students follow the lesson "Keras dense networks
                                 # on MNIST and CIFAR-10", whose code is everyone's (similarity)

    [thresholds]
    full_credit_accuracy = 0.90  # test accuracy for full credit on the accuracy question
    lesson_accuracy = 0.90       # optional: what the notebook promises (never proposed above)
    partial_credit_accuracy = 0.30   # optional: half credit from here
    calibrated_for = "..."       # written by `densegrade calibrate`
    set_by_hand = false          # true: the build takes the thresholds without calibration
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from autograder.contracts.assignments import Thresholds

SETTINGS_SUFFIX = ".toml"
KEYS = {"dataset", "lesson_code"}
THRESHOLD_KEYS = {
    "full_credit_accuracy": "test accuracy for full credit",
    "lesson_accuracy": "the accuracy the notebook promises (optional)",
    "partial_credit_accuracy": "test accuracy for partial credit (optional)",
    "calibrated_for": "the spec's fingerprint, written by `densegrade calibrate`",
    "set_by_hand": "true to use thresholds that were not calibrated",
}


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    path: Path
    dataset: str
    thresholds: Thresholds
    text: str
    lesson_code: bool = False  # as written (its digest is part of the spec's source)


def settings_path(master: Path) -> Path:
    return master.with_suffix(SETTINGS_SUFFIX)


def read_settings(master: Path) -> Settings:
    """The settings beside the reference notebook ``master``, checked key by key."""
    path = settings_path(master)
    if not path.is_file():
        raise SettingsError(
            f"{path} is missing: every reference needs its settings file beside it "
            f"(the data set and the accuracy thresholds; see docs/authoring.md)."
        )
    text = path.read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML ({error}).") from error
    unknown = set(table) - KEYS - {"thresholds"}
    if unknown:
        raise SettingsError(f"{path}: unknown keys {', '.join(sorted(unknown))}; known: "
                            f"dataset, lesson_code, [thresholds].")  # fmt: skip
    dataset = table.get("dataset")
    if not isinstance(dataset, str) or not dataset.strip():
        raise SettingsError(f'{path}: `dataset` must name a data set, e.g. dataset = "mnist".')
    lesson_code = table.get("lesson_code", False)
    if not isinstance(lesson_code, bool):
        raise SettingsError(f"{path}: lesson_code is true or false.")
    thresholds = _thresholds(path, table.get("thresholds"))
    return Settings(path, dataset.strip(), thresholds, text, lesson_code)


def _thresholds(path: Path, table: object) -> Thresholds:
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: a [thresholds] table is needed (full_credit_accuracy).")
    unknown = set(table) - set(THRESHOLD_KEYS)
    if unknown:
        raise SettingsError(
            f"{path}: unknown keys in [thresholds]: {', '.join(sorted(unknown))}; known: "
            + "; ".join(f"{key} ({meaning})" for key, meaning in THRESHOLD_KEYS.items())
        )
    values = {}
    for key in ("full_credit_accuracy", "lesson_accuracy", "partial_credit_accuracy"):
        value = table.get(key)
        if value is None and key == "full_credit_accuracy":
            raise SettingsError(f"{path}: [thresholds] needs {key} ({THRESHOLD_KEYS[key]}).")
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not 0 < value <= 1
        ):
            raise SettingsError(f"{path}: [thresholds] {key} = {value!r}; an accuracy "
                                "between 0 and 1 is needed.")  # fmt: skip
        values[key] = None if value is None else float(value)
    # partial below full is the build's to require: calibration may be what moves full.
    full, partial = values["full_credit_accuracy"], values["partial_credit_accuracy"]
    calibrated, by_hand = table.get("calibrated_for", ""), table.get("set_by_hand", False)
    if not isinstance(calibrated, str) or not isinstance(by_hand, bool):
        raise SettingsError(f"{path}: calibrated_for is text and set_by_hand true or false.")
    promised = values["lesson_accuracy"] if values["lesson_accuracy"] is not None else 1.0
    return Thresholds(full, promised, partial, calibrated, by_hand)


def write_calibrated(
    master: Path, full_credit: float, partial_credit: float | None, fingerprint: str
) -> Path:
    """Write calibrated thresholds into ``master``'s settings, keeping every comment."""
    import tomlkit

    path = settings_path(master)
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    thresholds = document.setdefault("thresholds", tomlkit.table())
    thresholds["full_credit_accuracy"] = full_credit
    if partial_credit is None:
        thresholds.pop("partial_credit_accuracy", None)
    else:
        thresholds["partial_credit_accuracy"] = partial_credit
    thresholds["calibrated_for"] = fingerprint
    thresholds.pop("set_by_hand", None)  # calibrated now
    text = tomlkit.dumps(document)
    read_thresholds_text(path, text)  # what is written reads back
    path.write_text(text, encoding="utf-8")
    return path


def read_thresholds_text(path: Path, text: str) -> Thresholds:
    return _thresholds(path, tomllib.loads(text).get("thresholds"))
