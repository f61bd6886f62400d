"""What the commands share: folder options, and how a batch's failures end a command."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from click.core import ParameterSource

from autograder.api import REFERENCE_FAILED, BuildError, DatasetError, ReferenceCheckFailed


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


def given_options(names: list[str]) -> list[tuple[str, str]]:
    """``(name, flag)`` of each of the current command's parameters ``names`` that the user
    gave, on the command line or in the environment (not a default, even an equal one)."""
    context = click.get_current_context()
    flags = {param.name: param.opts[0] for param in context.command.params}
    given = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)
    return [(name, flags[name]) for name in names if context.get_parameter_source(name) in given]


@contextlib.contextmanager
def batch_errors(out_dir: Path) -> Iterator[None]:
    """A batch's failures as messages and exit statuses; `kill` stops it like Ctrl-C
    (sandboxes stopped, results so far kept)."""
    signal.signal(signal.SIGTERM, lambda signum, frame: _raise(KeyboardInterrupt()))
    try:
        yield
    except (FileNotFoundError, ValueError, DatasetError, BuildError) as error:
        raise click.ClickException(str(error)) from error
    except ReferenceCheckFailed as error:
        click.echo(f"Error: grading stopped before any student: {error}", err=True)
        sys.exit(REFERENCE_FAILED)
    except KeyboardInterrupt:
        resume = "run the same command to resume"
        click.echo(f"\nInterrupted. Results so far are in {out_dir}; {resume}.", err=True)
        sys.exit(130)


def _raise(error: BaseException) -> None:
    raise error
