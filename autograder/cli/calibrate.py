"""``densegrade calibrate``: the reference's accuracy over seeds, for the thresholds."""

from __future__ import annotations

from pathlib import Path

import click

from autograder.assignments import ASSIGNMENTS
from autograder.cli.options import folder_option


@click.command()
@click.argument("assignment", type=click.Choice(list(ASSIGNMENTS)))
@click.option("--seeds", default=10, show_default=True, help="How many seeds to train with.")
@click.option("--first-seed", default=1, show_default=True, help="Seeds run from this one up.")
@folder_option("--root", Path("."), "Project folder holding solutions/.")
@folder_option(
    "--out", Path("docs/calibration"), "Folder for <assignment>.md and .json.", "out_dir"
)
def calibrate(assignment: str, seeds: int, first_seed: int, root: Path, out_dir: Path) -> None:
    """Train the reference solution of ASSIGNMENT once per seed and report its accuracy.

    The report gives min / median / max accuracy, time per epoch, a proposed
    full-credit threshold and the margin of the shipped one.
    """
    from autograder.authoring import calibrate as calibrate_api

    if seeds < 1:
        raise click.BadParameter("at least one seed", param_hint="--seeds")
    click.echo(
        f"Calibrating {assignment} over seeds {first_seed}..{first_seed + seeds - 1}", err=True
    )

    def progress(run: calibrate_api.SeedRun) -> None:
        outcome = f"accuracy {run.accuracy:.4f}" if run.accuracy is not None else run.error
        click.echo(f"  seed {run.seed}: {outcome} ({run.notebook_seconds:.0f} s)", err=True)

    seed_list = list(range(first_seed, first_seed + seeds))
    try:
        report = calibrate_api.calibrate(root, assignment, seed_list, progress)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    markdown, _ = calibrate_api.write_report(report, out_dir)
    click.echo(calibrate_api.render_markdown(report))
    click.echo(f"Report: {markdown}")
