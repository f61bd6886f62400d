"""``densegrade similarity``: the similarity report of a graded folder, without grading."""

from __future__ import annotations

from pathlib import Path

import click

from autograder import api
from autograder.api import NoResultsToCompare, OutputFolder, SimilarityThresholds

DEFAULTS = SimilarityThresholds()


class Share(click.ParamType):
    """A share of an answer or of the class: a number from 0 to 1 (never ``nan``)."""

    name = "share"

    def convert(self, value, param, ctx) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not 0 <= number <= 1:  # also false for nan
            self.fail(f"{value} is not a share from 0 to 1", param, ctx)
        return number


SHARE = Share()


@click.command()
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--pair-score",
    type=SHARE,
    default=DEFAULTS.pair_score,
    show_default=True,
    help="Share of the smaller answer's fingerprints both hold, to list a pair.",
)
@click.option(
    "--min-shared",
    type=click.IntRange(min=1),
    default=DEFAULTS.min_shared,
    show_default=True,
    help="Fingerprints two answers must share at the least.",
)
@click.option(
    "--min-statements",
    type=click.IntRange(min=1),
    default=DEFAULTS.min_statements,
    show_default=True,
    help="Canonical statements (what the code does, however written) shared at the least.",
)
@click.option(
    "--common-share",
    type=SHARE,
    default=DEFAULTS.common_share,
    show_default=True,
    help="A fingerprint more of the class holds than this is everyone's.",
)
@click.option(
    "--reference-score",
    type=SHARE,
    default=DEFAULTS.reference_score,
    show_default=True,
    help="Share of an answer that is the reference's, to flag it.",
)
@click.option(
    "--top-pairs",
    type=click.IntRange(min=0),
    default=DEFAULTS.top_pairs,
    show_default=True,
    help="The class's most similar pairs listed with their rank, under the threshold too.",
)
def similarity(
    out_dir: Path, pair_score, min_shared, min_statements, common_share, reference_score, top_pairs
) -> None:
    """Write OUT/similarity_<assignment>.csv and its TA pages (OUT/ta/similarity/) from
    the results in OUT: shared code, shared saved outputs, the hidden reference. A signal
    for TAs: no score changes."""  # fmt: skip
    thresholds = SimilarityThresholds(
        pair_score, min_shared, min_statements, common_share, reference_score, top_pairs
    )
    out = OutputFolder(out_dir)
    try:
        reports = api.rewrite_similarity(out_dir, thresholds)
    except NoResultsToCompare as error:
        raise click.ClickException(str(error)) from error
    for assignment, report in reports.items():
        click.echo(
            f"{assignment}: {report.compared} compared, {len(report.flagged)} finding(s): "
            f"{out.similarity_page(assignment).resolve().as_uri()}",
            err=True,
        )
