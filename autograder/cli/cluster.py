"""``densegrade grade --backend slurm`` and the commands its jobs run: ``worker``,
``collect`` and ``doctor`` (:mod:`autograder.drivers.cluster`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from autograder import api
from autograder.api import (
    REFERENCE_FAILED,
    BarReporter,
    CollectEnded,
    DatasetError,
    JobsQueued,
    JsonLinesReporter,
    Limits,
    NodesChecked,
    ReferenceCheckFailed,
    RunPlanned,
    RunRefused,
    ScriptsWritten,
    SlurmError,
    SlurmEvent,
    SlurmOptions,
)


def slurm_options(command):
    """The options of ``grade --backend slurm`` (refused by the local backend)."""
    options = [
        click.option("--partition", help="Slurm: the partition to queue on."),
        click.option("--account", help="Slurm: the account to charge."),
        click.option(
            "--time-per-task",
            default=SlurmOptions.time_per_task,
            show_default=True,
            help="Slurm: time limit of each array task (chunks take about half of it).",
        ),
        click.option(
            "--cpus-per-task",
            type=click.IntRange(min=1),
            default=SlurmOptions.cpus_per_task,
            show_default=True,
            help="Slurm: CPUs of each task; it grades that many submissions at once.",
        ),
        click.option(
            "--mem-per-task",
            type=click.FloatRange(min=1),
            help="Slurm: GiB of each task [default: 6 per CPU].",
        ),
        click.option(
            "--max-running",
            type=click.IntRange(min=1),
            help="Slurm: array tasks running at once (the array's %N).",
        ),
        click.option(
            "--sbatch-line",
            "sbatch_lines",
            multiple=True,
            help="Slurm: one more #SBATCH line for every job, e.g. '--qos=short' (repeatable).",
        ),
        click.option(
            "--chunk-size",
            type=click.IntRange(min=1),
            help="Slurm: submissions per array task [default: about half the task's time].",
        ),
        click.option("--dry-run", is_flag=True, help="Slurm: write the scripts, queue nothing."),
        click.option(
            "--wait", is_flag=True, help="Slurm: wait for the grades; exit with the run's status."
        ),
        click.option(
            "--allow-weak-isolation",
            is_flag=True,
            help="Slurm: queue a large run even on nodes whose doctor reports 'limits only'.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def grade_on_slurm(
    paths: list[Path],
    out_dir: Path,
    limits: Limits,
    force: bool,
    reports: bool,
    tell: Callable[[SlurmEvent], None],
    **slurm,
) -> None:
    """``grade --backend slurm``: :func:`autograder.drivers.cluster.submit.grade_on_slurm`, its
    events told to ``tell``; with ``--wait``, exits with the run's status."""
    options = SlurmOptions(
        partition=slurm["partition"],
        account=slurm["account"],
        time_per_task=slurm["time_per_task"],
        cpus_per_task=slurm["cpus_per_task"],
        memory_per_task_gib=slurm["mem_per_task"],
        max_running=slurm["max_running"],
        extra_lines=tuple(slurm["sbatch_lines"]),
        chunk_size=slurm["chunk_size"],
        reports=reports,
    )
    try:
        result = api.grade_on_slurm(
            paths,
            out_dir,
            limits,
            options,
            force,
            dry_run=slurm["dry_run"],
            wait=slurm["wait"],
            allow_weak_isolation=slurm["allow_weak_isolation"],
            on_event=tell,
        )
    except (SlurmError, RunRefused, ValueError, DatasetError) as error:
        raise click.ClickException(str(error)) from error
    if result.status is not None:
        if result.status.error:  # an error: shown whatever the output mode
            click.echo(f"Error: {result.status.error}", err=True)
        sys.exit(result.status.exit_status)


def slurm_printer(quiet: bool, json_lines: bool) -> Callable[[SlurmEvent], None]:
    """How the run's events are shown: nothing, JSON lines on standard output, or text."""
    if quiet:
        return lambda event: None
    if json_lines:
        reporter = JsonLinesReporter()
        return lambda event: reporter.emit(api.slurm_event_payload(event))
    return _print_event


