"""The gradebook: every point of every submission, and who changed it.

One :class:`Gradebook` per output folder (``OUT/gradebook.sqlite``). The batch's results
come in by :meth:`Gradebook.sync` (autograded points and the written answers, by the
submission's name and content digest); TAs add manual points (:meth:`save_manual`) and
overrides; :mod:`~autograder.gradebook.finals` applies lateness to the final score. Every
change is a row in ``audit``. Regrading replaces autograded points and keeps every manual score; a
score whose answer text changed since it was given is listed by :meth:`changed_answers`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from autograder.gradebook.schema import GradebookError, connect, gradebook_path
from autograder.results import SubmissionResult

BATCH = "densegrade grade"  # the audit's "who" for what a batch wrote
STEP = 0.5  # manual points are given in half points


class ScoreError(ValueError):
    """A manual score that cannot be saved: out of range, off its steps, unknown answer."""


@dataclass(frozen=True)
class ManualScore:
    submission: str
    question: str
    points: float
    comment: str
    grader: str
    version: int
    updated_at: str


class Conflict(Exception):
    """Another TA saved this answer since it was loaded: their score, not overwritten."""

    def __init__(self, current: ManualScore) -> None:
        super().__init__(
            f"{current.grader} saved {current.points:g} for this answer at {current.updated_at}"
        )
        self.current = current


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Gradebook:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.db = connect(self.path)

    @classmethod
    def of(cls, out_dir: Path) -> Gradebook:
        return cls(gradebook_path(out_dir))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing; writers queue (BEGIN IMMEDIATE), readers never wait."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _audit(self, who: str, submission: str, field: str, old: object, new: object) -> None:
        if old != new:
            self.db.execute(
                "INSERT INTO audit (at, who, submission, field, old, new) VALUES (?,?,?,?,?,?)",
                (now(), who, submission, field, _text(old), _text(new)),
            )

    # --- the batch's results ------------------------------------------------------------

    def sync(self, results: Iterable[SubmissionResult]) -> int:
        """Take in the batch's results (references excluded); returns how many changed."""
        changed = 0
        with self.transaction():
            for result in results:
                if result.assignment is None:
                    continue  # unreadable: no assignment, nothing to grade by hand
                changed += self._sync_one(result)
        return changed

    def _sync_one(self, result: SubmissionResult) -> int:
        old = self.db.execute(
            "SELECT autograded, content_sha256, status FROM submissions WHERE submission = ?",
            (result.submission,),
        ).fetchone()
        new = (result.score, result.content_sha256, str(result.status))
        self.db.execute(
            "INSERT INTO submissions VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (submission) DO "
            "UPDATE SET student=excluded.student, assignment=excluded.assignment, "
            "path=excluded.path, status=excluded.status, autograded=excluded.autograded, "
            "autograded_max=excluded.autograded_max, content_sha256=excluded.content_sha256, "
            "grader=excluded.grader, imported_at=excluded.imported_at",
            (
                result.submission, result.student, result.assignment, result.path,
                str(result.status), result.score, result.max_score, result.content_sha256,
                result.grader, now(),
            ),
        )  # fmt: skip
        for answer in result.answers:
            text = str(answer.get("answer", ""))
            self.db.execute(
                "INSERT INTO answers VALUES (?,?,?,?,?) ON CONFLICT (submission, question) DO "
                "UPDATE SET answer=excluded.answer, answer_sha256=excluded.answer_sha256, "
                "max_points=excluded.max_points",
                (result.submission, answer["name"], text, digest(text), float(answer["points"])),
            )
        if old is not None and tuple(old) == new:
            return 0
        self._audit(BATCH, result.submission, "autograded", old and old[0], result.score)
        return 1

    # --- manual points ------------------------------------------------------------------

    def save_manual(
        self,
        submission: str,
        question: str,
        points: float,
        comment: str,
        grader: str,
        seen_version: int,
    ) -> ManualScore:
        """Save a TA's points. ``seen_version``: the version the TA loaded (0: none yet);
        if another save came in between, :class:`Conflict` carries that score."""
        with self.transaction():
            answer = self.db.execute(
                "SELECT answer_sha256, max_points FROM answers "
                "WHERE submission = ? AND question = ?",
                (submission, question),
            ).fetchone()
            if answer is None:
                raise ScoreError(f"no answer to {question!r} in {submission!r}")
            check_points(points, answer["max_points"])
            current = self.manual(submission, question)
            if (current.version if current else 0) != seen_version:
                raise Conflict(current) if current else ScoreError("stale version")
            version = seen_version + 1
            self.db.execute(
                "INSERT INTO manual_scores VALUES (?,?,?,?,?,?,?,?) ON CONFLICT "
                "(submission, question) DO UPDATE SET points=excluded.points, "
                "comment=excluded.comment, grader=excluded.grader, "
                "answer_sha256=excluded.answer_sha256, version=excluded.version, "
                "updated_at=excluded.updated_at",
                (submission, question, float(points), comment, grader,
                 answer["answer_sha256"], version, now()),
            )  # fmt: skip
            self._audit(
                grader, submission, f"manual:{question}", current and current.points, points
            )
            if current is None or current.comment != comment:
                self._audit(
                    grader, submission, f"comment:{question}", current and current.comment, comment
                )
        return self.manual(submission, question)

    def manual(self, submission: str, question: str) -> ManualScore | None:
        row = self.db.execute(
            "SELECT submission, question, points, comment, grader, version, updated_at "
            "FROM manual_scores WHERE submission = ? AND question = ?",
            (submission, question),
        ).fetchone()
        return ManualScore(**dict(row)) if row else None

    def changed_answers(self) -> list[tuple[str, str]]:
        """(submission, question) whose answer changed since its score was given."""
        rows = self.db.execute(
            "SELECT m.submission, m.question FROM manual_scores m JOIN answers a "
            "USING (submission, question) WHERE m.answer_sha256 != a.answer_sha256 "
            "ORDER BY m.submission, m.question"
        )
        return [tuple(row) for row in rows]

    def ungraded_answers(self, assignment: str | None = None) -> int:
        query = (
            "SELECT COUNT(*) FROM answers a JOIN submissions s USING (submission) "
            "LEFT JOIN manual_scores m USING (submission, question) WHERE m.points IS NULL"
        )
        if assignment is None:
            return self.db.execute(query).fetchone()[0]
        return self.db.execute(query + " AND s.assignment = ?", (assignment,)).fetchone()[0]

    # --- overrides and finals -----------------------------------------------------------

    def set_override(self, submission: str, points: float | None, reason: str, who: str) -> None:
        """Set (or, with ``points`` None, remove) the points total by hand, with a reason."""
        with self.transaction():
            old = self.db.execute(
                "SELECT points FROM overrides WHERE submission = ?", (submission,)
            ).fetchone()
            if points is None:
                self.db.execute("DELETE FROM overrides WHERE submission = ?", (submission,))
            else:
                if not reason.strip():
                    raise ScoreError("an override needs a reason")
                self.db.execute(
                    "INSERT OR REPLACE INTO overrides VALUES (?,?,?,?,?)",
                    (submission, float(points), reason.strip(), who, now()),
                )
            self._audit(who, submission, "override", old and old[0], points)

    def students(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT student FROM submissions")}

    def rows(self, assignment: str | None = None) -> list[dict]:
        """Every submission with its points, lateness and final score, by submission."""
        query = (
            "SELECT s.*, f.points, f.max_points, f.late_minutes, f.penalty_percent, "
            "f.penalty_reason, f.final, o.points AS override, o.reason AS override_reason, "
            "(SELECT COALESCE(SUM(points), 0) FROM manual_scores m "
            " WHERE m.submission = s.submission) AS manual, "
            "(SELECT COUNT(*) FROM answers a LEFT JOIN manual_scores m USING "
            " (submission, question) WHERE a.submission = s.submission AND (m.points IS NULL "
            " OR m.answer_sha256 != a.answer_sha256)) AS to_grade "
            "FROM submissions s LEFT JOIN finals f USING (submission) "
            "LEFT JOIN overrides o USING (submission)"
        )
        if assignment is not None:
            query += " WHERE s.assignment = ?"
        rows = self.db.execute(
            query + " ORDER BY s.submission", (assignment,) if assignment else ()
        )
        return [dict(row) for row in rows]


def check_points(points: float, max_points: float) -> None:
    if not 0 <= points <= max_points:
        raise ScoreError(f"{points:g} is out of range: 0 to {max_points:g}")
    if abs(points / STEP - round(points / STEP)) > 1e-9:
        raise ScoreError(f"{points:g} is not a multiple of {STEP:g}")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


__all__ = ["Conflict", "Gradebook", "GradebookError", "ManualScore", "ScoreError"]
