"""Step 5 of a submission's story: pages people read.

- ``DIR/feedback/<submission>.html``: the student view of one submission, safe to hand out;
- ``DIR/ta/<submission>.html``: the TA view, with the hidden checks and their code;
- ``DIR/index.html``: the class dashboard, linking both;
- ``DIR/question_scores_<assignment>.csv``: per-question points for the gradebook.

Every page is one self-contained file (images inline, no network) that opens from disk.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from autograder import reference as reference_module
from autograder.free_response import manual_questions
from autograder.reports import dashboard, feedback, pages
from autograder.reports.comparison import comparison_sections
from autograder.results import (
    RESULTS_DIR,
    SubmissionResult,
    load_results,
    safe_file_stem,
    score_text,
    write_atomically,
)

FEEDBACK_DIR, TA_DIR, INDEX = "feedback", "ta", "index.html"


def write_reports(
    results: list[SubmissionResult],
    out_dir: Path,
    references: dict[str, SubmissionResult | None],
) -> Path:
    """Write every page for ``results``; returns the dashboard's path."""
    file_names = {
        result.submission: f"{safe_file_stem(result.submission)}.html" for result in results
    }
    for result in results:
        write_feedback(result, references.get(result.assignment or ""), out_dir, file_names)
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
            section["reference_full_marks"] = reference_module.full_marks(reference)
            section["reference_score"] = score_text(reference)
        write_atomically(
            out_dir / section["csv_name"], dashboard.question_scores_csv(group, manual)
        )
        sections.append(section)
    index = out_dir / INDEX
    html = pages.render(
        "dashboard.html.j2",
        script_file="dashboard.js",
        sections=sections,
        rows=dashboard.table_rows(results, file_names),
        statuses=sorted({result.status for result in results}),
        total=len(results),
    )
    write_atomically(index, html)
    return index


def write_feedback(
    result: SubmissionResult,
    reference: SubmissionResult | None,
    out_dir: Path,
    file_names: dict[str, str],
) -> None:
    """Both views of one submission; a page that cannot be made says so in its place."""
    name = file_names[result.submission]
    try:
        comparison = comparison_sections(result, reference)
    except Exception as error:  # one odd result must not cost the class its pages
        problem = f"The comparison with the reference could not be drawn ({error!r})."
        comparison = {"has_evidence": False, "comparison_problem": problem}
    for view, folder in ((feedback.STUDENT, FEEDBACK_DIR), (feedback.TA, TA_DIR)):
        context = feedback.feedback_context(result, reference, view, comparison)
        html = pages.render("feedback.html.j2", file_name=name, **context)
        write_atomically(out_dir / folder / name, html)


def rewrite_reports(out_dir: Path) -> tuple[Path, list[str]]:
    """The pages of a folder graded earlier, from its results and references alone;
    returns the dashboard and the result files that could not be read (left out)."""
    unreadable: list[str] = []
    results = load_results(out_dir / RESULTS_DIR, unreadable)
    if not results:
        raise FileNotFoundError(f"no readable results in {out_dir / 'results'}: grade first")
    return write_reports(results, out_dir, reference_module.load_all(out_dir)), unreadable
