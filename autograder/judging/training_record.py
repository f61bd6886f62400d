"""How a model was trained, judged from the kernel's training records.

The records come from :mod:`autograder.kernel.recorder`. During grading they are
exported, and the harness judges them here and *provides* the facts to the checks
for the duration of a bundle run (:func:`provided`). Inside a grading kernel
(``otter run``) nothing is provided, and the facts are judged from the kernel's own
recorder. The hidden test files ask for the facts through :func:`facts_for` and pass
them to the pure checks of :mod:`autograder.checks.hidden`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

import numpy as np

from autograder.checks.hidden.training import TrainingFacts
from autograder.contracts.assignments import get_assignment
from autograder.contracts.handoff import OK, ExportedVariable, FitRecord, row_signatures
from autograder.data import read_only_data
from autograder.kernel import recorder

MATCH_TOLERANCE = 1e-4  # signatures of the same image agree far closer (float32 rounding)
MAX_CANDIDATES = 64  # images with nearly the same first signature (blank ones) compared

# The facts the harness judged from an export, while it runs a bundle's test files.
_PROVIDED: ContextVar[TrainingFacts | None] = ContextVar("densegrade_training_facts", default=None)


@contextmanager
def provided(facts: TrainingFacts) -> Iterator[None]:
    """Within this block, :func:`facts_for` answers ``facts`` (the exported model's)."""
    token = _PROVIDED.set(facts)
    try:
        yield
    finally:
        _PROVIDED.reset(token)


def facts_for(model: Any, assignment: str) -> TrainingFacts | None:
    """The facts the harness provided, else this kernel's own; None for no model."""
    facts = _PROVIDED.get()
    if facts is not None:
        return facts
    if not hasattr(model, "weights"):
        return None
    return facts_in_kernel(model, assignment)


def facts_from_records(
    records: Sequence[FitRecord],
    signatures: dict[int, np.ndarray],
    model: ExportedVariable,
    assignment: str,
) -> TrainingFacts:
    """Judge the records (as exported) of the ``model`` (as exported) against the real
    data set."""
    own = [i for i, r in enumerate(records) if r.model_id == model.id]
    trained_weights = records[own[-1]].weights_after if own else None
    others = [i for i in range(len(records)) if i not in own]
    train, test = dataset_signatures(get_assignment(assignment).dataset)
    rows = _rows(signatures, own)
    in_train, in_test = matches(rows, train), matches(rows, test)
    unknown = int((~(in_train >= 0) & ~(in_test >= 0)).sum())
    other_test = matches(_rows(signatures, others), test)
    return TrainingFacts(
        fits=len(own),
        epochs=sum(records[i].epochs_run for i in own),
        weights_match_training=bool(own) and trained_weights == model.weights,
        train_rows_seen=len(np.unique(in_train[in_train >= 0])),
        test_rows_seen=len(np.unique(in_test[in_test >= 0])),
        unknown_rows=unknown,
        rows_unseen=any(not records[i].rows_recorded for i in own),
        other_test_rows=len(np.unique(other_test[other_test >= 0])),
        train_size=len(train),
        test_size=len(test),
    )


def facts_in_kernel(model: Any, assignment: str) -> TrainingFacts:
    """The same facts, read from the recorder of the kernel this runs in."""
    records = [record.plain() for record in recorder.RECORDS]
    signatures = {i: r.all_signatures() for i, r in enumerate(recorder.RECORDS)}
    exported = ExportedVariable(OK, id=id(model), weights=recorder.weights_fingerprint(model))
    return facts_from_records(records, signatures, exported, assignment)


def _rows(signatures: dict[int, np.ndarray], indices: list[int]) -> np.ndarray:
    parts = [signatures[i] for i in indices if i in signatures and len(signatures[i])]
    return np.unique(np.concatenate(parts), axis=0) if parts else np.empty((0, 2))


@cache
def dataset_signatures(dataset: str) -> tuple[np.ndarray, np.ndarray]:
    """Signatures of the data set's training and test images, in the data set's order."""
    (x_train, _), (x_test, _) = read_only_data(dataset)
    return row_signatures(x_train), row_signatures(x_test)


def matches(rows: np.ndarray, known: np.ndarray) -> np.ndarray:
    """For each row signature, the index of the image in ``known`` it is, or -1."""
    found = np.full(len(rows), -1)
    if not len(rows) or not len(known):
        return found
    order = np.argsort(known[:, 0], kind="stable")
    first, second = known[order, 0], known[order, 1]
    low = np.searchsorted(first, rows[:, 0] - MATCH_TOLERANCE, side="left")
    high = np.searchsorted(first, rows[:, 0] + MATCH_TOLERANCE, side="right")
    for offset in range(min(MAX_CANDIDATES, int((high - low).max(initial=0)))):
        candidate = low + offset
        open_rows = (candidate < high) & (found < 0)
        close = np.abs(second[np.minimum(candidate, len(second) - 1)] - rows[:, 1])
        hit = open_rows & (close <= MATCH_TOLERANCE)
        found[hit] = order[candidate[hit]]
    return found
