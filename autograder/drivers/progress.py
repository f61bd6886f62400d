"""How a batch tells its progress: a live bar for people, JSON lines for scripts, or nothing.

Reporters are told when the batch starts, when each submission starts and
finishes (from several worker threads), and when all is done.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from typing import TextIO

from autograder.contracts.results import SubmissionResult, format_table, score_text
from autograder.contracts.statuses import Status
from autograder.execution.events import Reporter
from autograder.submissions import Submission, is_reference


class Tally:
    """Counts and an estimate of the time left, shared by the human-facing reporters."""

    def __init__(self) -> None:
        self.total = self.skipped = 0
        self.counts: Counter[str] = Counter()
        self.running: dict[str, float] = {}
        self.graded_seconds: list[float] = []
        self.started_at = time.monotonic()
        self.lock = threading.Lock()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def eta_seconds(self, workers: int) -> float | None:
        if not self.graded_seconds:
            return None
        mean = sum(self.graded_seconds) / len(self.graded_seconds)
        left = self.total - self.done
        return mean * left / max(1, min(workers, left or 1))

    def line(self, workers: int) -> str:
        failed = sum(n for status, n in self.counts.items() if Status(status).stopped_early)
        eta = self.eta_seconds(workers)
        parts = [
            f"{self.done}/{self.total} done",
            f"{failed} failed",
            f"{self.counts['timeout']} timed out",
        ]
        if self.skipped:
            parts.append(f"{self.skipped} unchanged")
        parts.append(f"{len(self.running)} running")
        parts.append(f"ETA {_duration(eta)}" if eta is not None and self.done < self.total else "")
        return ", ".join(part for part in parts if part)


class BarReporter(Reporter):
    """A live bar on a terminal; one line per finished submission otherwise (logs, CI).

    Progress goes to standard error; the final table of results to standard output.
    """

    def __init__(
        self,
        workers: int,
        stream: TextIO | None = None,
        table_stream: TextIO | None = None,
        width: int = 28,
    ) -> None:
        self.workers, self.width = workers, width
        self.stream = stream or sys.stderr
        self.table_stream = table_stream or sys.stdout
        self.live = self.stream.isatty()
        self.tally = Tally()

    def start(self, total: int, skipped: int, references: int = 0) -> None:
        self.tally.total, self.tally.skipped = total + references, skipped
        note = f" ({skipped} unchanged since the last run: skipped)" if skipped else ""
        if references:
            plural = "s" * (references != 1)
            note += f", after {references} reference solution{plural} (to check the grader)"
        self._print(f"Grading {total} submission{'s' * (total != 1)}{note}")

    def started(self, submission: Submission, name: str) -> None:
        with self.tally.lock:
            self.tally.running[name] = time.monotonic()
            self._redraw()

    def stopped(self, name: str) -> None:
        with self.tally.lock:
            self.tally.running.pop(name, None)

    def finished(self, result: SubmissionResult, skipped: bool = False) -> None:
        with self.tally.lock:
            self.tally.running.pop(result.submission, None)
            self.tally.counts[result.status] += 1
            if not skipped:
                if result.status == Status.OK:
                    self.tally.graded_seconds.append(result.seconds)
                self._print(_result_line(result))
            self._redraw()

    def note(self, text: str) -> None:
        with self.tally.lock:
            self._print(f"Note: {text}")

    def summary(self, results: list[SubmissionResult]) -> None:
        if self.live:
            self.stream.write("\r\033[K")
        elapsed = time.monotonic() - self.tally.started_at
        tally = Counter(str(result.status) for result in results)
        counts = ", ".join(f"{n} {status}" for status, n in sorted(tally.items()))
        self.table_stream.write(f"\n{format_table(results)}\n")
        self.table_stream.flush()
        self._print(f"\n{len(results)} graded in {_duration(elapsed)}: {counts or 'nothing'}")

    def _redraw(self) -> None:
        if not self.live:
            return
        total = max(1, self.tally.total)
        filled = int(self.width * self.tally.done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r\033[K[{bar}] {self.tally.line(self.workers)}")
        self.stream.flush()

    def _print(self, text: str) -> None:
        if self.live:
            self.stream.write("\r\033[K")
        self.stream.write(text + "\n")
        self.stream.flush()


class JsonLinesReporter(Reporter):
    """``--json-lines``: one JSON object per event on standard output, for scripts."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.lock = threading.Lock()

    def start(self, total: int, skipped: int, references: int = 0) -> None:
        self.emit(
            {"event": "start", "total": total, "unchanged": skipped, "references": references}
        )

    def started(self, submission: Submission, name: str) -> None:
        self.emit({"event": "started", "submission": name, "student": submission.student})

    def finished(self, result: SubmissionResult, skipped: bool = False) -> None:
        event = "unchanged" if skipped else "graded"
        if is_reference(result.submission):
            event = "reference"  # a reference solution, graded first to check the grader
        self.emit({"event": event, **result.csv_row()})

    def note(self, text: str) -> None:
        self.emit({"event": "note", "text": text})

    def summary(self, results: list[SubmissionResult]) -> None:
        counts = Counter(result.status for result in results)
        self.emit({"event": "summary", "total": len(results), "statuses": dict(counts)})

    def emit(self, payload: dict) -> None:
        with self.lock:
            self.stream.write(json.dumps(payload) + "\n")
            self.stream.flush()


def _result_line(result: SubmissionResult) -> str:
    outcome = score_text(result) if result.status == Status.OK else result.reason
    return f"  {result.status:<7} {result.submission}: {outcome} ({result.seconds:.0f} s)"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"
