"""Calibrate the accuracy thresholds: train the reference solution under many seeds.

Each seed executes ``solutions/<assignment>.ipynb`` in a fresh Jupyter kernel
prepared exactly like a grading kernel (same data layer), seeded with that seed;
the accuracy is then measured by the grader's own check code.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from autograder.assignments import get_assignment
from autograder.kernel.setup import setup_source
from autograder.otter_format import solved_cells

RESULT_MARKER = "DENSEGRADE_CALIBRATION "
THRESHOLD_STEP = 0.005  # proposals are rounded down to this step
STANDARD_ERRORS = 2  # margin a proposal keeps under the worst seed


@dataclass
class SeedRun:
    seed: int
    accuracy: float | None
    seconds_per_epoch: float | None
    notebook_seconds: float
    error: str = ""


@dataclass
class CalibrationReport:
    assignment: str
    test_images: int
    runs: list[SeedRun] = field(default_factory=list)

    @property
    def accuracies(self) -> list[float]:
        return [run.accuracy for run in self.runs if run.accuracy is not None]

    def summary(self) -> dict[str, float]:
        values = self.accuracies
        epochs = [run.seconds_per_epoch for run in self.runs if run.seconds_per_epoch]
        return {
            "min": min(values),
            "median": statistics.median(values),
            "max": max(values),
            "median_seconds_per_epoch": statistics.median(epochs) if epochs else float("nan"),
        }

    def proposed_full_credit(self) -> float:
        """The worst seed less two standard errors, and never above the lesson's bar."""
        worst = min(self.accuracies)
        margin = STANDARD_ERRORS * standard_error(worst, self.test_images)
        floor = math.floor((worst - margin) / THRESHOLD_STEP) * THRESHOLD_STEP
        return round(min(floor, get_assignment(self.assignment).thresholds.lesson), 3)


def standard_error(accuracy: float, images: int) -> float:
    return math.sqrt(accuracy * (1 - accuracy) / images)


def run_seed(master: Path, assignment: str, seed: int, timeout: int = 1800) -> SeedRun:
    from nbclient import NotebookClient

    measure = (
        "import json as _json\n"
        "from autograder.checks.hidden.evaluation import measure_test_accuracy as _measure\n"
        f"print({RESULT_MARKER!r} + _json.dumps(_measure(model, {assignment!r})))"
    )
    cells = [
        nbformat.v4.new_code_cell(setup_source(seed)),
        *solved_cells(master),
        nbformat.v4.new_code_cell(measure),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    started = time.monotonic()
    client = NotebookClient(notebook, timeout=timeout, allow_errors=True, record_timing=True)
    try:
        client.execute()
    except Exception as error:  # a dead kernel or a timeout costs this seed only
        return SeedRun(seed, None, None, time.monotonic() - started, f"{error}")
    elapsed = round(time.monotonic() - started, 1)
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if "ename" in o]
    if errors:
        return SeedRun(seed, None, None, elapsed, f"{errors[0]['ename']}: {errors[0]['evalue']}")
    epochs = get_assignment(assignment).epochs
    return SeedRun(seed, _printed_accuracy(notebook), _seconds_per_epoch(notebook, epochs), elapsed)


def _printed_accuracy(notebook: nbformat.NotebookNode) -> float:
    for output in notebook.cells[-1].get("outputs", []):
        for line in output.get("text", "").splitlines():
            if line.startswith(RESULT_MARKER):
                return round(float(line[len(RESULT_MARKER) :]), 4)
    raise RuntimeError("the calibration cell printed no accuracy")


def _seconds_per_epoch(notebook: nbformat.NotebookNode, epochs: int) -> float | None:
    for cell in notebook.cells:
        if cell.cell_type == "code" and "model.fit(" in cell.source:
            timing = cell.metadata.get("execution", {})
            start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
            if start and end:
                seconds = (_timestamp(end) - _timestamp(start)).total_seconds()
                return round(seconds / epochs, 2)
    return None


def _timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def calibrate(
    project_root: Path,
    assignment: str,
    seeds: list[int],
    progress: Callable[[SeedRun], None] | None = None,
) -> CalibrationReport:
    from autograder.checks.hidden.evaluation import prepared_test_set

    master = project_root / "solutions" / f"{get_assignment(assignment).name}.ipynb"
    report = CalibrationReport(assignment, test_images=len(prepared_test_set(assignment)[1]))
    for seed in seeds:
        run = run_seed(master, assignment, seed)
        report.runs.append(run)
        if progress:
            progress(run)
    if not report.accuracies:
        raise RuntimeError(f"every seed failed; first error: {report.runs[0].error}")
    return report


def render_markdown(report: CalibrationReport) -> str:
    shipped = get_assignment(report.assignment).thresholds
    summary = report.summary()
    worst = summary["min"]
    lines = [
        f"# Calibration: `{report.assignment}`",
        "",
        f"The reference solution (`solutions/{report.assignment}.ipynb`) trained "
        f"{len(report.runs)} times, once per seed, in a kernel prepared like a grading "
        f"kernel; accuracy measured by the grader on {report.test_images:,} test images.",
        "",
        "| seed | test accuracy | seconds per epoch | notebook seconds | error |",
        "|---|---|---|---|---|",
    ]
    for run in report.runs:
        accuracy = f"{run.accuracy:.4f}" if run.accuracy is not None else "-"
        epoch = f"{run.seconds_per_epoch:.2f}" if run.seconds_per_epoch else "-"
        lines.append(
            f"| {run.seed} | {accuracy} | {epoch} | {run.notebook_seconds:.0f} | {run.error} |"
        )
    se = standard_error(worst, report.test_images)
    lines += [
        "",
        f"- Accuracy min / median / max: {worst:.4f} / {summary['median']:.4f} / "
        f"{summary['max']:.4f}; median {summary['median_seconds_per_epoch']:.2f} s per epoch.",
        f"- Standard error of one accuracy at {worst:.4f} on {report.test_images:,} images: "
        f"{se:.4f}.",
        f"- Proposed full-credit threshold (worst seed less {STANDARD_ERRORS} standard errors, "
        f"rounded down to {THRESHOLD_STEP}, at most the lesson's {shipped.lesson:.2f}): "
        f"{report.proposed_full_credit():.3f}.",
        f"- Shipped full-credit threshold: {shipped.full_credit:.3f}; margin under the worst "
        f"seed: {worst - shipped.full_credit:+.4f}; every seed clears it: "
        f"{'yes' if all(a >= shipped.full_credit for a in report.accuracies) else 'NO'}.",
    ]
    if shipped.partial_credit is not None:
        lines.append(f"- Shipped partial-credit threshold: {shipped.partial_credit:.3f}.")
    return "\n".join(lines) + "\n"


def write_report(report: CalibrationReport, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown = out_dir / f"{report.assignment}.md"
    markdown.write_text(render_markdown(report), encoding="utf-8")
    data = out_dir / f"{report.assignment}.json"
    payload = {**asdict(report), "summary": report.summary()}
    data.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return markdown, data
