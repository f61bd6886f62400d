"""``densegrade build`` and ``densegrade fetch-data``: what a course needs before grading."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from autograder import api
from autograder.api import MIN_GRADESCOPE_TIMEOUT, BuildError, DatasetError, PackageError
from autograder.cli.options import folder_option


@click.command()
@folder_option("--root", Path("."), "Project folder holding solutions/ and assignments/.")
@click.option(
    "--check",
    is_flag=True,
    help="Build in memory and write nothing; exit 1 if committed files differ or leak.",
)
@folder_option(
    "--zip",
    None,
    "Also write <assignment>-autograder.zip here: the Gradescope autograder (also for otter run).",
    "zip_dir",
)
@click.option(
    "--gradescope-timeout",
    type=click.FloatRange(min=MIN_GRADESCOPE_TIMEOUT),
    default=api.GradescopeConfig.gradescope_timeout,
    show_default=True,
    help="Seconds: the assignment's autograder timeout on Gradescope (set the same there).",
)
def build(root: Path, check: bool, zip_dir: Path | None, gradescope_timeout: float) -> None:
    """Regenerate assignments/ and the autograder bundles from solutions/."""
    try:
        built = api.build(root, check, zip_dir, gradescope_timeout)
    except (BuildError, PackageError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    click.echo("The spec each reference gives (what the checks expect):")
    for spec in built.specs:
        click.echo("\n".join(line for line in spec.summary() if line))
    if built.checked:
        for problem in built.problems:
            click.echo(problem, err=True)
        if not built.up_to_date:
            click.echo("Generated files are stale or leak: run `densegrade build`.", err=True)
            sys.exit(1)
        click.echo(
            f"Generated files are up to date ({len(built.files)} files); "
            "no solution, hidden test or hidden check in assignments/ or the handouts."
        )
        return
    click.echo(f"Wrote {len(built.files)} files to assignments/ and autograder/bundles/.")
    for path in built.handouts:
        click.echo(f"Wrote {path} (the student handout)")
    for path in built.zips:
        click.echo(f"Wrote {path} (for Gradescope and otter run)")


@click.command("fetch-data")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def fetch_data(folder: Path) -> None:
    """Write verified copies of the data sets into FOLDER, to serve them from there.

    From the local copies DENSEGRADE_DATA_DIR names, else from Keras' download. Grading
    then serves them offline with DENSEGRADE_DATA_DIR=FOLDER.
    """
    try:
        for path in api.fetch_data(folder):
            click.echo(f"Verified {path}")
    except DatasetError as error:
        raise click.ClickException(str(error)) from error
