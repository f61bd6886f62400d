"""``densegrade build`` and ``densegrade fetch-data``: what a course needs before grading."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from autograder import build as build_api
from autograder import data as data_api
from autograder.cli.options import folder_option
from autograder.data import DatasetError
from autograder.gradescope.config import JUDGING_SECONDS, GradescopeConfig
from autograder.gradescope.package import PackageError, write_autograder_zips
from autograder.leak_scan import stale_or_leaking


@click.command()
@folder_option("--root", Path("."), "Project folder holding solutions/ and assignments/.")
@click.option("--check", is_flag=True, help="Build in memory; exit 1 if committed files differ.")
@folder_option(
    "--zip",
    None,
    "Also write <assignment>-autograder.zip here: the Gradescope autograder (also for otter run).",
    "zip_dir",
)
@click.option(
    "--gradescope-timeout",
    type=click.FloatRange(min=JUDGING_SECONDS + 60),
    default=GradescopeConfig.gradescope_timeout,
    show_default=True,
    help="Seconds: the assignment's autograder timeout on Gradescope (set the same there).",
)
def build(root: Path, check: bool, zip_dir: Path | None, gradescope_timeout: float) -> None:
    """Regenerate assignments/ and the autograder bundles from solutions/."""
    try:
        rendering = build_api.render_all(root)
    except build_api.BuildError as error:
        raise click.ClickException(str(error)) from error
    if check:
        problems = stale_or_leaking(rendering, root)
        for problem in problems:
            click.echo(problem, err=True)
        if problems:
            click.echo("Generated files are stale or leak: run `densegrade build`.", err=True)
            sys.exit(1)
        click.echo(
            f"Generated files are up to date ({len(rendering.files)} files); "
            "no solution, hidden test or hidden check in assignments/ or the handouts."
        )
        return
    written = build_api.write(rendering, root)
    click.echo(f"Wrote {len(written)} files to assignments/ and autograder/bundles/.")
    for path in build_api.write_handouts(rendering, root):
        click.echo(f"Wrote {path} (the student handout)")
    try:
        zips = write_autograder_zips(root, zip_dir, gradescope_timeout) if zip_dir else []
    except PackageError as error:
        raise click.ClickException(str(error)) from error
    for path in zips:
        click.echo(f"Wrote {path} (for Gradescope and otter run)")


@click.command("fetch-data")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def fetch_data(folder: Path) -> None:
    """Write verified copies of the data sets into FOLDER, to serve them from there.

    From the local copies DENSEGRADE_DATA_DIR names, else from Keras' download. Grading
    then serves them offline with DENSEGRADE_DATA_DIR=FOLDER.
    """
    try:
        for path in data_api.fetch_data(folder):
            click.echo(f"Verified {path}")
    except DatasetError as error:
        raise click.ClickException(str(error)) from error
