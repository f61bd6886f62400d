"""``densegrade grade`` and ``densegrade report``: a batch, and its pages again."""

from __future__ import annotations

from pathlib import Path

import click

from autograder import api
from autograder.api import (
    ASSIGNMENTS,
    DATA_DIR_ENV,
    GIB,
    SERVE_HINT,
    BarReporter,
    JsonLinesReporter,
    Limits,
    OutputFolder,
    Reporter,
    SilentReporter,
    configured_data_dir,
    isolation_level,
    whole_cpus,
)
from autograder.cli.cluster import grade_on_slurm, slurm_options, slurm_printer
from autograder.cli.options import batch_errors, folder_option, given_options

# Local options a Slurm run cannot honour, and why.
SLURM_CANNOT = {
    "workers": "each array task grades as many submissions at once as it has CPUs "
    "(set --cpus-per-task)",
    "ignore_reference_failure": "the array waits for the references job and is cancelled "
    "if a reference solution lacks full marks (grade locally to ignore that)",
}


@click.command()
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
    default=whole_cpus(),
    show_default="the CPUs available (a container's or Slurm's quota)",
    help="Submissions graded at once (local backend; on Slurm, see --cpus-per-task).",
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
    help="GiB of resident memory a notebook (its kernel and every process it starts) may "
    "use; it is stopped there (status memory).",
)
@click.option("--force", is_flag=True, help="Regrade even what is unchanged since the last run.")
@click.option(
    "--reports/--no-reports",
    default=api.GradeOptions.reports,
    show_default=True,
    help="Write the class dashboard and feedback pages (grades each reference solution once).",
)
@click.option(
    "--ignore-reference-failure",
    is_flag=True,
    help="Grade the students even if a reference solution does not get full marks "
    "(by default the batch then stops before grading any student; local backend only).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing; results go to files only.")
@click.option("--json-lines", is_flag=True, help="Print one JSON object per event, for scripts.")
@click.option(
    "--backend",
    type=click.Choice(["local", "slurm"]),
    default="local",
    show_default=True,
    help="Grade on this machine, or queue a job array on a Slurm cluster (docs/slurm.md).",
)
@slurm_options
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
    backend: str,
    **slurm,
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
    _refuse_what_the_backend_ignores(backend, list(slurm))
    limits = Limits(timeout=timeout, memory_bytes=int(memory_limit * GIB))
    if backend == "slurm":
        tell = slurm_printer(quiet, json_lines)
        grade_on_slurm(list(paths), out_dir, limits, force, reports, tell, **slurm)
        return
    options = api.GradeOptions(
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
        if any(spec.own_dataset for spec in ASSIGNMENTS.values()):
            served += "; an assignment's own .npz from its bundle"
        click.echo(
            f"Data sets: {served} (set {DATA_DIR_ENV} to change). Isolation: {isolation_level()}. "
            f"Workers: {workers}.",
            err=True,
        )
    with batch_errors(out_dir):
        results = api.grade_paths(paths, out_dir, options, reporter)
    if not results:
        raise click.ClickException("no notebooks or zips found under the given paths")
    if not quiet and not json_lines:
        out = OutputFolder(out_dir)
        click.echo(f"Results: {out.grades_csv} and {out.results_dir}/", err=True)
        if reports:
            click.echo(f"Dashboard: {out.index.resolve().as_uri()}", err=True)
        click.echo(
            f"Written answers, lateness, final grades: {SERVE_HINT.format(out=out_dir)}", err=True
        )


def _refuse_what_the_backend_ignores(backend: str, slurm_names: list[str]) -> None:
    """A usage error naming every option given that ``backend`` cannot honour, and why."""
    if backend == "slurm":
        refused = [
            f"{flag}: {SLURM_CANNOT[name]}" for name, flag in given_options(list(SLURM_CANNOT))
        ]
    else:
        flags = ", ".join(flag for _, flag in given_options(slurm_names))
        refused = [f"{flags}: for --backend slurm only"] if flags else []
    if refused:
        raise click.UsageError(f"--backend {backend} cannot honour " + "; ".join(refused))


@click.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def report(out_dir: Path) -> None:
    """Rewrite the dashboard and feedback pages of OUT_DIR from its results, without
    grading again (after a template change, or to restore a deleted page)."""

    try:
        index, unreadable = api.rewrite_reports(out_dir)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    if unreadable:
        click.echo(
            f"Left out {len(unreadable)} result file(s) that could not be read (damaged, or "
            f"from another version; grading again rewrites them): {', '.join(unreadable)}",
            err=True,
        )
    click.echo(f"Dashboard: {index.resolve().as_uri()}", err=True)
