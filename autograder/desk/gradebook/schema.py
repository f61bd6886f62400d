"""The gradebook's database: an SQLite file in the output folder, and its migrations.

The schema's version is SQLite's own ``PRAGMA user_version``; :data:`MIGRATIONS` holds one
script per version, applied in order, each in one transaction, so a database is always
at a version this code knows. A database newer than this code, or a file that is not an
SQLite database or lacks the gradebook's tables, is refused with a message and never
touched. (A migration library such as Alembic would bring SQLAlchemy for a handful of
tables; a numbered list of scripts on ``user_version`` is the plain SQLite idiom.)

Durability: write-ahead logging with ``synchronous=FULL``, so a score the web app
answered "saved" for survives the process killed with SIGKILL, and readers never wait
for a writer.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 30  # two TAs or a batch and a TA writing at once wait, not fail

# One script per schema version: MIGRATIONS[0] takes an empty file to version 1.
# Never edit a released script: add the next one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE submissions (
        submission TEXT PRIMARY KEY,     -- the batch's name for it (grades.csv)
        student TEXT NOT NULL,
        assignment TEXT NOT NULL,
        path TEXT NOT NULL,              -- the file as found: where its time comes from
        status TEXT NOT NULL,
        autograded REAL,                 -- NULL: not graded (the grader's fault)
        autograded_max REAL NOT NULL,
        content_sha256 TEXT NOT NULL,
        grader TEXT NOT NULL,            -- the grader's identity that graded it
        imported_at TEXT NOT NULL
    );
    CREATE TABLE answers (              -- the written answers, as the last batch read them
        submission TEXT NOT NULL REFERENCES submissions ON DELETE CASCADE,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        answer_sha256 TEXT NOT NULL,
        max_points REAL NOT NULL,
        PRIMARY KEY (submission, question)
    );
    CREATE TABLE manual_scores (        -- a TA's points for one answer
        submission TEXT NOT NULL,
        question TEXT NOT NULL,
        points REAL NOT NULL,
        comment TEXT NOT NULL,
        grader TEXT NOT NULL,
        answer_sha256 TEXT NOT NULL,     -- the answer as it was when scored
        version INTEGER NOT NULL,        -- bumped by each save: two TAs never overwrite blind
        updated_at TEXT NOT NULL,
        PRIMARY KEY (submission, question)
    );
    CREATE TABLE overrides (            -- the points total set by hand, with a reason
        submission TEXT PRIMARY KEY,
        points REAL NOT NULL,
        reason TEXT NOT NULL,
        grader TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE submission_times (
        submission TEXT PRIMARY KEY,
        submitted_at TEXT,               -- ISO 8601 in UTC; NULL: late, time unknown
        source TEXT NOT NULL             -- where it came from, shown beside the penalty
    );
    CREATE TABLE finals (               -- lateness and the final score, as last computed
        submission TEXT PRIMARY KEY,
        points REAL,                     -- autograded + manual, or the override
        max_points REAL NOT NULL,
        late_minutes REAL,               -- NULL: no known time
        penalty_percent REAL NOT NULL,
        penalty_reason TEXT NOT NULL,
        final REAL                       -- NULL: not graded
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        submission TEXT NOT NULL,
        field TEXT NOT NULL,
        old TEXT,
        new TEXT
    );
    """,
    # 2: every submission has a row (its reason too); when it was handed in is recorded
    # from the result (found by the batch), never re-read from the downloads; the
    # assignment's total points recorded; finals are computed when read, never stored;
    # "still to grade" is one view.
    """
    ALTER TABLE submissions ADD COLUMN reason TEXT NOT NULL DEFAULT '';
    ALTER TABLE submissions ADD COLUMN max_points REAL NOT NULL DEFAULT 0;
    ALTER TABLE submissions ADD COLUMN handed_in_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE submissions ADD COLUMN handed_in_source TEXT NOT NULL DEFAULT '';
    ALTER TABLE submissions ADD COLUMN marked_late INTEGER NOT NULL DEFAULT 0;
    UPDATE submissions SET max_points = autograded_max + COALESCE(
        (SELECT SUM(a.max_points) FROM answers a WHERE a.submission = submissions.submission), 0);
    UPDATE submissions SET
        handed_in_at = COALESCE((SELECT t.submitted_at FROM submission_times t
            WHERE t.submission = submissions.submission
            AND t.source = 'Gradescope submission_metadata.yml'), ''),
        handed_in_source = COALESCE((SELECT t.source FROM submission_times t
            WHERE t.submission = submissions.submission AND t.source IN
            ('Gradescope submission_metadata.yml', 'Canvas download (_LATE)')), ''),
        marked_late = EXISTS (SELECT 1 FROM submission_times t
            WHERE t.submission = submissions.submission
            AND t.source = 'Canvas download (_LATE)');
    DROP TABLE submission_times;
    DROP TABLE finals;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE VIEW answer_states AS
        SELECT a.rowid AS position, a.submission, a.question, a.answer, a.answer_sha256,
               a.max_points,
               m.points, m.comment, m.grader, m.version, m.updated_at,
               (m.points IS NOT NULL AND m.answer_sha256 != a.answer_sha256) AS changed,
               -- the one rule: never scored, or scored before the answer changed
               (m.points IS NULL OR m.answer_sha256 != a.answer_sha256) AS to_grade
        FROM answers a LEFT JOIN manual_scores m USING (submission, question);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
TABLES = {"submissions", "answers", "manual_scores", "overrides", "audit"}


class GradebookError(ValueError):
    """A gradebook that cannot be used: the message names the file and why."""


def connect(path: Path, private: tuple[Path, ...] = ()) -> sqlite3.Connection:
    """Open (creating it if absent) and migrate the gradebook at ``path``; it and the
    ``private`` files beside it (SQLite's log) are made readable by their owner only."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        _refuse_if_foreign(path)
    # Created private: SQLite gives its -wal and -shm files the database's own mode.
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for file in (path, *private):
        if file.exists():
            file.chmod(0o600)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    connection.row_factory = sqlite3.Row
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        migrate(connection, path)
    except BaseException:
        connection.close()
        raise
    return connection


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the database to :data:`SCHEMA_VERSION`, one script per transaction."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise GradebookError(
            f"{path}: the gradebook is at schema version {version}, newer than this "
            f"densegrade's {SCHEMA_VERSION}; use a newer densegrade (the file is unchanged)"
        )
    for number in range(version, SCHEMA_VERSION):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[number]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """The script's statements, split where SQLite says one is complete."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [statement for statement in statements if statement.strip(" ;\n")]


def _refuse_if_foreign(path: Path) -> None:
    """A file that is not an SQLite database, or one without our tables, is not ours."""
    try:
        with path.open("rb") as stream:
            header = stream.read(16)
    except OSError as error:
        raise GradebookError(f"{path}: cannot read the gradebook: {error}") from error
    if header != b"SQLite format 3\x00":
        raise GradebookError(f"{path}: not an SQLite database (corrupt?); it was left as it is")
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            names = {row[0] for row in probe.execute("SELECT name FROM sqlite_master")}
            check = probe.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        raise GradebookError(
            f"{path}: the gradebook is corrupt ({error}); left as it is"
        ) from error
    if check != "ok":
        raise GradebookError(f"{path}: the gradebook is corrupt ({check}); left as it is")
    if version and not TABLES <= names:
        raise GradebookError(f"{path}: an SQLite file that is not a densegrade gradebook")
    if not version and names:
        raise GradebookError(f"{path}: an SQLite file that is not a densegrade gradebook")
