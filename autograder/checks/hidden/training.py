"""Hidden check for the step 'Train the model': what the model was trained on.

A pure function of :class:`TrainingFacts`, which :mod:`autograder.judging.training_record`
judges from the kernel's training records.

The rule (docs/grading.md, "Each mistake is charged once"): ``trained`` fails only
for what it checks (the model was never trained, was trained on test images, or on
part of the training set). When the grader cannot tell what a model was trained on
(its inputs match no image of the data set, or it changed outside any recorded
training step), nobody is accused: the checks say so and flag the result for a TA,
and the accuracy counts only with that flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograder.checks.model import model_problem
from autograder.checks.outcome import CheckOutcome
from autograder.checks.training import QUESTION
from autograder.contracts.assignments import get_assignment

FULL_TRAINING_SHARE = 0.95  # rows of the training set a model must have been trained on
TEST_LEAK_SHARE = 0.01  # rows of the test set it may have been trained on


@dataclass(frozen=True)
class TrainingFacts:
    """What the training records show about the submitted model."""

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


def check_trained(model: Any, facts: TrainingFacts | None, assignment: str) -> CheckOutcome:
    """The submitted model was trained, on the whole training set and not on test images."""
    spec = get_assignment(assignment)
    problem = model_problem(model, spec) or (None if facts else "No training record was found.")
    if problem:
        return CheckOutcome.fail(problem)
    problems, review = training_problems(facts, spec.validation_split), review_reasons(facts)
    detail = repr(facts)
    if problems:
        return CheckOutcome.fail(" ".join(problems) + f" {spec.revisit(QUESTION)}", detail, review)
    if not facts.inputs_known:
        message = (
            "The model was trained. The grader could not match its training inputs to the "
            "data set's images, so a TA will look at how it was trained."
        )
        return CheckOutcome.ok(message, detail, review)
    return CheckOutcome.ok("The model was trained on the full training set.", detail, review)


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


def training_problems(facts: TrainingFacts, validation_split: float = 0.0) -> list[str]:
    """What the record shows is wrong, in words for the student (never a guess). With a
    ``validation_split`` (the reference's), ``fit`` trains on the rest of the set."""
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
    share = FULL_TRAINING_SHARE * (1 - validation_split)
    if facts.inputs_known and facts.train_rows_seen < share * facts.train_size:
        whole = (
            f"pass the whole training set to `fit` with validation_split={validation_split:g}"
            if validation_split
            else "use the whole training set"
        )
        problems.append(
            f"The model was trained on {facts.train_rows_seen} of the "
            f"{facts.train_size} training images; {whole}."
        )
    held_out = facts.train_size * (1 - validation_split / 2)  # halfway: a split was made
    if validation_split and facts.inputs_known and facts.train_rows_seen > held_out:
        problems.append(
            f"The model was trained on all {facts.train_rows_seen} training images; the "
            f"assignment holds out part of them for validation: pass "
            f"validation_split={validation_split:g} to `fit` (not the test set)."
        )
    return problems
