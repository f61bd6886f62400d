"""``densegrade calibrate``: the reference's accuracy over seeds, written as the thresholds."""

from __future__ import annotations

from pathlib import Path

import click

from autograder.api import CALIBRATION_FIRST_SEED, CALIBRATION_SEED_COUNT
from autograder.cli.options import folder_option


@click.command()
@click.argument("assignment")
@click.option(
    "--seeds", type=click.IntRange(1, 1000), default=CALIBRATION_SEED_COUNT, show_default=True,
    help="How many seeds to train with.",
)  # fmt: skip
@click.option(
    "--first-seed", type=click.IntRange(0, 2**31 - 1), default=CALIBRATION_FIRST_SEED,
    show_default=True,
    help="Seeds run from this one up.",
)  # fmt: skip
@folder_option("--root", Path("."), "Project folder holding solutions/.")
@folder_option(
    "--out", None, "Folder for <assignment>.calibration.md and .json [default: ROOT/solutions, "
    "beside the settings].", "out_dir",
)  # fmt: skip
@click.option(
    "--dry-run", is_flag=True, help="Report the proposal without writing the settings file."
)
def calibrate(
    assignment: str, seeds: int, first_seed: int, root: Path, out_dir: Path | None, dry_run: bool
) -> None:
    """Train the reference solution of ASSIGNMENT once per seed and set its thresholds.

    The spec is read from solutions/ASSIGNMENT.ipynb as the build reads it. The report
    gives min / median / max accuracy, time per epoch and the proposed full-credit
    threshold (the worst seed less two standard errors, never above the accuracy the
    notebook promises); the proposal and the spec's fingerprint are written to
    solutions/ASSIGNMENT.toml, so `densegrade build` accepts the thresholds.
    """
    from autograder import api

    click.echo(
        f"Calibrating {assignment}: the reference trains once per seed "
        f"({first_seed}..{first_seed + seeds - 1}), each as long as a student's notebook.",
        err=True,
    )
    seed_list = list(range(first_seed, first_seed + seeds))
    with click.progressbar(
        length=seeds,
        label="Training",
        show_eta=True,
        show_pos=True,
        file=click.get_text_stream("stderr"),
    ) as bar:

        def progress(run: api.SeedRun) -> None:
            outcome = f"accuracy {run.accuracy:.4f}" if run.accuracy is not None else run.error
            bar.update(1)
            left = (seeds - bar.pos) * run.notebook_seconds
            click.echo(
                f"\n  seed {run.seed}: {outcome} ({run.notebook_seconds:.0f} s; "
                f"about {left / 60:.0f} min left)",
                err=True,
            )

        try:
            report = api.calibrate(root, assignment, seed_list, progress)
        except (RuntimeError, api.SettingsError, api.SpecError) as error:
            raise click.ClickException(str(error)) from error
    markdown, _ = api.write_calibration_report(report, out_dir or root / "solutions")
    click.echo(api.render_calibration(report))
    click.echo(f"Report: {markdown}")
    if dry_run:
        click.echo("Settings not written (--dry-run).")
        return
    settings = api.write_thresholds(report, root)
    partial = report.proposed_partial_credit()
    click.echo(
        f"Wrote to {settings}: full_credit_accuracy = {report.proposed_full_credit():.3f}"
        + (f", partial_credit_accuracy = {partial:.3f}" if partial is not None else "")
        + f', calibrated_for = "{report.fingerprint}". Run `densegrade build` next.'
    )
    if report.capped():
        click.echo(report.capped())
