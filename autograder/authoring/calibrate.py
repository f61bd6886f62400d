"""Calibrate the accuracy thresholds: train the reference solution under many seeds.

Each seed executes ``solutions/<assignment>.ipynb`` in a fresh Jupyter kernel
prepared exactly like a grading kernel (same data layer), seeded with that seed;
the accuracy is then measured by the grader's own check code. The spec is read from
the reference itself (not from a bundle, which a changed reference makes stale), and
the proposal is written to the assignment's settings with the spec's fingerprint.
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from autograder.authoring.settings import read_settings, write_calibrated
from autograder.authoring.spec import read_spec, recorded_spec, served_name, training_fingerprint
from autograder.contracts.assignments import Assignment, Thresholds
from autograder.contracts.otter_format import solved_cells
from autograder.contracts.project import ProjectFolder
from autograder.kernel.setup import setup_source

RESULT_MARKER = "DENSEGRADE_CALIBRATION "
THRESHOLD_STEP = 0.005  # proposals are rounded down to this step
STANDARD_ERRORS = 2  # margin a proposal keeps under the worst seed
REPORT_SUFFIX = ".calibration"  # <name>.calibration.md and .json beside the settings
SEED_COUNT, FIRST_SEED = 10, 1  # a calibration trains with seeds 1..10 unless told otherwise


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
    shipped: Thresholds  # the thresholds in the settings when calibration started
    fingerprint: str = ""  # the spec's training fingerprint the runs stand for
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

    def measured_full_credit(self) -> float:
        """The worst seed less two standard errors, rounded down to the step."""
        worst = min(self.accuracies)
        margin = STANDARD_ERRORS * standard_error(worst, self.test_images)
        floor = math.floor((worst - margin) / THRESHOLD_STEP) * THRESHOLD_STEP
        return round(max(floor, THRESHOLD_STEP), 3)

    def proposed_full_credit(self) -> float:
        """The measured threshold, and never above the notebook's bar."""
        return round(min(self.measured_full_credit(), self.shipped.lesson), 3)

    def capped(self) -> str:
        """Words for a proposal the notebook's bar lowered ("" when it did not)."""
        measured = self.measured_full_credit()
        if measured <= self.shipped.lesson:
            return ""
        return (
            f"Capped by lesson_accuracy = {self.shipped.lesson:g} (what the notebook "
            f"promises): the seeds alone give {measured:.3f}. Raise or remove lesson_accuracy "
            "in the settings and calibrate again if the notebook promises more."
        )

    def proposed_partial_credit(self) -> float | None:
        """The partial-credit threshold kept while it stays below the full-credit one."""
        partial = self.shipped.partial_credit
        return partial if partial is not None and partial < self.proposed_full_credit() else None


def standard_error(accuracy: float, images: int) -> float:
    """Of one accuracy on ``images`` test images; at 0 or 1 as if one image went the
    other way (a perfect score has no spread to measure, not none to allow)."""
    bounded = min(max(accuracy, 1 / images), 1 - 1 / images)
    return math.sqrt(bounded * (1 - bounded) / images)


def run_seed(
    master: Path, spec: Assignment, seed: int, timeout: int = 1800, dataset: str = ""
) -> SeedRun:
    """One training of the reference, in its own folder; ``dataset`` as served while
    authoring (an own ``.npz``'s path), the spec's by default."""
    from nbclient import NotebookClient

    measure = (
        "import json as _json\n"
        "from autograder.checks.hidden.evaluation import measure_accuracy_on as _measure\n"
        f"print({RESULT_MARKER!r} + _json.dumps(_measure(model, {dataset or spec.dataset!r})))"
    )
    cells = [
        nbformat.v4.new_code_cell(setup_source(seed)),
        *solved_cells(master),
        nbformat.v4.new_code_cell(measure),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    started = time.monotonic()
    client = NotebookClient(
        notebook,
        timeout=timeout,
        allow_errors=True,
        record_timing=True,
        resources={"metadata": {"path": str(master.parent.resolve())}},
    )
    try:
        client.execute(stderr=subprocess.DEVNULL)  # TensorFlow's start-up log, not ours
    except Exception as error:  # a dead kernel or a timeout costs this seed only
        return SeedRun(seed, None, None, time.monotonic() - started, f"{error}")
    elapsed = round(time.monotonic() - started, 1)
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if "ename" in o]
    if errors:
        return SeedRun(seed, None, None, elapsed, f"{errors[0]['ename']}: {errors[0]['evalue']}")
    per_epoch = _seconds_per_epoch(notebook, spec.epochs)
    return SeedRun(seed, _printed_accuracy(notebook), per_epoch, elapsed)


