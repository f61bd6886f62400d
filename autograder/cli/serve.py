"""``densegrade serve`` and ``densegrade add-ta``: the TAs' grading app and its staff."""

from __future__ import annotations

from pathlib import Path

import click

from autograder import api
from autograder.api import (
    DEFAULT_PORT,
    DEFAULT_SESSION_HOURS,
    LOCAL,
    LONGEST_SESSION_HOURS,
    CourseFileError,
    GradebookError,
    StaffFileError,
)

OUT = click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
COURSE = click.option(
    "--course",
    "course_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The course file (due dates, late rule, extensions); default: OUT/course.toml.",
)


@click.command()
@OUT
@COURSE
@click.option("--host", default=LOCAL, show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Port (0: any free one).")
@click.option(
    "--session-hours",
    type=click.FloatRange(0, LONGEST_SESSION_HOURS, min_open=True),
    default=DEFAULT_SESSION_HOURS,
    show_default=True,
    help="Hours a TA stays signed in after opening their address (more than 0).",
)
def serve(
    out_dir: Path, course_file: Path | None, host: str, port: int, session_hours: float
) -> None:
    """Grade the written answers of OUT (a `densegrade grade` output folder) in a browser."""
    try:
        api.serve(
            out_dir,
            host,
            port,
            course_file,
            lambda text: click.echo(text, err=True),
            session_hours=session_hours,
        )
    except (GradebookError, CourseFileError, StaffFileError, OSError) as error:
        raise click.ClickException(str(error)) from error


@click.command("add-ta")
@OUT
@click.argument("name")
def add_ta(out_dir: Path, name: str) -> None:
    """Give a TA named NAME their own token for `densegrade serve OUT`."""
    try:
        member = api.add_ta(out_dir, name)
    except StaffFileError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"{member.name}'s token: {member.token}\nTheir address: http://localhost:PORT/?token={member.token}"
    )
