"""The similarity report's pages, for TAs only: a page per assignment and one per pair.

They live under ``ta/`` (never linked from a student view, never in the Gradescope
files); the dashboard links the assignment's page. Each page says what its signals mean
and what they do not, and the thresholds in force.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.typed_files import write_atomically
from autograder.reports import pages, plots
from autograder.similarity.fingerprints import line_kinds
from autograder.similarity.pairs import Thresholds
from autograder.similarity.report import Report, similarity_report


class NoResultsToCompare(ValueError):
    """An output folder with no result of any assignment."""


def rewrite_similarity(out_dir: Path, thresholds: Thresholds | None = None) -> dict[str, Report]:
    """``densegrade similarity``: each assignment's report written again from the results
    in ``out_dir`` with ``thresholds`` (the defaults: a batch's), without grading."""
    out = OutputFolder(out_dir)
    groups: dict[str, list] = defaultdict(list)
    for result in out.results():
        if result.assignment:
            groups[result.assignment].append(result)
    if not groups:
        raise NoResultsToCompare(f"{out_dir}: no results to compare")
    reports = {}
    for assignment, group in sorted(groups.items()):
        reports[assignment] = similarity_report(assignment, group, thresholds, out.root)
        write_similarity(reports[assignment], out)
    return reports


def write_similarity(report: Report, out: OutputFolder) -> None:
    """The CSV, the assignment's page and a side-by-side page per flagged pair."""
    write_atomically(out.similarity_csv(report.assignment), report.csv_text())
    page = out.similarity_page(report.assignment)
    links = {}
    written = {}
    for finding in report.rows("code") + report.rows("outputs") + report.rows("ranked"):
        pair_page = out.similarity_pair_page(report.assignment, finding.first, finding.second)
        links[(finding.kind, finding.first, finding.second)] = out.link(page, pair_page)
        if written.setdefault((finding.first, finding.second), finding) is finding:
            write_atomically(pair_page, _pair_html(report, finding, out, pair_page))
    html = pages.render(
        "similarity.html.j2",
        report=report,
        links=links,
        distribution=distribution(report),
        dashboard=out.link(page, out.index),
        csv=out.link(page, out.similarity_csv(report.assignment)),
        ta=lambda name: out.link(page, out.ta_page(name)),
    )
    write_atomically(page, html)


def distribution(report: Report) -> str | None:
    """Every pair's score (those sharing nothing at 0), the threshold drawn on it, on a log
    count axis: the honest pairs crowd at the left, a copy stands out to the right."""
    if report.pairs == 0:
        return None
    scores = report.pair_scores
    return plots.histogram(
        [0.0, *scores],
        weights=[report.pairs - len(scores), *[1] * len(scores)],
        bins=[i / 20 for i in range(21)],
        xlabel="pair score (share of the smaller answer both hold)",
        threshold=report.thresholds.pair_score,
        threshold_label=f"listed from {report.thresholds.pair_score:g}",
        ylabel="pairs (log scale)",
        log=True,
    )


def _pair_html(report: Report, finding, out: OutputFolder, page) -> str:
    first, second = report.work[finding.first], report.work[finding.second]
    return pages.render(
        "similarity_pair.html.j2",
        report=report,
        finding=finding,
        sides=[
            (finding.first, line_kinds(first.code, second.code, report.assignment)),
            (finding.second, line_kinds(second.code, first.code, report.assignment)),
        ],
        back=out.link(page, out.similarity_page(report.assignment)),
    )
