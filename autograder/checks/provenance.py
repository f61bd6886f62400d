"""Checks for how the model was trained, judged from the kernel's training records.

The records come from :mod:`autograder.execution.provenance`. During grading they
are exported and judged in a clean process (attached to the rebuilt ``history`` as
``densegrade_training_facts`` on the rebuilt model); inside a kernel (``otter run``)
they are read from the recorder directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from autograder.assignments import EPOCHS, get_assignment
from autograder.checks.outcome import CheckOutcome, count, placeholder_problem
from autograder.data import load_data

STEP = "Train the model"
FULL_TRAINING_SHARE = 0.95  # rows of the training set a fit must cover
TEST_LEAK_SHARE = 0.01  # rows of the test set a fit may not contain


@dataclass(frozen=True)
class TrainingFacts:
    fits: int  # calls to fit on the submitted model
    epochs: int  # epochs run over all those calls
    history_recorded: bool  # `history` is what a call to fit returned
    history_intact: bool  # and its values are still the ones training produced
    weights_match_training: bool  # the model's weights are those the last fit left
    train_rows_seen: int  # distinct training images in the largest fit
    test_rows_seen: int  # distinct test images in any fit
    train_size: int
    test_size: int
    rows_recognised: bool  # the fit's inputs could be compared with the data set


def facts_from_records(
    records: list[dict[str, Any]],
    signatures: dict[int, np.ndarray],
    model: dict[str, Any],
    history: dict[str, Any],
    assignment: str,
) -> TrainingFacts:
    """Judge plain records (dicts, as exported) against the real data set."""
    own = [(i, r) for i, r in enumerate(records) if r["model_id"] == model.get("id")]
    returned = [r for r in records if r["history_id"] == history.get("id")]
    train, test = dataset_signatures(get_assignment(assignment).dataset)
    train_seen = test_seen = 0
    for index, _ in own:
        rows = signatures.get(index)
        if rows is None:
            continue
        unique = np.unique(rows)
        train_seen = max(train_seen, int(np.isin(unique, train).sum()))
        test_seen = max(test_seen, int(np.isin(unique, test).sum()))
    return TrainingFacts(
        fits=len(own),
        epochs=sum(r["epochs_run"] for _, r in own),
        history_recorded=bool(returned),
        history_intact=bool(returned) and returned[-1]["history_snapshot"] == history.get("values"),
        weights_match_training=bool(own) and own[-1][1]["weights_after"] == model.get("weights"),
        train_rows_seen=train_seen,
        test_rows_seen=test_seen,
        train_size=len(train),
        test_size=len(test),
        rows_recognised=train_seen + test_seen > 0,
    )


@cache
def dataset_signatures(dataset: str) -> tuple[np.ndarray, np.ndarray]:
    from autograder.execution.provenance import row_signatures

    (x_train, _), (x_test, _) = load_data(dataset)
    return np.unique(row_signatures(x_train)), np.unique(row_signatures(x_test))


def facts_in_kernel(model: Any, history: Any, assignment: str) -> TrainingFacts:
    """The same facts, read from the recorder of the kernel this runs in (otter run)."""
    from autograder.execution import provenance

    records = [vars(record) for record in provenance.RECORDS]
    signatures = {
        i: r.row_signatures
        for i, r in enumerate(provenance.RECORDS)
        if r.row_signatures is not None
    }
    model_facts = {"id": id(model), "weights": provenance.weights_fingerprint(model)}
    history_facts = {"id": id(history), "values": provenance.history_values(history)}
    return facts_from_records(records, signatures, model_facts, history_facts, assignment)


def training_facts(model: Any, history: Any, assignment: str) -> TrainingFacts:
    """Facts a clean process attached to the rebuilt model, else this kernel's records."""
    facts = getattr(model, "densegrade_training_facts", None)
    if isinstance(facts, TrainingFacts):
        return facts
    return facts_in_kernel(model, history, assignment)


def check_trained(model: Any, history: Any, assignment: str) -> CheckOutcome:
    """The submitted model was trained by fit, on the whole training set and not the test set,
    and ``history`` is what that training returned."""
    name = "trained"
    problem = placeholder_problem(model, "model", "Build the model")
    if problem:
        return CheckOutcome.fail(name, problem)
    facts = training_facts(model, history, assignment)
    problems = training_problems(facts)
    detail = repr(facts)
    if problems:
        return CheckOutcome.fail(name, " ".join(problems) + f" Revisit '{STEP}'.", detail)
    return CheckOutcome.ok(name, "The model was trained on the full training set.", detail)


def accuracy_problems(facts: TrainingFacts) -> list[str]:
    """Reasons a measured accuracy cannot count (the model is not the trained one, or saw
    the test set)."""
    if facts.fits == 0 or not facts.weights_match_training:
        return ["the submitted model is not the one your `fit` call trained"]
    if facts.test_rows_seen > TEST_LEAK_SHARE * facts.test_size:
        return ["the model was trained on test images"]
    return []


def training_problems(facts: TrainingFacts) -> list[str]:
    """Every way the training record falls short, in words for the student."""
    if facts.fits == 0:
        return [
            "The submitted `model` was never trained with `fit` (was it replaced after "
            "training, or loaded from elsewhere?)."
        ]
    problems = []
    if not facts.weights_match_training:
        problems.append("The model's weights changed after its last `fit` call.")
    if not facts.history_recorded:
        problems.append("`history` is not what the model's `fit` call returned.")
    elif not facts.history_intact:
        problems.append(
            "`history` was changed after training: its values differ from the ones `fit` produced."
        )
    if facts.epochs < EPOCHS:
        problems.append(
            f"The model trained for {count(facts.epochs, 'epoch')} in all; the lesson asks "
            f"for {EPOCHS}."
        )
    if not facts.rows_recognised:
        problems.append(
            "The training inputs could not be matched to the training images "
            "(see the preprocessing checks)."
        )
    elif facts.test_rows_seen > TEST_LEAK_SHARE * facts.test_size:
        problems.append(
            f"The model was trained on {facts.test_rows_seen} test images: the "
            "test set is only for validation and evaluation."
        )
    if facts.rows_recognised and facts.train_rows_seen < FULL_TRAINING_SHARE * facts.train_size:
        problems.append(
            f"The model was trained on {facts.train_rows_seen} of the "
            f"{facts.train_size} training images; use the whole training set."
        )
    return problems
