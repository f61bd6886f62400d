"""Feedback to hand back: each student's page with the TAs' points and comments and the
final grade, one file per student named by the student's identifier and assignment.

Drawn from what grading recorded (the result, its evidence with the mistakes' images)
and the gradebook: no data set, no TensorFlow.
"""

from __future__ import annotations

from pathlib import Path

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.typed_files import write_atomically
from autograder.desk.gradebook import Grade, current
from autograder.desk.lms.grades import number
from autograder.reports import feedback, pages


def write_returned(out_dir: Path, grades: list[Grade], course_file: Path | None = None
                   ) -> list[Path]:  # fmt: skip
    """``OUT/returned/<assignment>/<student>.html`` for each submission with a result."""
    out = OutputFolder(out_dir)
    references = out.references()
    written = []
    with current(out.root, course_file) as book:
        for grade in grades:
            result = out.result(grade.submission)
            if result is None:
                continue
            reference = references.get(grade.assignment)
            context = feedback.feedback_context(result, reference, feedback.STUDENT)
            context["final"] = _final(grade, book.manual_scores(grade.submission))
            html = pages.render("feedback.html.j2", links={}, **context)
            page = out.returned_page(grade.assignment, grade.student)
            write_atomically(page, html)
            written.append(page)
    return written


def _final(grade: Grade, manual: dict) -> dict:
    scores = {
        question: {"points": f"{score.points:g}", "comment": score.comment}
        for question, score in manual.items()
    }
    override = (
        f"{grade.override:g} points ({grade.override_reason})" if grade.override is not None else ""
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
