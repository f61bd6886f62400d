"""The gradebook: every point of every submission, and who changed it. The only door.

One :class:`Gradebook` per output folder (``OUT/gradebook.sqlite``), and the only code
that runs a query (:mod:`~autograder.desk.gradebook.sql`); it returns frozen rows
(:mod:`~autograder.desk.gradebook.rows`). The batch's results come in by :meth:`Gradebook.sync`,
every submission included (an unreadable file, a grader failure); TAs add manual points
(:meth:`save_manual`) and overrides, each checked here before anything is written. Every
change is a row in ``audit``. Regrading replaces autograded points and keeps every manual
score; a score whose answer text changed since it was given is to grade again.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import HandedIn, SubmissionResult
from autograder.contracts.statuses import Status
from autograder.desk.gradebook import sql
from autograder.desk.gradebook.course import Course
from autograder.desk.gradebook.facts import submission_facts
from autograder.desk.gradebook.rows import AnswerState, AuditEntry, Entry, ManualScore, Progress
from autograder.desk.gradebook.schema import GradebookError, connect

BATCH = "densegrade grade"  # the audit's "who" for what a batch wrote
STEP = 0.5  # manual points are given in half points
OVERRIDE_DECIMALS = 2  # an override is any total to the hundredth of a point
MAX_COMMENT_CHARS = 5_000  # a comment for the student, not an essay
MAX_REASON_CHARS = 500


class ScoreError(ValueError):
    """Points, a comment or a reason that cannot be saved: the message says why."""


class UnknownSubmission(LookupError):
    """No such submission in the gradebook (or not in this assignment's queue)."""


class Conflict(Exception):
    """Another TA saved this answer since it was loaded: their score, not overwritten."""

    def __init__(self, current: ManualScore) -> None:
        super().__init__(f"{current.grader} saved {current.points:g} for this answer")
        self.current = current


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Gradebook:
    def __init__(self, path: Path, private: tuple[Path, ...] = ()) -> None:
        self.path = Path(path)
        self.db = connect(self.path, private)
        self.course = Course()  # what the reader's door read; finals apply it

    @classmethod
    def of(cls, out_dir: Path) -> Gradebook:
        book, *private = OutputFolder(out_dir).gradebook_files()
        return cls(book, tuple(private))

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
            self.db.execute(sql.AUDIT, (now(), who, submission, field, _text(old), _text(new)))

    # --- the batch's results ------------------------------------------------------------

    def sync(self, results: Iterable[SubmissionResult], fingerprint: str = "") -> int:
        """Take in the batch's results, every one (references are not in a batch's
        results); returns how many changed. ``fingerprint``: the results folder's, so a
        reader takes it in again only when it changed."""
        changed = 0
        with self.transaction():
            for result in results:
                changed += self._sync_one(result)
            if fingerprint:
                self.db.execute(sql.SET_META, ("results", fingerprint))
        return changed

    def _sync_one(self, result: SubmissionResult) -> int:
        facts = submission_facts(result)
        old = self.db.execute(sql.SUBMISSION_FACTS, (result.submission,)).fetchone()
        handed_in = result.handed_in
        self.db.execute(
            sql.UPSERT_SUBMISSION,
            (result.submission, result.student, facts.assignment, result.path,
             str(result.status), result.score, facts.autograded_max, result.content_sha256,
             result.grader, now(), result.reason, facts.max_points, handed_in.at,
             handed_in.source, int(handed_in.marked_late)),
        )  # fmt: skip
        for answer in result.answers:
            text = str(answer.get("answer", ""))
            self.db.execute(
                sql.UPSERT_ANSWER,
                (result.submission, answer["name"], text, digest(text), float(answer["points"])),
            )
        new = (result.score, result.content_sha256, str(result.status))
        if old is not None and tuple(old)[:3] == new and _handed_in(old) == handed_in:
            return 0
        self._audit(BATCH, result.submission, "autograded", old and old[0], result.score)
        self._audit(BATCH, result.submission, "status", old and old[2], str(result.status))
        old_time = _handed_in(old) if old else HandedIn()
        self._audit(BATCH, result.submission, "handed_in", _time(old_time), _time(handed_in))
        return 1

    def results_fingerprint(self) -> str:
        row = self.db.execute(sql.META, ("results",)).fetchone()
        return row[0] if row else ""

    # --- manual points ------------------------------------------------------------------

    def save_manual(self, assignment: str, submission: str, question: str, points: float,
                    comment: str, grader: str, seen_version: int) -> ManualScore:  # fmt: skip
        """Save a TA's points for an answer of ``assignment``'s queue. ``seen_version``:
        the version the TA loaded (0: none yet); if another save came in between,
        :class:`Conflict` carries that score. Nothing is written when refused."""
        check_comment(comment)
        with self.transaction():
            answer = self.db.execute(sql.ANSWER, (submission, question)).fetchone()
            if answer is None or answer["assignment"] != assignment:
                raise UnknownSubmission(f"no answer to {question} of {assignment} in this queue")
            check_points(points, answer["max_points"])
            current = self.manual(submission, question)
            if (current.version if current else 0) != seen_version:
                raise Conflict(current) if current else ScoreError("the page was out of date")
            self.db.execute(
                sql.UPSERT_MANUAL,
                (submission, question, float(points), comment, grader, answer["answer_sha256"],
                 seen_version + 1, now()),
            )  # fmt: skip
            old_points = current and current.points
            self._audit(grader, submission, f"manual:{question}", old_points, float(points))
            if current is None or current.comment != comment:
                old_comment = current and current.comment
                self._audit(grader, submission, f"comment:{question}", old_comment, comment)
        return self.manual(submission, question)

    def manual(self, submission: str, question: str) -> ManualScore | None:
        return self.manual_scores(submission, question).get(question)

    def manual_scores(self, submission: str, question: str = "%") -> dict[str, ManualScore]:
        rows = self.db.execute(sql.MANUAL, (submission, question)).fetchall()
        return {row["question"]: ManualScore(**dict(row)) for row in rows}

    def answers(self, submission: str) -> dict[str, str]:
        return dict(self.db.execute(sql.ANSWERS_OF, (submission,)).fetchall())

    def changed_answers(self) -> list[tuple[str, str]]:
        """(submission, question) whose answer changed since its score was given."""
        return [tuple(row) for row in self.db.execute(sql.CHANGED_ANSWERS)]

    def queue_rows(self, assignment: str, question: str) -> list[AnswerState]:
        rows = self.db.execute(sql.QUEUE, (assignment, question)).fetchall()
        return [
            AnswerState(**{**dict(row), "changed": bool(row["changed"]),
                           "to_grade": bool(row["to_grade"])})
            for row in rows
        ]  # fmt: skip

    def progress(self) -> list[Progress]:
        """Per question: answers graded (and still current) of all, and each TA's count."""
        graders: dict[tuple[str, str], dict[str, int]] = {}
        for assignment, question, grader, count in self.db.execute(sql.BY_GRADER):
            graders.setdefault((assignment, question), {})[grader] = count
        return [
            Progress(row["assignment"], row["question"], row["graded"] or 0, row["total"],
                     graders.get((row["assignment"], row["question"]), {}))
            for row in self.db.execute(sql.PROGRESS)
        ]  # fmt: skip

    # --- overrides and entries ----------------------------------------------------------

    def set_override(self, submission: str, points: float | None, reason: str, who: str) -> None:
        """Set (or, with ``points`` None, remove) the points total by hand, with a reason.
        Refused, with nothing written, for an unknown submission, points that are not a
        finite number from 0 to the submission's maximum, or a missing or long reason."""
        with self.transaction():
            entry = self.entry(submission)
            if entry is None:
                raise UnknownSubmission(f"no submission {submission!r} in the gradebook")
            old = self.db.execute(sql.OVERRIDE, (submission,)).fetchone()
            if points is None:
                self.db.execute(sql.DELETE_OVERRIDE, (submission,))
            else:
                check_override(points, entry.max_points, reason)
                row = (submission, float(points), reason.strip(), who, now())
                self.db.execute(sql.SET_OVERRIDE, row)
            self._audit(who, submission, "override", old and old[0], points)

    def entries(self, assignment: str | None = None) -> list[Entry]:
        """Every submission with its points, by submission name."""
        query = {"submission": None, "assignment": assignment}
        return [_entry(row) for row in self.db.execute(sql.ENTRIES, query)]

    def entry(self, submission: str) -> Entry | None:
        rows = self.db.execute(sql.ENTRIES, {"submission": submission, "assignment": None})
        row = rows.fetchone()
        return _entry(row) if row else None

    def students(self) -> set[str]:
        return {row[0] for row in self.db.execute(sql.STUDENTS)}

    def assignments(self) -> list[str]:
        """The assignments of the submissions ("" for files whose assignment is unknown)."""
        return [row[0] for row in self.db.execute(sql.ASSIGNMENTS)]

    def audit(self, submission: str | None = None) -> list[AuditEntry]:
        rows = self.db.execute(sql.AUDIT_OF, {"submission": submission})
        return [AuditEntry(**dict(row)) for row in rows]


def check_points(points: float, max_points: float) -> None:
    if not math.isfinite(points) or not 0 <= points <= max_points:
        raise ScoreError(f"{points:g} is out of range: 0 to {max_points:g}")
    if abs(points / STEP - round(points / STEP)) > 1e-9:
        raise ScoreError(f"{points:g} is not a multiple of {STEP:g}")


def check_override(points: float, max_points: float, reason: str) -> None:
    if not math.isfinite(points) or not 0 <= points <= max_points:
        raise ScoreError(f"an override is a number from 0 to {max_points:g}, not {points:g}")
    if round(points, OVERRIDE_DECIMALS) != points:
        raise ScoreError(f"an override has at most {OVERRIDE_DECIMALS} decimals")
    if not reason.strip():
        raise ScoreError("an override needs a reason")
    if len(reason) > MAX_REASON_CHARS:
        raise ScoreError(f"a reason is at most {MAX_REASON_CHARS:,} characters")


def check_comment(comment: str) -> None:
    if len(comment) > MAX_COMMENT_CHARS:
        raise ScoreError(
            f"a comment is at most {MAX_COMMENT_CHARS:,} characters (this one has {len(comment):,})"
        )


def _entry(row: sqlite3.Row) -> Entry:
    values = {key: row[key] for key in row.keys() if key in Entry.__dataclass_fields__}
    return Entry(**{**values, "status": Status(row["status"]), "handed_in": _handed_in(row)})


def _handed_in(row: sqlite3.Row) -> HandedIn:
    return HandedIn(row["handed_in_at"], row["handed_in_source"], bool(row["marked_late"]))


def _time(handed_in: HandedIn) -> str:
    late = " (marked late)" if handed_in.marked_late else ""
    return f"{handed_in.at or 'unknown'}{late}: {handed_in.source or 'no source'}"


def _text(value: object) -> str | None:
    return None if value is None else str(value)


__all__ = [
    "Conflict",
    "Gradebook",
    "GradebookError",
    "ManualScore",
    "ScoreError",
    "UnknownSubmission",
]
