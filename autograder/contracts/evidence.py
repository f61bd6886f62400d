"""What the feedback pages show beside the checks: the evidence, as typed values.

The judge gathers it (:mod:`autograder.judging.evidence`), the verdict and the result
carry it (:mod:`autograder.judging.verdicts`, :mod:`autograder.contracts.results`) and
the pages read it (:mod:`autograder.reports`). Each part is read on its own: the prepared
arrays, the
model's layers, its compile settings, the training curves and the model's predictions on
the grader's test set. A part that could not be read is left out (``None``, or absent
from ``arrays``) and :attr:`Evidence.unavailable` says why, under the part's name
(:func:`array_part` for an array).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PARTS = ("layers", "compile", "curves", "test")  # besides one per array: array_part(name)


def array_part(name: str) -> str:
    """The name under which an unreadable array's reason is kept: ``arrays.X_train``."""
    return f"arrays.{name}"


@dataclass(frozen=True)
class ArrayFacts:
    """One prepared array: its shape and type, and its range when it holds numbers."""

    shape: tuple[int, ...]
    dtype: str
    min: float | None = None  # both None: empty, or not numbers
    max: float | None = None


@dataclass(frozen=True)
class LayerRecord:
    """One layer of the model, with the fields of :class:`autograder.checks.model.LayerFacts`
    (which describes it on the pages)."""

    kind: str
    units: int | None
    activation: str | None
    inputs: int | None
    parameters: int | None
    settings: str = ""  # the key settings of a layer other than Dense (results of v4 lack it)


@dataclass(frozen=True)
class CompileFacts:
    """The names the model was compiled with."""

    optimizer: str
    loss: str
    metrics: tuple[str, ...]


@dataclass(frozen=True)
class Mistake:
    """One test image the model got wrong, and how sure it was."""

    index: int  # in the data set's test split
    true: int
    predicted: int
    confidence: float  # the predicted class's probability
    # The test image as drawn at grading (a PNG ``data:`` URI), so the pages need no data
    # set; empty when it could not be drawn.
    image: str = ""


@dataclass(frozen=True)
class Predictions:
    """The model on the grader's own test set."""

    accuracy: float
    images: int
    confusion: tuple[tuple[int, ...], ...]  # rows: true class, columns: predicted class
    mistakes: tuple[Mistake, ...]  # the most confident first


@dataclass(frozen=True)
class Evidence:
    """Every part the judge could read, and why each other part could not be read.

    ``Evidence()`` is evidence of nothing: no part read, and no reason recorded.
    """

    arrays: dict[str, ArrayFacts] = field(default_factory=dict)  # by variable name
    layers: tuple[LayerRecord, ...] | None = None
    compile: CompileFacts | None = None
    curves: dict[str, tuple[float, ...]] | None = None  # per-epoch values, by history key
    test: Predictions | None = None
    unavailable: dict[str, str] = field(default_factory=dict)  # part -> why it is missing

    def why(self, part: str) -> str:
        """Why ``part`` (one of :data:`PARTS`, or :func:`array_part`) could not be read;
        empty when it was, or when nothing was recorded about it."""
        return self.unavailable.get(part, "")
