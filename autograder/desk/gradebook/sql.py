"""Every query the gradebook runs, in one place beside the store that runs them.

Only :mod:`~autograder.desk.gradebook.store` executes these; the schema they read is
:mod:`~autograder.desk.gradebook.schema`'s. "Still to grade" is the ``answer_states`` view's
``to_grade`` column, the one rule every count and queue reads.
"""

UPSERT_SUBMISSION = """
INSERT INTO submissions (submission, student, assignment, path, status, autograded,
    autograded_max, content_sha256, grader, imported_at, reason, max_points, handed_in_at,
    handed_in_source, marked_late)
VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
ON CONFLICT (submission) DO UPDATE SET student=excluded.student,
    assignment=excluded.assignment, path=excluded.path, status=excluded.status,
    autograded=excluded.autograded, autograded_max=excluded.autograded_max,
    content_sha256=excluded.content_sha256, grader=excluded.grader,
    imported_at=excluded.imported_at, reason=excluded.reason, max_points=excluded.max_points,
    handed_in_at=excluded.handed_in_at, handed_in_source=excluded.handed_in_source,
    marked_late=excluded.marked_late
"""

SUBMISSION_FACTS = """
SELECT autograded, content_sha256, status, handed_in_at, handed_in_source, marked_late
FROM submissions WHERE submission = ?
"""

UPSERT_ANSWER = """
INSERT INTO answers VALUES (?,?,?,?,?) ON CONFLICT (submission, question) DO UPDATE SET
    answer=excluded.answer, answer_sha256=excluded.answer_sha256,
    max_points=excluded.max_points
"""

ANSWER = """
SELECT a.answer_sha256, a.max_points, s.assignment FROM answers a
JOIN submissions s USING (submission) WHERE a.submission = ? AND a.question = ?
"""

UPSERT_MANUAL = """
INSERT INTO manual_scores VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (submission, question)
DO UPDATE SET points=excluded.points, comment=excluded.comment, grader=excluded.grader,
    answer_sha256=excluded.answer_sha256, version=excluded.version,
    updated_at=excluded.updated_at
"""

MANUAL = """
SELECT submission, question, points, comment, grader, version, updated_at
FROM manual_scores WHERE submission = ? AND question LIKE ? ORDER BY question
"""

ANSWERS_OF = "SELECT question, answer FROM answers WHERE submission = ? ORDER BY rowid"

CHANGED_ANSWERS = """
SELECT submission, question FROM answer_states WHERE changed ORDER BY submission, question
"""

OVERRIDE = "SELECT points FROM overrides WHERE submission = ?"
DELETE_OVERRIDE = "DELETE FROM overrides WHERE submission = ?"
SET_OVERRIDE = "INSERT OR REPLACE INTO overrides VALUES (?,?,?,?,?)"

ENTRIES = """
SELECT s.submission, s.student, s.assignment, s.status, s.reason, s.autograded,
    s.autograded_max, s.max_points, s.handed_in_at, s.handed_in_source, s.marked_late,
    COALESCE((SELECT SUM(points) FROM manual_scores m WHERE m.submission = s.submission), 0)
        AS manual,
    (SELECT COUNT(*) FROM answer_states a WHERE a.submission = s.submission AND a.to_grade)
        AS to_grade,
    o.points AS override, COALESCE(o.reason, '') AS override_reason,
    COALESCE(o.grader, '') AS override_by
FROM submissions s LEFT JOIN overrides o USING (submission)
WHERE (:submission IS NULL OR s.submission = :submission)
  AND (:assignment IS NULL OR s.assignment = :assignment)
ORDER BY s.submission
"""

QUEUE = """
SELECT a.submission, s.student, a.answer, a.max_points, a.points,
    COALESCE(a.comment, '') AS comment, COALESCE(a.grader, '') AS grader,
    COALESCE(a.version, 0) AS version, COALESCE(a.updated_at, '') AS updated_at,
    COALESCE(a.changed, 0) AS changed, a.to_grade
FROM answer_states a JOIN submissions s USING (submission)
WHERE s.assignment = ? AND a.question = ?
"""

PROGRESS = """
SELECT s.assignment, a.question, COUNT(*) AS total, SUM(NOT a.to_grade) AS graded
FROM answer_states a JOIN submissions s USING (submission)
GROUP BY s.assignment, a.question ORDER BY s.assignment, MIN(a.position)
"""

BY_GRADER = """
SELECT s.assignment, m.question, m.grader, COUNT(*) FROM manual_scores m
JOIN submissions s USING (submission) GROUP BY s.assignment, m.question, m.grader
"""

STUDENTS = "SELECT DISTINCT student FROM submissions"
ASSIGNMENTS = "SELECT DISTINCT assignment FROM submissions ORDER BY assignment"

AUDIT = "INSERT INTO audit (at, who, submission, field, old, new) VALUES (?,?,?,?,?,?)"
AUDIT_OF = """
SELECT at, who, submission, field, old, new FROM audit
WHERE (:submission IS NULL OR submission = :submission) ORDER BY id
"""

META = "SELECT value FROM meta WHERE key = ?"
SET_META = "INSERT OR REPLACE INTO meta VALUES (?, ?)"
