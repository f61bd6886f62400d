"""What a TA grades next: one question's answers in a fixed anonymous order.

The order is a hash of the submission's name, so it is the same for every TA and every
visit, and says nothing about who wrote an answer (not alphabetical, not by score).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from autograder.desk.gradebook.rows import AnswerState
from autograder.desk.gradebook.store import Gradebook


@dataclass(frozen=True)
class QueuedAnswer:
    number: int  # 1-based place in the queue: the anonymous name ("Answer 7")
    state: AnswerState

    def __getattr__(self, name: str):  # an answer's fields read as the queue's own
        return getattr(self.state, name)

    @property
    def graded(self) -> bool:
        return not self.state.to_grade


def queue(gradebook: Gradebook, assignment: str, question: str) -> list[QueuedAnswer]:
    rows = sorted(gradebook.queue_rows(assignment, question), key=lambda r: _key(r.submission))
    return [QueuedAnswer(number, row) for number, row in enumerate(rows, start=1)]


def next_to_grade(answers: list[QueuedAnswer], after: int = 0) -> QueuedAnswer | None:
    """The first answer after number ``after`` (wrapping round) still to grade."""
    ordered = answers[after:] + answers[:after]
    return next((answer for answer in ordered if not answer.graded), None)


def numbered(answers: list[QueuedAnswer], submission: str) -> QueuedAnswer | None:
    """``submission``'s answer in the queue, if it has one."""
    return next((answer for answer in answers if answer.submission == submission), None)


def _key(submission: str) -> str:
    return hashlib.sha256(f"densegrade-queue:{submission}".encode()).hexdigest()
