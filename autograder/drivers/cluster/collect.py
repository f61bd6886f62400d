"""Step 3 of a cluster run: the collect job writes the class's grades from what the tasks
left, after the last task has ended, however it ended.

Every submission of the manifest gets its row: its result if a task wrote one, the
result of the byte-identical file it copies, or (when no task finished it) a row
without a score that says so and is graded by the next run. Then ``grades.csv``,
the Gradescope files and the pages, as ``densegrade grade`` writes them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from autograder.contracts import typed_files
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import Currency, SubmissionResult, currency
from autograder.desk.gradebook import take_in
from autograder.drivers import reference
from autograder.drivers.cluster.manifest import Entry, Manifest, RunFolder, run_manifest
from autograder.drivers.cluster.status import CollectStatus
from autograder.drivers.resume import same_result
from autograder.reports import write_reports

ALL_GRADED, SOME_NOT_GRADED = 0, 4  # the collect job's exit statuses (and REFERENCE_FAILED)
RERUN = "run the same `densegrade grade --backend slurm` command to grade it"


@dataclass
class Collected:
    results: list[SubmissionResult]
    references: dict[str, SubmissionResult]
    references_failed: str  # what the failing references got; "" when they all passed
    gradebook_problem: str = ""  # why the gradebook was not updated ("" when it was)

    @property
    def not_graded(self) -> list[SubmissionResult]:
        return [result for result in self.results if result.grader_failed]

    @property
    def exit_status(self) -> int:
        if self.references_failed:
            return reference.REFERENCE_FAILED
        return SOME_NOT_GRADED if self.not_graded else ALL_GRADED


def collect_run(run_dir: Path, reports: bool = True) -> Collected:
    """What the collect job does (``densegrade collect``): every submission's row written,
    then the job's last word, the status file ``--wait`` reads."""
    collected = collect(run_manifest(run_dir), run_dir, reports)
    counts = Counter(str(result.status) for result in collected.results)
    status = CollectStatus(collected.exit_status, dict(counts))
    typed_files.write(RunFolder(run_dir).collect_status, status)
    return collected


def collect(manifest: Manifest, run_dir: Path, reports: bool = True) -> Collected:
    """Every submission's row, written to the run's output folder."""
    out = OutputFolder(Path(manifest.out_dir))
    references = out.references()
    failed = reference.failed_check(manifest.needed, out, manifest.grader)
    found: dict[str, SubmissionResult] = {}
    for entry in sorted(manifest.entries, key=lambda e: e.same_as is not None):  # copies last
        result = _result_of(entry, manifest, found, out)
        if result is None:
            reason = (
                f"not graded: {failed}, so the grader was not trusted with this run"
                if failed
                else "not graded yet: the cluster task that "
                f"had it ended before grading it (its log is in {RunFolder(run_dir).logs}); {RERUN}"
            )
            result = reference.not_graded(entry.task(), entry.assignment, manifest.grader, reason)
        found[entry.name] = result
    results = sorted(found.values(), key=lambda result: result.submission)
    out.record(*results)
    if reports:
        write_reports(results, out, references)
    return Collected(results, references, failed, take_in(out.root, results))


def _result_of(
    entry: Entry, manifest: Manifest, found: dict[str, SubmissionResult], out: OutputFolder
) -> SubmissionResult | None:
    """The entry's result by this grader for this file, if a task wrote one (a failure of
    the grader's included: its row says what failed)."""
    if entry.same_as is not None:
        original = found.get(entry.same_as)
        if original is None or original.grader_failed:
            return None
        return same_result(original, entry.task(), out)
    result = out.result(entry.name)
    if currency(result, entry.digest, manifest.grader) is Currency.STALE:
        return None
    return result
