"""Checks for how the model was trained, judged from the kernel's training records.

The records come from :mod:`autograder.execution.provenance`. During grading they
are exported and judged in a clean process (attached to the rebuilt model as
``densegrade_training_facts``); inside a kernel (``otter run``) they are read from
the recorder directly.

The rule (docs/grading.md, "Each mistake is charged once"): ``trained`` fails only
for what it checks (the model was never trained, was trained on test images, or on
part of the training set). When the grader cannot tell what a model was trained on
(its inputs match no image of the data set, or it changed outside any recorded
training step), nobody is accused: the checks say so and flag the result for a TA,
and the accuracy counts only with that flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from autograder.assignments import get_assignment
from autograder.checks.outcome import CheckOutcome, placeholder_problem
from autograder.data import load_data
from autograder.execution import provenance as recorder
from autograder.execution.provenance import row_signatures

STEP = "Train the model"
FULL_TRAINING_SHARE = 0.95  # rows of the training set a model must have been trained on
TEST_LEAK_SHARE = 0.01  # rows of the test set it may have been trained on
MATCH_TOLERANCE = 1e-4  # signatures of the same image agree far closer (float32 rounding)
MAX_CANDIDATES = 64  # images with nearly the same first signature (blank ones) compared


@dataclass(frozen=True)
class TrainingFacts:
    fits: int  # training records of the submitted model (fit calls, batch runs, custom loops)
    epochs: int  # epochs its fit calls ran
    weights_match_training: bool  # the model's weights are those its last training step left
    train_rows_seen: int  # distinct training images recognised among its training inputs
    test_rows_seen: int  # distinct test images recognised among them
    unknown_rows: int  # distinct input rows that are no image of the data set
    rows_unseen: bool  # some training went through a path whose inputs were not recorded
    other_test_rows: int  # test images another model of the notebook was trained on
    train_size: int
    test_size: int

    @property
    def inputs_known(self) -> bool:
        """The grader can tell what the model was trained on: every step's inputs were
        recorded and most of them are images of the data set."""
        recognised = self.train_rows_seen + self.test_rows_seen
        return not self.rows_unseen and recognised > 0 and recognised >= self.unknown_rows

    @property
    def trained_on_test(self) -> bool:
        return self.test_rows_seen > TEST_LEAK_SHARE * self.test_size


def facts_from_records(
    records: list[dict[str, Any]],
    signatures: dict[int, np.ndarray],
    model: dict[str, Any],
    assignment: str,
) -> TrainingFacts:
    """Judge plain records (dicts, as exported) against the real data set."""
    own = [i for i, r in enumerate(records) if r["model_id"] == model.get("id")]
    trained_weights = records[own[-1]]["weights_after"] if own else None
    others = [i for i in range(len(records)) if i not in own]
    train, test = dataset_signatures(get_assignment(assignment).dataset)
    rows = _rows(signatures, own)
    in_train, in_test = matches(rows, train), matches(rows, test)
    unknown = int((~(in_train >= 0) & ~(in_test >= 0)).sum())
    other_test = matches(_rows(signatures, others), test)
    return TrainingFacts(
        fits=len(own),
        epochs=sum(records[i]["epochs_run"] for i in own),
        weights_match_training=bool(own) and trained_weights == model.get("weights"),
        train_rows_seen=len(np.unique(in_train[in_train >= 0])),
        test_rows_seen=len(np.unique(in_test[in_test >= 0])),
        unknown_rows=unknown,
        rows_unseen=any(not records[i]["rows_recorded"] for i in own),
        other_test_rows=len(np.unique(other_test[other_test >= 0])),
        train_size=len(train),
        test_size=len(test),
    )


def _rows(signatures: dict[int, np.ndarray], indices: list[int]) -> np.ndarray:
    parts = [signatures[i] for i in indices if i in signatures and len(signatures[i])]
    return np.unique(np.concatenate(parts), axis=0) if parts else np.empty((0, 2))


@cache
def dataset_signatures(dataset: str) -> tuple[np.ndarray, np.ndarray]:
    """Signatures of the data set's training and test images, in the data set's order."""
    (x_train, _), (x_test, _) = load_data(dataset)
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


def facts_in_kernel(model: Any, assignment: str) -> TrainingFacts:
    """The same facts, read from the recorder of the kernel this runs in (otter run)."""
    records = [record.plain() for record in recorder.RECORDS]
    signatures = {i: r.all_signatures() for i, r in enumerate(recorder.RECORDS)}
    model_facts = {"id": id(model), "weights": recorder.weights_fingerprint(model)}
    return facts_from_records(records, signatures, model_facts, assignment)


def training_facts(model: Any, assignment: str) -> TrainingFacts:
    """Facts a clean process attached to the rebuilt model, else this kernel's records."""
    facts = getattr(model, "densegrade_training_facts", None)
    if isinstance(facts, TrainingFacts):
        return facts
    return facts_in_kernel(model, assignment)


def check_trained(model: Any, history: Any, assignment: str) -> CheckOutcome:
    """The submitted model was trained, on the whole training set and not on test images."""
    name = "trained"
    problem = placeholder_problem(model, "model", "Build the model")
    if problem:
        return CheckOutcome.fail(name, problem)
    facts = training_facts(model, assignment)
    problems, review = training_problems(facts), review_reasons(facts)
    detail = repr(facts)
    if problems:
        return CheckOutcome.fail(name, " ".join(problems) + f" Revisit '{STEP}'.", detail, review)
    if not facts.inputs_known:
        message = (
            "The model was trained. The grader could not match its training inputs to the "
            "data set's images, so a TA will look at how it was trained."
        )
        return CheckOutcome.ok(name, message, detail, review)
    return CheckOutcome.ok(name, "The model was trained on the full training set.", detail, review)


def accuracy_problems(facts: TrainingFacts) -> list[str]:
    """Reasons a measured accuracy cannot count at all."""
    if facts.fits == 0:
        return ["the submitted model was never trained"]
    if facts.trained_on_test:
        return ["the model was trained on test images"]
    return []


def review_reasons(facts: TrainingFacts) -> str:
    """Why a TA should look at how the model was trained (empty when nothing is unclear)."""
    reasons = []
    if facts.fits and not facts.weights_match_training:
        reasons.append("its weights changed after its last recorded training step")
    if facts.rows_unseen:
        reasons.append("part of its training went through a path the grader cannot see")
    elif facts.fits and not facts.inputs_known:
        reasons.append("its training inputs match no image of the data set")
    if facts.other_test_rows > TEST_LEAK_SHARE * facts.test_size:
        count = facts.other_test_rows
        reasons.append(f"another model in the notebook was trained on {count} test images")
    if not reasons:
        return ""
    return "Training not verified: " + "; ".join(reasons) + "."


def training_problems(facts: TrainingFacts) -> list[str]:
    """What the record shows is wrong, in words for the student (never a guess)."""
    if facts.fits == 0:
        return [
            "The submitted `model` was never trained (was it replaced after training, or "
            "loaded from elsewhere?)."
        ]
    problems = []
    if facts.trained_on_test:
        problems.append(
            f"The model was trained on {facts.test_rows_seen} test images: the "
            "test set is only for validation and evaluation."
        )
    if facts.inputs_known and facts.train_rows_seen < FULL_TRAINING_SHARE * facts.train_size:
        problems.append(
            f"The model was trained on {facts.train_rows_seen} of the "
            f"{facts.train_size} training images; use the whole training set."
        )
    return problems
