"""Batch grading throughput: sequential `otter run`, `densegrade grade` with 1 and default
workers, and bare `jupyter nbconvert --execute` as the floor, side by side in one run.

    python -m benchmarks.batch_grading [--timeout 90] [--report docs/benchmarks.md]

The batch has 12 submissions of both assignments: references, partly wrong and
untouched notebooks, and one that sleeps until it is stopped. Every way gets the
same wall-clock limit per notebook (`otter run` has none, so GNU `timeout` gives
it one). Needs DENSEGRADE_DATA_DIR (the bare floor and `otter run` are served
the same local data sets through an IPython startup file and the bundle).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT
from autograder.corpus.cases import Case
from autograder.corpus.notebooks import case_notebook
from autograder.drivers.gradescope.config import GradescopeConfig
from autograder.drivers.gradescope.package import write_autograder_zip

ONE_EPOCH = (
    "epochs=10, validation_data",
    "epochs=1, validation_data",
)
SERVE_DATA = "from autograder.kernel.setup import serve_datasets_locally\n"
SERVE_DATA += "serve_datasets_locally()\n"


def write_batch(folder: Path) -> list[Path]:
    """12 submissions: 7 that train (2 for one epoch), 4 untouched, 1 that never ends."""
    folder.mkdir(parents=True)
    notebooks: dict[str, nbformat.NotebookNode] = {}
    for index in range(3):
        notebooks[f"mnist_ref{index}"] = case_notebook(Case("r", "mnist_dense", "", 13))
    for index in range(2):
        notebooks[f"cifar_ref{index}"] = case_notebook(Case("r", "cifar10_dense", "", 13))
    one_epoch = Case("e", "mnist_dense", "", 0, edits=(ONE_EPOCH,))
    notebooks["mnist_one_epoch"] = case_notebook(one_epoch)
    notebooks["cifar_one_epoch"] = case_notebook(
        Case("e", "cifar10_dense", "", 0, edits=(ONE_EPOCH,))
    )
    for assignment in ("mnist_dense", "cifar10_dense"):
        stub = PROJECT_ROOT / "assignments" / assignment / f"{assignment}.ipynb"
        for index in range(2):
            notebooks[f"{assignment.split('_')[0]}_untouched{index}"] = nbformat.read(stub, 4)
    sleeper = case_notebook(Case("s", "mnist_dense", "", 0))
    sleeper.cells.insert(1, nbformat.v4.new_code_cell("import time\ntime.sleep(86400)"))
    notebooks["mnist_sleeps"] = sleeper
    paths = []
    for name, notebook in notebooks.items():
        assignment = notebook.metadata.get("otter", {}).get("assignment_name") or (
            "cifar10_dense" if name.startswith("cifar") else "mnist_dense"
        )
        path = folder / f"{name}_{assignment}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    return paths


def assignment_of(path: Path) -> str:
    return "cifar10_dense" if "cifar10_dense" in path.name else "mnist_dense"


def kernel_pids() -> set[int]:
    import psutil

    found = set()
    for process in psutil.process_iter(["cmdline"]):
        if "ipykernel_launcher" in " ".join(process.info["cmdline"] or []):
            found.add(process.pid)
    return found


def kill_orphan_kernels(before: set[int]) -> int:
    """`otter run` killed at its time limit leaves its kernel running: count and stop them."""
    import psutil

    orphans = kernel_pids() - before
    for pid in orphans:
        with contextlib.suppress(psutil.Error):
            psutil.Process(pid).kill()
    return len(orphans)


def run_otter_sequentially(paths: list[Path], work: Path, timeout: float) -> dict[str, float]:
    bundles = {
        name: write_autograder_zip(
            GradescopeConfig(assignment=name), PROJECT_ROOT, work / f"{name}-autograder.zip"
        )
        for name in ("mnist_dense", "cifar10_dense")
    }
    scores = {}
    for path in paths:
        out = work / "otter" / path.stem
        out.mkdir(parents=True)
        command = ["timeout", "-s", "KILL", str(timeout), sys.executable, "-m", "otter", "run"]
        command += ["-a", str(bundles[assignment_of(path)]), "-o", str(out), str(path)]
        subprocess.run(command, capture_output=True, cwd=work)
        results = out / "results.json"
        if results.is_file():
            tests = json.loads(results.read_text())["tests"]
            scores[path.stem] = sum(test.get("score", 0) for test in tests)
        else:
            scores[path.stem] = 0.0
    return scores


def run_densegrade(paths: list[Path], out: Path, timeout: float, workers: int | None) -> dict:
    command = [sys.executable, "-m", "autograder.cli", "grade", str(paths[0].parent)]
    command.append("--no-reports")  # grading alone, as measured before the reports existed
    command += ["--out", str(out), "--timeout", str(timeout), "--quiet", "--force"]
    if workers:
        command += ["--workers", str(workers)]
    subprocess.run(command, check=True, cwd=PROJECT_ROOT)
    rows = csv.DictReader((out / "grades.csv").open())
    return {row["submission"]: (float(row["score"]), row["status"]) for row in rows}


def run_bare(paths: list[Path], work: Path, timeout: float) -> list[float]:
    """Execute each notebook with nbconvert only: the data sets served, nothing graded."""
    ipython_dir = work / "ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-serve-data.py").write_text(SERVE_DATA)
    env = dict(os.environ, IPYTHONDIR=str(ipython_dir), TF_CPP_MIN_LOG_LEVEL="2")
    seconds = []
    for path in paths:
        command = ["timeout", "-s", "KILL", str(timeout + 30), sys.executable, "-m", "jupyter"]
        command += ["nbconvert", "--execute", "--allow-errors", "--to", "notebook"]
        command += [f"--ExecutePreprocessor.timeout={int(timeout)}", "--output-dir", str(work)]
        command += [str(path)]
        started = time.monotonic()
        subprocess.run(command, capture_output=True, env=env, cwd=work)
        seconds.append(time.monotonic() - started)
    return seconds


def timed(action):
    started = time.monotonic()
    value = action()
    return value, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds per notebook")
    parser.add_argument("--report", type=Path, help="write the Markdown table here")
    args = parser.parse_args()
    if not os.environ.get("DENSEGRADE_DATA_DIR"):
        parser.error("set DENSEGRADE_DATA_DIR to the local data sets")
    work = Path(tempfile.mkdtemp(prefix="densegrade-bench-"))
    try:
        paths = write_batch(work / "batch")
        n = len(paths)
        print(f"{n} submissions, timeout {args.timeout:g} s; cores: {os.cpu_count()}", flush=True)
        bare, bare_total = timed(lambda: run_bare(paths, work / "bare", args.timeout))
        print(f"bare nbconvert: {bare_total:.0f} s", flush=True)
        kernels_before = kernel_pids()
        otter, otter_total = timed(lambda: run_otter_sequentially(paths, work, args.timeout))
        orphans = kill_orphan_kernels(kernels_before)
        print(f"otter run, sequential: {otter_total:.0f} s ({orphans} orphan kernels)", flush=True)
        one, one_total = timed(lambda: run_densegrade(paths, work / "w1", args.timeout, 1))
        print(f"densegrade --workers 1: {one_total:.0f} s", flush=True)
        default, default_total = timed(
            lambda: run_densegrade(paths, work / "wn", args.timeout, None)
        )
        print(f"densegrade (default workers): {default_total:.0f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = render(
        n, args.timeout, bare_total, otter, otter_total, one, one_total, default, default_total
    )
    report += f"\nKernels left running by the sequential `otter run`s: {orphans}.\n"
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    return 0


def render(n, timeout, bare_total, otter, otter_total, one, one_total, default, default_total):
    agree = all(
        abs(otter.get(name, -1) - one[name][0]) < 1e-9 and one[name] == default[name]
        for name in one
    )
    lines = [
        f"Batch of {n} submissions, {timeout:g} s limit per notebook, {os.cpu_count()} cores.",
        "",
        "| way | wall time | submissions per minute | vs sequential otter run |",
        "|---|---|---|---|",
    ]
    for label, total in (
        ("bare `jupyter nbconvert --execute` (floor, no grading)", bare_total),
        ("sequential `otter run`", otter_total),
        ("`densegrade grade --workers 1`", one_total),
        ("`densegrade grade` (default workers)", default_total),
    ):
        lines.append(
            f"| {label} | {total:.0f} s | {60 * n / total:.1f} | {otter_total / total:.2f}x |"
        )
    overhead = (one_total - bare_total) / bare_total
    lines += [
        "",
        f"Grading overhead per submission over bare execution (`--workers 1`): "
        f"{(one_total - bare_total) / n:+.1f} s, {100 * overhead:+.0f}%.",
        f"Scores identical across otter run, --workers 1 and default workers: {agree}.",
        "",
        "| submission | otter run | --workers 1 | default workers |",
        "|---|---|---|---|",
    ]
    for name in sorted(one):
        (one_score, one_status), (many_score, many_status) = one[name], default[name]
        lines.append(
            f"| {name} | {otter.get(name, float('nan')):g} | {one_score:g} ({one_status}) | "
            f"{many_score:g} ({many_status}) |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
