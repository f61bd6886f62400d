"""``densegrade verify``: grade each reference solution once and name every check it fails."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from autograder.cli.options import REFERENCE_FAILED, folder_option


@click.command()
@click.argument("assignments", nargs=-1)
@folder_option("--out", None, "Keep the references' results and logs here.", "out_dir")
def verify(assignments: tuple[str, ...], out_dir: Path | None) -> None:
    """Grade the reference solution of each ASSIGNMENT (default: all) against its bundle.

    Exactly the grading a batch does first: a reference must get full marks. Each
    failing check is named with its message, and the likely cause is said (a reference
    changed since `densegrade build`, or the grader's environment). Exit 3 when one fails.
    """
    from autograder.api import UnknownAssignment, likely_cause, reference_verdict, verify_references

    with tempfile.TemporaryDirectory(prefix="densegrade-verify-") as scratch:
        try:
            results = verify_references(out_dir or Path(scratch), assignments)
        except UnknownAssignment as error:
            raise click.ClickException(str(error)) from error
        failing = []
        for assignment, result in sorted(results.items()):
            if result.full_marks:
                click.echo(f"{assignment}: the reference gets full marks ({result.score:g}).")
                continue
            failing.append(assignment)
            click.echo(f"{assignment}: the reference {reference_verdict(result)}")
            click.echo(f"  likely cause: {likely_cause(assignment)}")
    if not results:
        raise click.ClickException(
            "no reference solution here (solutions/ is not beside the package)"
        )
    if failing:
        sys.exit(REFERENCE_FAILED)
