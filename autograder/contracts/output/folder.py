"""The output folder of a batch, declared once: every file in it, and how a result is recorded.

::

    OUT/grades.csv                          one row per submission          (record)
    OUT/results/<submission>.json           every check, points and words   (record)
    OUT/gradescope/<submission>/results.json  the same, Gradescope's format (record)
    OUT/reference/<assignment>.json         each reference solution's result (record_reference)
    OUT/logs/<submission>.log               what the grader and the kernel printed (the pool)
    OUT/notebooks/<submission>.ipynb        the notebook as graded, for TAs (the pool)
    OUT/index.html, OUT/feedback/<page>, OUT/ta/<page>,
    OUT/question_scores_<assignment>.csv    the pages and gradebook columns (reports)
    OUT/similarity_<assignment>.csv,
    OUT/ta/similarity/<assignment>[/<pair>].html  the similarity report, for TAs only (reports)
    OUT/cluster/<run>/                      one Slurm run's own folder
    OUT/data/                               data sets fetched for a Slurm run

The course desk's files (private: grades, comments, tokens; the owner's only):

    OUT/gradebook.sqlite[-wal|-shm]         every point, comment and change (gradebook)
    OUT/course.toml                         due dates, late rule (the instructor's)
    OUT/staff.toml, OUT/.serve-secret       who may grade, the sessions' key (serve)
    OUT/returned/<assignment>/<student>.html  feedback to hand back (export feedback)

The folder is made absolute when declared: a relative one names the same files from any
working directory, and a page served from it resolves the same way.

Modules, templates and messages take every path from :class:`OutputFolder`; nothing else
spells them out.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from autograder.contracts import typed_files
from autograder.contracts.output.gradescope import gradescope_results
from autograder.contracts.results import (
    Currency,
    SubmissionResult,
    currency,
    grades_csv_text,
    load_results,
    read_result,
    safe_file_stem,
)
from autograder.contracts.typed_files import write_atomically


class OutputFolder:
    """One batch's output folder. ``gradebook``: this process keeps ``grades.csv`` (a batch,
    a collect job); a cluster task records results without it (the collect job writes it)."""

    RESULTS, GRADESCOPE, REFERENCE = "results", "gradescope", "reference"
    LOGS, NOTEBOOKS = "logs", "notebooks"
    FEEDBACK, TA = "feedback", "ta"
    CLUSTER, DATA = "cluster", "data"
    GRADES, INDEX = "grades.csv", "index.html"
    GRADEBOOK, COURSE, STAFF, SERVE_SECRET = (
        "gradebook.sqlite", "course.toml", "staff.toml", ".serve-secret"
    )  # fmt: skip
    RETURNED = "returned"
    PRIVATE_MODE = 0o600  # grades, comments, the audit and tokens: the owner's only
    SQLITE_SIDE_FILES = ("-wal", "-shm")  # SQLite's write-ahead log and its index

    def __init__(self, root: Path, gradebook: bool = True) -> None:
        # Absolute from the start: a relative folder means the same from any working
        # directory (Flask resolves a relative one against its package, not the cwd).
        self.root = Path(root).absolute()
        self.gradebook = gradebook
        self.rows: dict[str, SubmissionResult] = {}  # grades.csv, by submission

    # --- where each file is ------------------------------------------------------------

    @property
    def grades_csv(self) -> Path:
        return self.root / self.GRADES

    @property
    def index(self) -> Path:
        return self.root / self.INDEX

    @property
    def results_dir(self) -> Path:
        return self.root / self.RESULTS

    @property
    def references_dir(self) -> Path:
        return self.root / self.REFERENCE

    @property
    def gradescope_dir(self) -> Path:
        return self.root / self.GRADESCOPE

    @property
    def feedback_dir(self) -> Path:
        return self.root / self.FEEDBACK

    @property
    def ta_dir(self) -> Path:
        return self.root / self.TA

    @property
    def cluster_dir(self) -> Path:
        return self.root / self.CLUSTER

    @property
    def data_dir(self) -> Path:
        return self.root / self.DATA

    @property
    def gradebook_file(self) -> Path:
        return self.root / self.GRADEBOOK

    @property
    def course_file(self) -> Path:
        return self.root / self.COURSE

    @property
    def staff_file(self) -> Path:
        return self.root / self.STAFF

    @property
    def serve_secret(self) -> Path:
        return self.root / self.SERVE_SECRET

    def returned_page(self, assignment: str, student: str) -> Path:
        return self.root / self.RETURNED / assignment / f"{safe_file_stem(student)}.html"

    def gradebook_files(self) -> list[Path]:
        """The gradebook and SQLite's files beside it, all private."""
        book = self.gradebook_file
        return [book, *(book.with_name(book.name + end) for end in self.SQLITE_SIDE_FILES)]

    def results_fingerprint(self) -> str:
        """Changes whenever a result file is added, removed or rewritten: a reader takes
        the results in again only then."""
        entries = sorted(
            f"{path.name}:{stat.st_mtime_ns}:{stat.st_size}"
            for path in self.results_dir.glob("*.json")
            if (stat := path.stat())
        )
        return hashlib.sha256("\n".join(entries).encode()).hexdigest()

    def result_file(self, submission: str) -> Path:
        return self.results_dir / f"{submission}.json"

    def gradescope_file(self, submission: str) -> Path:
        return self.gradescope_dir / submission / "results.json"

    def reference_file(self, assignment: str) -> Path:
        return self.references_dir / f"{assignment}.json"

    def log_file(self, submission: str) -> Path:
        return self.root / self.LOGS / f"{submission}.log"

    def notebook_file(self, submission: str) -> Path:
        return self.root / self.NOTEBOOKS / f"{submission}.ipynb"

    def page_name(self, submission: str) -> str:
        """The file name of a submission's two pages (the same in feedback/ and ta/)."""
        return f"{safe_file_stem(submission)}.html"

    def feedback_page(self, submission: str) -> Path:
        return self.feedback_dir / self.page_name(submission)

    def ta_page(self, submission: str) -> Path:
        return self.ta_dir / self.page_name(submission)

    def question_scores(self, assignment: str) -> Path:
        return self.root / f"question_scores_{assignment}.csv"

    def similarity_csv(self, assignment: str) -> Path:
        return self.root / f"similarity_{assignment}.csv"

    def similarity_page(self, assignment: str) -> Path:
        """Under ``ta/``: a TA's page, never linked from a student view."""
        return self.ta_dir / "similarity" / f"{safe_file_stem(assignment)}.html"

    def similarity_pair_page(self, assignment: str, first: str, second: str) -> Path:
        name = f"{safe_file_stem(first)}--{safe_file_stem(second)}.html"
        return self.ta_dir / "similarity" / safe_file_stem(assignment) / name

    def relative(self, path: Path) -> str:
        """``path`` as a link from the folder's top (what results and the dashboard hold)."""
        return path.relative_to(self.root).as_posix()

    def link(self, page: Path, target: Path) -> str:
        """A relative link from the page ``page`` to ``target``, both in this folder."""
        return Path(os.path.relpath(target, page.parent)).as_posix()

    # --- recording and reading results --------------------------------------------------

    def record(self, *results: SubmissionResult, keep_current: bool = False) -> list[str]:
        """Write each result's JSON, its Gradescope file and (with the gradebook) its
        ``grades.csv`` row, every file atomically; the names written.

        ``keep_current``: for processes that race to grade the same file (cluster tasks):
        a current result another wrote first stands, and link(2) lets exactly one writer
        create a result that is not there yet.
        """
        written = []
        for result in results:
            if keep_current and not self._claim(result):
                continue
            if not keep_current:
                typed_files.write(self.result_file(result.submission), result)
            self._write_gradescope(result)
            self.rows[result.submission] = result
            written.append(result.submission)
        if self.gradebook:
            self.write_grades()
        return written

    def keep(self, results: Iterable[SubmissionResult]) -> None:
        """Rows an earlier run recorded, for ``grades.csv`` (their files are already written)."""
        self.rows.update((result.submission, result) for result in results)

    def write_grades(self) -> Path:
        write_atomically(self.grades_csv, grades_csv_text(list(self.rows.values())))
        return self.grades_csv

    def record_reference(self, result: SubmissionResult) -> None:
        typed_files.write(self.reference_file(result.assignment or "unknown"), result)

    def result(self, submission: str) -> SubmissionResult | None:
        return read_result(self.result_file(submission))

    def results(self, unreadable: list[str] | None = None) -> list[SubmissionResult]:
        """Every result this version can read (the others' names go to ``unreadable``)."""
        return load_results(self.results_dir, unreadable)

    def previous(self, grader: str) -> dict[str, SubmissionResult]:
        """Results an earlier run of the grader ``grader`` recorded, by submission name."""
        return {
            result.submission: result
            for result in self.results()
            if currency(result, result.content_sha256, grader) is not Currency.STALE
        }

    def references(self) -> dict[str, SubmissionResult]:
        """Every reference graded in this folder, by assignment."""
        graded = load_results(self.references_dir)
        return {result.assignment: result for result in graded if result.assignment}

    def _write_gradescope(self, result: SubmissionResult) -> None:
        text = json.dumps(gradescope_results(result), indent=2) + "\n"
        write_atomically(self.gradescope_file(result.submission), text)

    def _claim(self, result: SubmissionResult) -> bool:
        """Write ``result`` unless a current one for its file is there; whether it was."""
        target = self.result_file(result.submission)
        staged = target.with_name(f".{target.name}.{os.getpid()}")
        typed_files.write(staged, result)
        try:
            os.link(staged, target)
        except FileExistsError:
            there = read_result(target)
            if currency(there, result.content_sha256, result.grader) is Currency.CURRENT:
                return False  # another task got there first: its result stands
            os.replace(staged, target)
        finally:
            staged.unlink(missing_ok=True)
        return True
