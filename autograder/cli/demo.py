"""``densegrade demo``: build, then grade a class of sample submissions."""

from __future__ import annotations

from pathlib import Path

import click

from autograder import api
from autograder.api import SERVE_HINT, BarReporter, OutputFolder
from autograder.cli.options import batch_errors, folder_option


@click.command()
@folder_option("--out", Path("demo-output"), "Folder for the demo's results.", "out_dir")
@folder_option("--root", Path("."), "Project folder holding solutions/ and assignments/.")
def demo(out_dir: Path, root: Path) -> None:
    """Build the assignments and grade a class of sample submissions.

    The samples are made from the reference solutions: correct notebooks, typical
    mistakes, a broken file and a hostile notebook. They are written to
    OUT/submissions/ and graded into OUT/ as `densegrade grade` would.
    """
    click.echo(f"Sample submissions:\n{api.describe_samples()}\n", err=True)
    options = api.GradeOptions()
    with batch_errors(out_dir):
        api.run_demo(root, out_dir, options, BarReporter(options.workers))
    out = OutputFolder(out_dir)
    click.echo(
        f"\nOpen the class dashboard in a browser: {out.index.resolve().as_uri()}\n"
        f"It links every student's feedback page ({out.feedback_dir}/ for students, "
        f"{out.ta_dir}/ for TAs).\nAlso written: {out.grades_csv}, "
        f"{out.results_dir}/ and {out.gradescope_dir}/ (Gradescope's format).\n"
        f"Gradebook: {out.gradebook_file}. Grade the written answers in a browser:\n"
        f"    {SERVE_HINT.format(out=out_dir)}",
        err=True,
    )
