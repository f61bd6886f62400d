"""Feedback to hand back: each student's page with the TAs' points and comments and the
final grade, one file per student named by the student's identifier and assignment."""

from __future__ import annotations

from pathlib import Path

from autograder.gradebook.store import Gradebook
from autograder.lms.grades import FinalGrade, number
from autograder.output.folder import OutputFolder
from autograder.reports import feedback, pages
from autograder.results import safe_file_stem
from autograder.typed_files import write_atomically

RETURNED = "returned"


def write_returned(out_dir: Path, assignment: str, grades: list[FinalGrade]) -> list[Path]:
    """``OUT/returned/<assignment>/<student>.html`` for each graded submission."""
    out = OutputFolder(out_dir)
    references = out.references()
    folder = out.root / RETURNED / assignment
    written = []
    results = {result.submission: result for result in out.results()}
    with Gradebook.of(out.root) as book:
        rows = {row["submission"]: row for row in book.rows(assignment)}
        for grade in grades:
            result = results.get(grade.submission)
            if result is None:
                continue
            context = feedback.feedback_context(
                result, references.get(assignment), feedback.STUDENT
            )
            context["final"] = _final(book, grade, rows[grade.submission])
            html = pages.render("feedback.html.j2", links={}, **context)
            page = folder / f"{safe_file_stem(grade.student)}.html"
            write_atomically(page, html)
            written.append(page)
    return written


def _final(book: Gradebook, grade: FinalGrade, row: dict) -> dict:
    scores = {}
    for (question,) in book.db.execute(
        "SELECT question FROM answers WHERE submission = ?", (grade.submission,)
    ).fetchall():
        score = book.manual(grade.submission, question)
        if score is not None:
            scores[question] = {"points": f"{score.points:g}", "comment": score.comment}
    override = (
        f"{row['override']:g} points ({row['override_reason']})"
        if row["override"] is not None
        else ""
    )
    penalty = f"−{grade.penalty_percent:g}%: " if grade.penalty_percent else ""
    return {
        "autograded": number(grade.autograded) or "not graded",
        "manual": number(grade.manual),
        "override": override,
        "lateness": penalty + grade.penalty_reason,
        "final": f"{number(grade.final) or '—'} / {number(grade.max_points)}",
        "scores": scores,
    }
