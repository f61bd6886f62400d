"""What the feedback pages show beside the checks, gathered where the checks run.

The judge (:mod:`autograder.judging.harness`) has the rebuilt model, arrays and
history; from them it records plain facts for the reports (an
:class:`~autograder.contracts.evidence.Evidence`): the layers, the compile settings, the prepared
arrays' shapes and ranges, the training curves, and the model's predictions on the
grader's own test set (a confusion matrix and the most confident mistakes, each with its
image drawn here, so the pages need no data set). A part that cannot be read is left
out, and the evidence says why.
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TypeVar

import numpy as np

from autograder.checks.compile import compile_settings
from autograder.checks.evaluation import shaped_for
from autograder.checks.hidden.evaluation import prepared_test_set
from autograder.checks.model import describe_layers, model_problem
from autograder.checks.outcome import placeholder_problem
from autograder.contracts.assignments import (
    ARRAY,
    GRADABLE_VARIABLES,
    Assignment,
    get_assignment,
    variables_of_kind,
)
from autograder.contracts.evidence import (
    ArrayFacts,
    CompileFacts,
    Evidence,
    LayerRecord,
    Mistake,
    Predictions,
    array_part,
)
from autograder.data import read_only_data

CURVES = ("accuracy", "val_accuracy", "loss", "val_loss")
MISTAKES_SHOWN = 8
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_GREY, PNG_RGB = 0, 2  # colour types
T = TypeVar("T")


class Unreadable(Exception):
    """A part of the evidence that cannot be read: the message says why."""


def collect(env: dict[str, Any], assignment: str) -> Evidence:
    """Facts for the reports; a part that fails is left out, with the reason."""
    reader, spec = _Reader(), get_assignment(assignment)
    arrays = {
        name: reader.read(array_part(name), describe_array, env.get(name), name, spec)
        for name in variables_of_kind(ARRAY)
    }
    return Evidence(
        arrays={name: facts for name, facts in arrays.items() if facts is not None},
        layers=reader.read("layers", layer_records, env.get("model"), spec),
        compile=reader.read("compile", compile_facts, env.get("model"), spec),
        curves=reader.read("curves", training_curves, env.get("history"), spec),
        test=reader.read("test", test_predictions, env.get("model"), assignment),
        unavailable=reader.unavailable,
    )


class _Reader:
    """Reads one part at a time, keeping why each part it could not read is missing."""

    def __init__(self) -> None:
        self.unavailable: dict[str, str] = {}

    def read(self, part: str, function: Callable[..., T], *args: Any) -> T | None:
        try:
            return function(*args)
        except Unreadable as why:
            self.unavailable[part] = str(why)
        except Exception as error:  # a report part must never cost the verdict
            self.unavailable[part] = f"{type(error).__name__}: {error}"
        return None


def describe_array(value: Any, name: str, spec: Assignment) -> ArrayFacts:
    problem = placeholder_problem(value, name, spec.step(GRADABLE_VARIABLES[name].question))
    if problem:
        raise Unreadable(problem)
    array = np.asarray(value)
    shape, dtype = tuple(int(size) for size in array.shape), str(array.dtype)
    if array.size and np.issubdtype(array.dtype, np.number):
        return ArrayFacts(shape, dtype, float(array.min()), float(array.max()))
    return ArrayFacts(shape, dtype)


def layer_records(model: Any, spec: Assignment) -> tuple[LayerRecord, ...]:
    _require_model(model, spec)
    return tuple(LayerRecord(**asdict(layer)) for layer in describe_layers(model))


def compile_facts(model: Any, spec: Assignment) -> CompileFacts:
    _require_model(model, spec)
    settings = compile_settings(model)
    if settings is None:
        raise Unreadable("the model was not compiled")
    return CompileFacts(settings["optimizer"], settings["loss"], tuple(settings["metrics"]))


def _require_model(model: Any, spec: Assignment) -> None:
    problem = model_problem(model, spec)
    if problem:
        raise Unreadable(problem)


def training_curves(history: Any, spec: Assignment) -> dict[str, tuple[float, ...]]:
    """The per-epoch values ``fit`` produced (as recorded, not as the notebook left them)."""
    question = GRADABLE_VARIABLES["history"].question
    problem = placeholder_problem(history, "history", spec.step(question))
    if problem:
        raise Unreadable(problem)
    values = getattr(history, "history", None)
    if not isinstance(values, dict):
        raise Unreadable("`history` holds no per-epoch values")
    return {
        key: tuple(float(value) for value in values[key])
        for key in CURVES
        if isinstance(values.get(key), list | tuple)
    }


def test_predictions(model: Any, assignment: str) -> Predictions:
    """Accuracy, confusion matrix and the most confident mistakes on the grader's test set."""
    spec = get_assignment(assignment)
    _require_model(model, spec)
    features, labels = prepared_test_set(assignment)
    probabilities = np.asarray(
        model.predict(shaped_for(model, features), batch_size=1024, verbose=0)
    )
    _, (images, _) = read_only_data(spec.dataset)  # the cached copy
    return predictions(probabilities, labels, images, spec.num_classes)


def predictions(
    probabilities: np.ndarray, labels: np.ndarray, images: np.ndarray, classes: int = 10
) -> Predictions:
    """The facts of :func:`test_predictions`, each mistake shown with its image as the data
    set holds it (``images``: the test split's raw pixels, in the order of ``labels``)."""
    if probabilities.shape != (len(labels), classes):
        raise Unreadable(f"the model's output has shape {probabilities.shape}")
    predicted = probabilities.argmax(axis=1)
    confusion = np.zeros((classes, classes), dtype=int)
    np.add.at(confusion, (labels, predicted), 1)
    wrong = np.flatnonzero(predicted != labels)
    confidence = probabilities[wrong, predicted[wrong]]
    shown = wrong[np.argsort(-confidence, kind="stable")[:MISTAKES_SHOWN]]
    return Predictions(
        accuracy=float(np.mean(predicted == labels)),
        images=int(len(labels)),
        confusion=tuple(tuple(int(count) for count in row) for row in confusion),
        mistakes=tuple(
            Mistake(
                index=int(index),
                true=int(labels[index]),
                predicted=int(predicted[index]),
                confidence=round(float(probabilities[index, predicted[index]]), 4),
                image=_drawn(images[index]),
            )
            for index in shown
        ),
    )


def _drawn(pixels: np.ndarray) -> str:
    try:
        return png_uri(pixels)
    except ValueError:  # not an image the pages can show: the labels alone still are
        return ""


# The PNG is written with zlib alone: the judge imports no plotting library to draw it.
def png_uri(pixels: np.ndarray) -> str:
    """A data-set image (28x28 grey or 32x32x3 colour, uint8) as a PNG ``data:`` URI, its
    pixels as they are (no rescaling)."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(pixels)).decode("ascii")


def png_bytes(pixels: np.ndarray) -> bytes:
    if pixels.dtype != np.uint8:
        raise ValueError(f"pixels of type {pixels.dtype}, not uint8")
    if pixels.ndim == 2:
        colour = PNG_GREY
    elif pixels.ndim == 3 and pixels.shape[2] == 3:
        colour = PNG_RGB
    else:
        raise ValueError(f"not a grey or RGB image: shape {pixels.shape}")
    height, width = pixels.shape[:2]
    rows = np.ascontiguousarray(pixels).reshape(height, -1)
    scanlines = np.hstack([np.zeros((height, 1), np.uint8), rows])  # each row: filter 0, none
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(scanlines.tobytes(), 9))
        + _png_chunk(b"IEND", b"")
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)
