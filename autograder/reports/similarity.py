"""The similarity report's pages, for TAs only: a page per assignment and one per pair.

They live under ``ta/`` (never linked from a student view, never in the Gradescope
files); the dashboard links the assignment's page. Each page says what its signals mean
and what they do not, and the thresholds in force.
"""

from __future__ import annotations

from autograder.output.folder import OutputFolder
from autograder.reports import pages
from autograder.similarity.fingerprints import line_kinds
from autograder.similarity.report import Report
from autograder.typed_files import write_atomically


def write_similarity(report: Report, out: OutputFolder) -> None:
    """The CSV, the assignment's page and a side-by-side page per flagged pair."""
    write_atomically(out.similarity_csv(report.assignment), report.csv_text())
    page = out.similarity_page(report.assignment)
    links = {}
    for finding in report.rows("code") + report.rows("outputs"):
        pair_page = out.similarity_pair_page(report.assignment, finding.first, finding.second)
        links[(finding.kind, finding.first, finding.second)] = out.link(page, pair_page)
        write_atomically(pair_page, _pair_html(report, finding, out, pair_page))
    html = pages.render(
        "similarity.html.j2",
        report=report,
        links=links,
        dashboard=out.link(page, out.index),
        csv=out.link(page, out.similarity_csv(report.assignment)),
        ta=lambda name: out.link(page, out.ta_page(name)),
    )
    write_atomically(page, html)


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
