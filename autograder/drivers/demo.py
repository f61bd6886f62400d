"""``densegrade demo``: build the assignments, then grade a class of sample submissions.

The samples (:mod:`autograder.drivers.samples`) are made from the reference solutions:
correct notebooks, typical mistakes, a broken file and a hostile notebook, so one
command shows every kind of row a batch produces.
"""

from __future__ import annotations

from pathlib import Path

from autograder.authoring import build
from autograder.contracts.results import SubmissionResult
from autograder.desk.gradebook.store import Gradebook
from autograder.drivers.grade import GradeOptions, grade_paths
from autograder.drivers.samples import SAMPLES, write_samples
from autograder.execution.events import Reporter
from autograder.submissions.free_response import manual_questions


def run_demo(
    root: Path, out_dir: Path, options: GradeOptions | None = None, reporter: Reporter | None = None
) -> list[SubmissionResult]:
    build.write(build.render_all(root), root)
    submissions = out_dir / "submissions"
    write_samples(submissions)
    results = grade_paths([submissions], out_dir, options, reporter)
    prefill_scores(out_dir)
    return results


DEMO_TA = "demo"
PREFILLED = "alice"  # whose written answers the demo scores, so the pages show a finished state


def prefill_scores(out_dir: Path) -> None:
    """Score :data:`PREFILLED`'s written answers as a TA would (an empty answer gets 0),
    unless someone already did: the grading app then opens on a class half done."""
    with Gradebook.of(out_dir) as book:
        for entry in book.entries():
            if not entry.student.startswith(f"{PREFILLED}_"):
                continue
            most = {q["name"]: float(q["points"]) for q in manual_questions(entry.assignment)}
            for question, answer in book.answers(entry.submission).items():
                if book.manual(entry.submission, question) is None:
                    points, comment = (
                        (most[question], "Right, and backed by the curves.")
                        if answer
                        else (0.0, "No answer was written.")
                    )
                    book.save_manual(
                        entry.assignment, entry.submission, question, points, comment,
                        DEMO_TA, 0,
                    )  # fmt: skip


def describe_samples() -> str:
    return "\n".join(
        f"  {sample.student:<6} {sample.assignment:<14} {sample.description}" for sample in SAMPLES
    )