def _print_event(event: SlurmEvent) -> None:
    """For people: progress on standard error; a dry run's scripts on standard output."""
    match event:
        case RunPlanned():
            references = "to grade first" if event.references_needed else "kept"
            click.echo(
                f"Run {event.run_dir}: {event.submissions} submissions, {event.to_grade} to "
                f"grade in {event.chunks} tasks of up to {event.chunk_size}; references "
                f"{references}.",
                err=True,
            )
        case ScriptsWritten():
            for script in event.scripts.values():
                click.echo(f"--- {script} ---\n{script.read_text()}")
            click.echo("Dry run: nothing was queued.", err=True)
        case NodesChecked():
            click.echo(api.render_node_report(event.report), err=True)
        case JobsQueued():
            queued = ", ".join(f"{kind} job {job}" for kind, job in event.jobs.items())
            click.echo(
                f"Queued: {queued}.\nGrades will be in {event.grades_csv} when job "
                f"{event.jobs['collect']} ends; logs in {event.logs}. Run the same command "
                "again to grade what a failed task left.",
                err=True,
            )
        case CollectEnded():
            status = event.status
            counts = ", ".join(f"{n} {kind}" for kind, n in sorted(status.counts.items()))
            click.echo(
                f"Collect job {event.job} ended (exit {status.exit_status}): {counts}.", err=True
            )


@click.command(hidden=True)
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--chunk", type=click.IntRange(min=0), help="The chunk to grade (the array index).")
@click.option("--references", is_flag=True, help="Grade the reference solutions instead.")
@click.option("--workers", type=click.IntRange(min=1), help="[default: the task's CPUs]")
def worker(run_dir: Path, chunk: int | None, references: bool, workers: int | None) -> None:
    """Grade one chunk of a cluster run (what each array task runs)."""
    if (chunk is None) == (not references):
        raise click.UsageError("give exactly one of --chunk N and --references")
    manifest = _manifest(run_dir)
    reporter = JsonLinesReporter()
    try:
        if references:
            failed = api.grade_cluster_references(manifest, reporter)
            if failed:
                click.echo(f"Error: no student will be graded by this run: {failed}", err=True)
                sys.exit(REFERENCE_FAILED)
            return
        written = api.grade_cluster_chunk(manifest, chunk, workers, reporter)
        reporter.emit({"event": "written", "submissions": [r.submission for r in written]})
    except ReferenceCheckFailed as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(REFERENCE_FAILED)
    except ValueError as error:
        raise click.ClickException(str(error)) from error


@click.command(hidden=True)
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--reports/--no-reports", default=api.GradeOptions.reports, show_default=True)
def collect(run_dir: Path, reports: bool) -> None:
    """Write the grades of a cluster run from its results (what the collect job runs)."""
    try:
        collected = api.collect_run(run_dir, reports)
    except ValueError as error:  # no readable manifest
        raise click.ClickException(str(error)) from error
    BarReporter(1).summary(collected.results)
    if collected.gradebook_problem:
        click.echo(f"Warning: {collected.gradebook_problem}", err=True)
    if collected.references_failed:
        click.echo(f"Error: {collected.references_failed}", err=True)
    elif collected.not_graded:
        names = ", ".join(result.submission for result in collected.not_graded[:10])
        click.echo(f"Not graded yet: {names}: run the same grade command again.", err=True)
    sys.exit(collected.exit_status)


@click.command()
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as JSON here.",
)
@click.option(
    "--assignment", "assignments", multiple=True, help="Verify its data set (repeatable)."
)
def doctor(json_file: Path | None, assignments: tuple[str, ...]) -> None:
    """Report what this machine gives the grader: isolation level, CPUs, memory, packages,
    data sets. Slurm runs it on a compute node before queuing a run."""
    report = api.node_report(assignments)
    if json_file:
        api.write_node_report(report, json_file)
    click.echo(api.render_node_report(report))


def _manifest(run_dir: Path):
    try:
        return api.run_manifest(run_dir)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
