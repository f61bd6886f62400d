"""One assignment's similarity report: the flagged pairs and submissions, and the rest.

Rows of ``OUT/similarity_<assignment>.csv``, one per finding:

- ``code``: two submissions share answer code beyond the lesson, the handout and what
  the class has in common (score: the share of the smaller answer held by both);
- ``outputs``: two notebooks saved the same training numbers (score: how many);
- ``reference``: a submission's answer code is mostly the hidden reference's;
- ``not_compared``: why a submission was left out (no answer code, unreadable, ...).

A signal for a TA, never a score: nothing here changes a grade.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass, field
from pathlib import Path

from autograder.contracts.results import SubmissionResult
from autograder.contracts.statuses import Status
from autograder.similarity.fingerprints import Fingerprint, fingerprint
from autograder.similarity.notebooks import (
    NotComparable,
    StudentWork,
    bundle_code,
    read_submitted,
    student_work,
)
from autograder.similarity.outputs import precise_numbers, shared_outputs
from autograder.similarity.pairs import (
    Pair,
    Thresholds,
    flagged,
    pair_scores,
    reference_share,
)

COLUMNS = ("kind", "first", "second", "score", "detail", "rank")
CONTEXT_KINDS = ("ranked", "not_compared")  # rows that are context, not findings


@dataclass(frozen=True)
class Finding:
    kind: str
    first: str
    second: str = ""
    score: float = 0.0
    detail: str = ""
    rank: int | None = None  # a ``ranked`` pair's place among the class's pairs


@dataclass
class Report:
    assignment: str
    thresholds: Thresholds
    compared: int = 0
    findings: list[Finding] = field(default_factory=list)
    work: dict[str, StudentWork] = field(default_factory=dict)  # for the side-by-side pages
    pair_scores_by_pair: dict[tuple[str, str], float] = field(default_factory=dict)

    @property
    def pairs(self) -> int:
        """How many pairs the class has, sharing anything or not."""
        return self.compared * (self.compared - 1) // 2

    @property
    def pair_scores(self) -> list[float]:
        """The score of every pair that shares anything (the others score 0)."""
        return list(self.pair_scores_by_pair.values())

    @property
    def flagged(self) -> list[Finding]:
        return [f for f in self.findings if f.kind not in CONTEXT_KINDS]

    def rows(self, kind: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind == kind]

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for f in self.findings:
            rank = "" if f.rank is None else f.rank
            writer.writerow([f.kind, f.first, f.second, f"{f.score:g}", f.detail, rank])
        return out.getvalue()


def similarity_report(
    assignment: str,
    results: list[SubmissionResult],
    thresholds: Thresholds | None = None,
    kept_notebooks: Path | None = None,
) -> Report:
    """``kept_notebooks``: the output folder, whose ``notebooks/`` copies stand in for
    submitted files no longer where they were graded (their code only: their outputs are
    the grader's run, not the student's)."""
    thresholds = thresholds or Thresholds()
    report = Report(assignment, thresholds)
    prints: dict[str, Fingerprint] = {}
    numbers = {}
    for result in sorted(results, key=lambda r: r.submission):
        if result.status == Status.INVALID:  # the wrong assignment, an unreadable file
            detail = f"not gradable as {assignment}: {result.reason}"
            report.findings.append(Finding("not_compared", result.submission, detail=detail))
            continue
        try:
            work = _work(result, assignment, kept_notebooks)
        except NotComparable as reason:
            report.findings.append(Finding("not_compared", result.submission, detail=str(reason)))
            continue
        report.work[result.submission] = work
        prints[result.submission] = fingerprint(work.code, assignment)
        numbers[result.submission] = precise_numbers(work.outputs)
    report.compared = len(prints)
    scored = pair_scores(prints, thresholds)
    report.pair_scores_by_pair = {(pair.first, pair.second): pair.score for pair in scored}
    for pair in flagged(scored, thresholds):
        report.findings.append(Finding("code", pair.first, pair.second, pair.score, pair.detail))
    report.findings += ranked_pairs(scored, report.pairs, thresholds)
    for pair in shared_outputs(numbers, thresholds.common_share):
        shown = ", ".join(pair.values[:8])
        detail = f"{len(pair.values)} training numbers in a row saved alike: {shown}"
        report.findings.append(
            Finding("outputs", pair.first, pair.second, len(pair.values), detail)
        )
    reference = fingerprint("\n".join(bundle_code(assignment)["reference"]), assignment)
    for name, print_ in prints.items():
        share, held, signal = reference_share(print_, reference, thresholds)
        if share >= thresholds.reference_score:
            detail = f"{held} of its {signal} are the hidden reference solution's"
            report.findings.append(Finding("reference", name, "", round(share, 3), detail))
    return report


def ranked_pairs(scored: list[Pair], total: int, thresholds: Thresholds) -> list[Finding]:
    """The class's most similar pairs with their rank among all ``total`` pairs, listed or
    not: a TA sees a pair standing above the rest of the class even under the threshold."""
    rows = []
    for rank, pair in enumerate(scored[: thresholds.top_pairs], start=1):
        below = total - sum(1 for other in scored if other.score >= pair.score)
        detail = (
            f"rank {rank} of {total:,} pairs, above {100 * below / max(1, total):.1f}% of them; "
            f"{pair.detail}"
        )
        rows.append(Finding("ranked", pair.first, pair.second, pair.score, detail, rank))
    return rows


def _work(result: SubmissionResult, assignment: str, kept: Path | None) -> StudentWork:
    try:
        return student_work(result.submission, assignment, read_submitted(result.path))
    except NotComparable:
        if kept is None or not result.notebook or not (kept / result.notebook).is_file():
            raise
    work = student_work(result.submission, assignment, read_submitted(str(kept / result.notebook)))
    return dataclasses.replace(work, outputs="")