def _printed_accuracy(notebook: nbformat.NotebookNode) -> float:
    for output in notebook.cells[-1].get("outputs", []):
        for line in output.get("text", "").splitlines():
            if line.startswith(RESULT_MARKER):
                return round(float(line[len(RESULT_MARKER) :]), 4)
    raise RuntimeError("the calibration cell printed no accuracy")


def _seconds_per_epoch(notebook: nbformat.NotebookNode, epochs: int) -> float | None:
    for cell in notebook.cells:
        if cell.cell_type == "code" and ".fit(" in cell.source:
            timing = cell.metadata.get("execution", {})
            start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
            if start and end:
                seconds = (_timestamp(end) - _timestamp(start)).total_seconds()
                return round(seconds / epochs, 2)
    return None


def _timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def reference_spec(project_root: Path, assignment: str) -> tuple[Path, Assignment, str]:
    """The reference notebook, the spec read from it now (the bundle's when current), and
    its data set as served while authoring."""
    master = ProjectFolder(project_root).reference(assignment)
    if not master.is_file():
        known = [path.stem for path in ProjectFolder(project_root).references()]
        raise RuntimeError(
            f"no reference notebook {master}; references here: {', '.join(known) or 'none'}"
        )
    settings = read_settings(master)
    spec = read_spec(master, settings, recorded_spec(project_root, assignment))
    return master, spec, served_name(settings)


def calibrate(
    project_root: Path,
    assignment: str,
    seeds: list[int],
    progress: Callable[[SeedRun], None] | None = None,
) -> CalibrationReport:
    from autograder.checks.hidden.evaluation import prepared_test_set_of

    master, spec, served = reference_spec(project_root, assignment)
    report = CalibrationReport(
        assignment,
        test_images=len(prepared_test_set_of(served)[1]),
        shipped=spec.thresholds,
        fingerprint=training_fingerprint(spec),
    )
    for seed in seeds:
        run = run_seed(master, spec, seed, dataset=served)
        report.runs.append(run)
        if progress:
            progress(run)
    if not report.accuracies:
        raise RuntimeError(f"every seed failed; first error: {report.runs[0].error}")
    return report


def write_thresholds(report: CalibrationReport, project_root: Path) -> Path:
    """Write the proposal and the spec's fingerprint into the assignment's settings."""
    master = ProjectFolder(project_root).reference(report.assignment)
    return write_calibrated(
        master,
        full_credit=report.proposed_full_credit(),
        partial_credit=report.proposed_partial_credit(),
        fingerprint=report.fingerprint,
    )


def render_markdown(report: CalibrationReport) -> str:
    shipped = report.shipped
    summary = report.summary()
    worst = summary["min"]
    proposed = report.proposed_full_credit()
    lines = [
        f"# Calibration: `{report.assignment}`",
        "",
        f"The reference solution (`solutions/{report.assignment}.ipynb`) trained "
        f"{len(report.runs)} times, once per seed, in a kernel prepared like a grading "
        f"kernel; accuracy measured by the grader on {report.test_images:,} test images. "
        f"Spec fingerprint: `{report.fingerprint}`.",
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
        f"rounded down to {THRESHOLD_STEP}{_cap_words(shipped.lesson)}): "
        f"{proposed:.3f}; margin under the worst seed: {worst - proposed:+.4f}.",
        f"- Full-credit threshold before this calibration: {shipped.full_credit:.3f}; every "
        f"seed clears it: "
        f"{'yes' if all(a >= shipped.full_credit for a in report.accuracies) else 'NO'}.",
    ]
    if report.capped():
        lines.append(f"- {report.capped()}")
    partial = report.proposed_partial_credit()
    if shipped.partial_credit is not None:
        kept = f"kept: {partial:.3f}" if partial is not None else "dropped (not below full)"
        lines.append(f"- Partial-credit threshold {shipped.partial_credit:.3f}: {kept}.")
    return "\n".join(lines) + "\n"


def _cap_words(lesson: float) -> str:
    return f", at most the notebook's {lesson:.2f}" if lesson < 1 else ", no lesson_accuracy cap"


def report_paths(out_dir: Path, assignment: str) -> tuple[Path, Path]:
    stem = f"{assignment}{REPORT_SUFFIX}"
    return out_dir / f"{stem}.md", out_dir / f"{stem}.json"


def write_report(report: CalibrationReport, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown, data = report_paths(out_dir, report.assignment)
    markdown.write_text(render_markdown(report), encoding="utf-8")
    payload = {**asdict(report), "summary": report.summary()}
    data.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return markdown, data
