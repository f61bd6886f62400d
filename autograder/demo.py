"""``densegrade demo``: build the assignments, then grade a class of sample submissions.

The samples (:mod:`autograder.samples`) are made from the reference solutions:
correct notebooks, typical mistakes, a broken file and a hostile notebook, so one
command shows every kind of row a batch produces.
"""

from __future__ import annotations

from pathlib import Path

from autograder import build
from autograder.execution.events import Reporter
from autograder.grade import GradeOptions, grade_paths
from autograder.results import SubmissionResult
from autograder.samples import SAMPLES, write_samples


def run_demo(
    root: Path, out_dir: Path, options: GradeOptions | None = None, reporter: Reporter | None = None
) -> list[SubmissionResult]:
    build.write(build.render_all(root), root)
    submissions = out_dir / "submissions"
    write_samples(submissions)
    return grade_paths([submissions], out_dir, options, reporter)


def describe_samples() -> str:
    return "\n".join(
        f"  {sample.student:<6} {sample.assignment:<14} {sample.description}" for sample in SAMPLES
    )
