"""What the commands share: folder options, and how a batch's failures end a command."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from autograder.build import BuildError
from autograder.data import DatasetError
from autograder.reference import REFERENCE_FAILED, ReferenceCheckFailed


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
