"""``densegrade export``: final grades to Canvas, Moodle or a plain CSV; feedback pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from autograder import api
from autograder.api import (
    MOODLE_IDENTIFIERS,
    MOODLE_MATCH_BY,
    CanvasFileError,
    CourseFileError,
    ExportRefused,
    GradebookError,
    MoodleFileError,
)

OUT = click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
SOURCE = click.Path(path_type=Path, dir_okay=False, exists=True)
TARGET = click.Path(path_type=Path, dir_okay=False)
PROBLEMS = (
    CourseFileError,
    GradebookError,
    CanvasFileError,
    MoodleFileError,
    ExportRefused,
    OSError,
)


def common(command: Callable) -> Callable:
    """The options every export shares, gathered into ``options``."""
    command = click.option("--assignment", help="The assignment (needed when OUT holds several).")(
        command
    )
    command = click.option(
        "--course", "course_file", type=SOURCE, help="The course file; default: OUT/course.toml."
    )(command)
    return click.option(
        "--allow-ungraded",
        is_flag=True,
        help="Export although written answers are ungraded (they count 0).",
    )(command)


@click.group()
def export() -> None:
    """Final grades (penalties applied) for the LMS, and feedback to hand back."""


@export.command()
@OUT
@click.option(
    "--gradebook",
    "source",
    type=SOURCE,
    required=True,
    help="The CSV exported from Canvas's gradebook.",
)
@click.option("--out", "target", type=TARGET, required=True, help="The CSV to import into Canvas.")
@click.option(
    "--column", help="The assignment's column (its title or id); default: the course file's title."
)
@click.option(
    "--missing-zero",
    is_flag=True,
    help="0 for Canvas students with no submission (default: empty).",
)
@click.option(
    "--rescale",
    is_flag=True,
    help="Scale the grades to the column's Points Possible when Canvas's differ from ours.",
)
@common
def canvas(
    out_dir, source, target, column, missing_zero, rescale, assignment, course_file, allow_ungraded
) -> None:
    """Fill the assignment's column of a Canvas gradebook export (nothing else changes)."""
    options = api.ExportOptions(assignment, course_file, allow_ungraded)
    _report(
        lambda: api.export_canvas(out_dir, source, target, options, column, missing_zero, rescale)
    )


@export.command()
@OUT
@click.option(
    "--roster",
    "source",
    type=SOURCE,
    required=True,
    help="A CSV exported from Moodle (participants or grades).",
)
@click.option("--out", "target", type=TARGET, required=True, help="The CSV to import into Moodle.")
@click.option("--title", help="The grade column's title; default: the assignment's name.")
@click.option(
    "--by", type=click.Choice(list(MOODLE_IDENTIFIERS)), default=MOODLE_MATCH_BY, show_default=True
)
@common
def moodle(out_dir, source, target, title, by, assignment, course_file, allow_ungraded) -> None:
    """Write a Moodle grade import CSV, students identified by email or ID number."""
    options = api.ExportOptions(assignment, course_file, allow_ungraded)
    _report(lambda: api.export_moodle(out_dir, source, target, options, title, by))


@export.command("csv")
@OUT
@click.option("--out", "target", type=TARGET, required=True, help="The CSV to write.")
@common
def plain(out_dir, target, assignment, course_file, allow_ungraded) -> None:
    """Write student, assignment, autograded, manual, penalty and final for any LMS."""
    _report(
        lambda: api.export_plain(
            out_dir, target, api.ExportOptions(assignment, course_file, allow_ungraded)
        )
    )


@export.command()
@OUT
@common
def feedback(out_dir, assignment, course_file, allow_ungraded) -> None:
    """Write OUT/returned/<assignment>/<student>.html: the student view with the TAs'
    comments and the final grade, one file per student."""
    _report(
        lambda: api.export_feedback(
            out_dir, api.ExportOptions(assignment, course_file, allow_ungraded)
        )
    )


def _report(run: Callable[[], api.Exported]) -> None:
    try:
        done = run()
    except PROBLEMS as error:
        raise click.ClickException(str(error)) from error
    where = done.written[0].parent if len(done.written) > 1 else (done.written or ["nothing"])[0]
    click.echo(f"{done.assignment}: {done.graded} submission(s) written to {where}", err=True)
    if done.pending:
        click.echo(
            f"Warning: {done.pending} written answer(s) were not graded (counted 0).", err=True
        )
    _names("Not written, no LMS student matches", done.unmatched)
    _names(
        "Handed in a file that could not be graded (invalid), written as its points", done.broken
    )
    _names(
        "Not graded (the grader failed: grade them again), no grade written, the LMS's own "
        "stays", done.not_graded,
    )  # fmt: skip
    _names("Assignment unknown (an unreadable file), in no LMS column", done.unassigned)
    kept = set(done.kept)
    _names(
        "LMS students without a submission",
        [f"{name} (keeps the grade in the LMS's file)" if name in kept else name
         for name in done.missing],
    )  # fmt: skip


def _names(title: str, names: list[str]) -> None:
    if names:
        click.echo(f"{title} ({len(names)}):", err=True)
        for name in names:
            click.echo(f"    {name}", err=True)
