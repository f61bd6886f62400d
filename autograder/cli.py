"""The ``densegrade`` command: a thin mirror of the Python API."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from autograder import build as build_api
from autograder import grade as grade_api
from autograder.assignments import ASSIGNMENTS
from autograder.data import DATA_DIR_ENV, DatasetError, configured_data_dir
from autograder.execution.sandbox import GIB, Limits, isolation_level
from autograder.handout import handout_path
from autograder.leak_scan import find_archive_leaks, find_leaks, project_secrets
from autograder.progress import BarReporter, JsonLinesReporter, Reporter, SilentReporter
from autograder.reference import ReferenceCheckFailed

REFERENCE_FAILED = 3  # exit status: a reference solution did not get full marks


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
        secrets = project_secrets(root)
        for name, handout in build_api.handouts(rendering).items():
            label = str(handout_path(Path(), name))
            problems += find_archive_leaks(label, handout, secrets)
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
    if zip_dir is not None:
        for name in ASSIGNMENTS:
            path = build_api.write_bundle_zip(name, zip_dir / f"{name}-autograder.zip")
            click.echo(f"Wrote {path}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@folder_option(
    "--out",
    Path("grading-output"),
    "Folder for grades.csv, results/<submission>.json and logs/.",
    "out_dir",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="number of cores",
    help="Submissions graded at once.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=Limits.timeout,
    show_default=True,
    help="Wall-clock seconds one notebook may run before it is stopped (status timeout).",
)
@click.option(
    "--memory-limit",
    type=click.FloatRange(min=0.5),
    default=Limits.memory_bytes / GIB,
    show_default=True,
    help="GiB of memory each process of a notebook may allocate (status memory).",
)
@click.option("--force", is_flag=True, help="Regrade even what is unchanged since the last run.")
@click.option(
    "--reports/--no-reports",
    default=True,
    show_default=True,
    help="Write the class dashboard and feedback pages (grades each reference solution once).",
)
@click.option(
    "--ignore-reference-failure",
    is_flag=True,
    help="Grade the students even if a reference solution does not get full marks "
    "(by default the batch then stops before grading any student).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing; results go to files only.")
@click.option("--json-lines", is_flag=True, help="Print one JSON object per event, for scripts.")
def grade(
    paths: tuple[Path, ...],
    out_dir: Path,
    workers: int,
    timeout: float,
    memory_limit: float,
    force: bool,
    reports: bool,
    ignore_reference_failure: bool,
    quiet: bool,
    json_lines: bool,
) -> None:
    """Grade every submission under PATHS, in parallel, each in its own sandbox.

    PATHS may be notebooks, zips exported from the notebook, folders of them (one
    subfolder per student, or loose files), or Gradescope and Canvas bulk downloads
    (see the README). Each assignment's reference solution is graded first: if it does
    not get full marks, no student is graded and the command exits with status 3.
    Writes OUT/grades.csv (one row per submission, with the student identifier and a
    status: ok, invalid, timeout, memory, error, or grader_error: not graded) and
    OUT/results/<submission>.json (every check with its points and messages) as each
    submission finishes, then the class dashboard OUT/index.html with a feedback page
    per submission (OUT/feedback/ for students, OUT/ta/ for TAs). Run it again to
    resume: unchanged submissions are skipped.
    """
    if quiet and json_lines:
        raise click.UsageError("--quiet and --json-lines cannot be combined")
    limits = Limits(timeout=timeout, memory_bytes=int(memory_limit * GIB))
    options = grade_api.GradeOptions(
        workers=workers,
        limits=limits,
        force=force,
        reports=reports,
        ignore_reference_failure=ignore_reference_failure,
    )
    if json_lines:
        reporter: Reporter = JsonLinesReporter()
    elif quiet:
        reporter = SilentReporter()
    else:
        reporter = BarReporter(workers)
        source = configured_data_dir()
        served = f"verified local copies in {source}" if source else "Keras download"
        click.echo(
            f"Data sets: {served} (set {DATA_DIR_ENV} to change). Isolation: {isolation_level()}. "
            f"Workers: {workers}.",
            err=True,
        )
    _stop_cleanly_on_sigterm()
    try:
        results = grade_api.grade_paths(paths, out_dir, options, reporter)
    except (FileNotFoundError, ValueError, DatasetError) as error:
        raise click.ClickException(str(error)) from error
    except ReferenceCheckFailed as error:
        click.echo(f"Error: grading stopped before any student: {error}", err=True)
        sys.exit(REFERENCE_FAILED)
    except KeyboardInterrupt:
        click.echo(
            f"\nInterrupted. Results so far are in {out_dir}; run the same command to resume.",
            err=True,
        )
        sys.exit(130)
    if not results:
        raise click.ClickException("no notebooks or zips found under the given paths")
    if not quiet and not json_lines:
        click.echo(f"Results: {out_dir / 'grades.csv'} and {out_dir / 'results'}/", err=True)
        if reports:
            click.echo(f"Dashboard: {(out_dir / 'index.html').resolve().as_uri()}", err=True)


@main.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def report(out_dir: Path) -> None:
    """Rewrite the dashboard and feedback pages of OUT_DIR from its results, without
    grading again (after a template change, or to restore a deleted page)."""
    from autograder import reports as reports_api

    try:
        index, unreadable = reports_api.rewrite_reports(out_dir)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    if unreadable:
        click.echo(
            f"Left out {len(unreadable)} result file(s) that could not be read (damaged, or "
            f"from another version; grading again rewrites them): {', '.join(unreadable)}",
            err=True,
        )
    click.echo(f"Dashboard: {index.resolve().as_uri()}", err=True)


@main.command()
@folder_option("--out", Path("demo-output"), "Folder for the demo's results.", "out_dir")
@folder_option("--root", Path("."), "Project folder holding solutions/ and assignments/.")
def demo(out_dir: Path, root: Path) -> None:
    """Build the assignments and grade a class of sample submissions.

    The samples are made from the reference solutions: correct notebooks, typical
    mistakes, a broken file and a hostile notebook. They are written to
    OUT/submissions/ and graded into OUT/ as `densegrade grade` would.
    """
    from autograder import demo as demo_api

    click.echo(f"Sample submissions:\n{demo_api.describe_samples()}\n", err=True)
    options = grade_api.GradeOptions()
    _stop_cleanly_on_sigterm()
    try:
        demo_api.run_demo(root, out_dir, options, BarReporter(options.workers))
    except (build_api.BuildError, DatasetError) as error:
        raise click.ClickException(str(error)) from error
    except ReferenceCheckFailed as error:
        click.echo(f"Error: grading stopped before any student: {error}", err=True)
        sys.exit(REFERENCE_FAILED)
    index = (out_dir / "index.html").resolve()
    click.echo(
        f"\nOpen the class dashboard in a browser: {index.as_uri()}\n"
        f"It links every student's feedback page ({out_dir / 'feedback'}/ for students, "
        f"{out_dir / 'ta'}/ for TAs).\nAlso written: {out_dir / 'grades.csv'}, "
        f"{out_dir / 'results'}/ and {out_dir / 'gradescope'}/ (Gradescope's format).",
        err=True,
    )


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


def _stop_cleanly_on_sigterm() -> None:
    """`kill` stops a batch like Ctrl-C: sandboxes stopped, results so far kept."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


if __name__ == "__main__":
    main()
