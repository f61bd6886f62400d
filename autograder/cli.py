"""The ``densegrade`` command: a thin mirror of the Python API."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from autograder import build as build_api
from autograder import grade as grade_api
from autograder.assignments import ASSIGNMENTS
from autograder.data import DATA_DIR_ENV, configured_data_dir
from autograder.leak_scan import find_leaks
from autograder.results import SubmissionResult, format_table
from autograder.submissions import Submission


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="densegrade")
def main() -> None:
    """Build and grade the Keras dense-network assignments (MNIST, CIFAR-10).

    Data sets come from the Keras download, or from verified local copies when
    DENSEGRADE_DATA_DIR names a folder holding mnist/mnist.npz and cifar10/cifar10.npz.
    """


def folder_option(flag: str, default: Path | None, help: str, dest: str | None = None):
    """A command option naming a folder (the same shape for every command)."""
    names = (flag, dest) if dest else (flag,)
    return click.option(
        *names,
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=default is not None,
        help=help,
    )


@main.command()
@folder_option("--root", Path("."), "Project folder holding solutions/ and assignments/.")
@click.option("--check", is_flag=True, help="Build in memory; exit 1 if committed files differ.")
@folder_option(
    "--zip", None, "Also write <assignment>-autograder.zip bundles here (for otter run).", "zip_dir"
)
def build(root: Path, check: bool, zip_dir: Path | None) -> None:
    """Regenerate assignments/ and the autograder bundles from solutions/."""
    try:
        rendering = build_api.render_all(root)
    except build_api.BuildError as error:
        raise click.ClickException(str(error)) from error
    if check:
        problems = build_api.differences(rendering, root) + find_leaks(root)
        for problem in problems:
            click.echo(problem, err=True)
        if problems:
            click.echo("Generated files are stale or leak: run `densegrade build`.", err=True)
            sys.exit(1)
        click.echo(
            f"Generated files are up to date ({len(rendering.files)} files); "
            "no solution or hidden test in assignments/."
        )
        return
    written = build_api.write(rendering, root)
    click.echo(f"Wrote {len(written)} files to assignments/ and autograder/bundles/.")
    if zip_dir is not None:
        for name in ASSIGNMENTS:
            path = build_api.write_bundle_zip(name, zip_dir / f"{name}-autograder.zip")
            click.echo(f"Wrote {path}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@folder_option(
    "--out",
    Path("grading-output"),
    "Folder for grades.csv and results/<submission>.json.",
    "out_dir",
)
def grade(paths: tuple[Path, ...], out_dir: Path) -> None:
    """Grade every submission under PATHS.

    PATHS may be notebooks, zips exported from the notebook, folders of them (one
    subfolder per student, or loose files), or Gradescope and Canvas bulk downloads
    (see the README). Writes OUT/grades.csv (one row per submission, with the student
    identifier) and OUT/results/<submission>.json (every check with its points and
    messages) as each submission finishes.
    """
    source = configured_data_dir()
    click.echo(
        f"Data sets: {'verified local copies in ' + str(source) if source else 'Keras download'}"
        f" (set {DATA_DIR_ENV} to change).",
        err=True,
    )
    try:
        results = grade_api.grade_paths(paths, out_dir, progress=_report_progress)
    except (FileNotFoundError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    if not results:
        raise click.ClickException("no notebooks or zips found under the given paths")
    click.echo(format_table(results))
    click.echo(f"\nResults: {out_dir / 'grades.csv'} and {out_dir / 'results'}/")


@main.command()
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
    from autograder import calibrate as calibrate_api

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


def _report_progress(
    index: int, total: int, submission: Submission, result: SubmissionResult | None
) -> None:
    prefix = f"[{index + 1}/{total}]"
    if result is None:
        click.echo(f"{prefix} grading {submission.student}: {submission.label} ...", err=True)
        return
    outcome = f"{result.score:g}/{result.max_score:g}" if result.status == "ok" else result.reason
    click.echo(f"{prefix} {result.status}: {outcome} ({result.seconds:.0f} s)", err=True)


if __name__ == "__main__":
    main()
