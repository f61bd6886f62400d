"""Step 5 of a submission's story: pages people read (where each goes: the output folder,
:class:`~autograder.contracts.output.folder.OutputFolder`).

- the student view of each submission (``feedback/``), safe to hand out;
- the TA view (``ta/``), with the hidden checks and their code;
- the class dashboard (``index.html``), linking both;
- per-question points for the gradebook (``question_scores_<assignment>.csv``).

Every page is one self-contained file (images inline, no network) that opens from disk.

May import: contracts, student_imports, submissions, data, kernel, checks, judging,
execution, authoring, similarity.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import SubmissionResult, score_text
from autograder.contracts.typed_files import write_atomically
from autograder.reports import dashboard, feedback, pages
from autograder.reports.comparison import comparison_sections
from autograder.reports.similarity import write_similarity
from autograder.similarity.report import similarity_report
from autograder.submissions.free_response import manual_questions


def write_reports(
    results: list[SubmissionResult],
    out: OutputFolder,
    references: dict[str, SubmissionResult | None],
) -> Path:
    """Write every page for ``results``; returns the dashboard's path."""
    for result in results:
        write_feedback(result, references.get(result.assignment or ""), out)
    by_assignment: dict[str, list[SubmissionResult]] = defaultdict(list)
    for result in results:
        if result.assignment:
            by_assignment[result.assignment].append(result)
    sections = []
    for assignment in sorted(by_assignment):
        group = by_assignment[assignment]
        manual = [question["name"] for question in manual_questions(assignment)]
        section = dashboard.assignment_section(assignment, group)
        reference = section["reference"] = references.get(assignment)
        if reference is not None:
            section["reference_full_marks"] = reference.full_marks
            section["reference_score"] = score_text(reference)
        scores = out.question_scores(assignment)
        section["csv_name"] = out.relative(scores)
        write_atomically(scores, dashboard.question_scores_csv(group, manual))
        section["similarity"] = _similarity(assignment, group, out)
        sections.append(section)
    index = out.index
    html = pages.render(
        "dashboard.html.j2",
        script_file="dashboard.js",
        feedback_folder=out.FEEDBACK,
        sections=sections,
        rows=dashboard.table_rows(results, out),
        statuses=sorted({result.status for result in results}),
        total=len(results),
    )
    write_atomically(index, html)
    return index


def _similarity(assignment: str, group: list[SubmissionResult], out: OutputFolder) -> dict:
    """The assignment's similarity report (its CSV and TA pages), for the dashboard's link;
    a failure is said there and costs nothing else: every result is already written."""
    try:
        report = similarity_report(assignment, group, kept_notebooks=out.root)
        write_similarity(report, out)
    except Exception as error:  # a report that cannot be made must not cost the pages
        return {"problem": f"The similarity report could not be made ({error!r})."}
    flagged = len(report.flagged)
    return {"page": out.relative(out.similarity_page(assignment)), "flagged": flagged}


def write_feedback(
    result: SubmissionResult, reference: SubmissionResult | None, out: OutputFolder
) -> None:
    """Both views of one submission; a page that cannot be made says so in its place."""
    try:
        comparison = comparison_sections(result, reference)
    except Exception as error:  # one odd result must not cost the class its pages
        problem = f"The comparison with the reference could not be drawn ({error!r})."
        comparison = {"has_evidence": False, "comparison_problem": problem}
    pages_of = {feedback.STUDENT: out.feedback_page, feedback.TA: out.ta_page}
    for view, page_of in pages_of.items():
        page = page_of(result.submission)
        context = feedback.feedback_context(result, reference, view, comparison)
        html = pages.render("feedback.html.j2", links=_links(result, out, page), **context)
        write_atomically(page, html)


def _links(result: SubmissionResult, out: OutputFolder, page: Path) -> dict[str, str]:
    """Where a page links to: the dashboard, the student view, the log, the notebook (TAs)."""
    links = {
        "dashboard": out.link(page, out.index),
        "student_view": out.link(page, out.feedback_page(result.submission)),
    }
    if out.log_file(result.submission).is_file():  # a file never run has none
        links["log"] = out.link(page, out.log_file(result.submission))
    if result.notebook:  # the executed notebook: the template shows it to TAs only
        links["notebook"] = out.link(page, out.root / result.notebook)
    return links


def rewrite_reports(out_dir: Path) -> tuple[Path, list[str]]:
    """The pages of a folder graded earlier, from its results and references alone;
    returns the dashboard and the result files that could not be read (left out)."""
    out = OutputFolder(out_dir)
    unreadable: list[str] = []
    results = out.results(unreadable)
    if not results:
        raise FileNotFoundError(f"no readable results in {out.results_dir}: grade first")
    return write_reports(results, out, out.references()), unreadable
