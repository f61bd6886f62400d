"""How long the similarity report takes for a class: 100 and 500 notebooks.

    .venv/bin/python -m benchmarks.similarity_report [SIZES] [--rounds N]

Each class is :func:`autograder.corpus.integrity.build_class` (honest students: the
corpus's honest variants and the lesson pasted, each notebook with its own saved training
log; per 50 students a disguised copy, two notebooks of one run and the leaked
reference), written as notebooks to a temporary folder. The report is timed as a batch
makes it: reading every submitted notebook, fingerprinting, pairing, and writing the CSV
and the TA pages, every round with cold caches (the filtered lines, the boilerplate). Sizes
run side by side in one process, the median of the rounds shown.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import SubmissionResult
from autograder.contracts.statuses import Status
from autograder.corpus.integrity import build_class
from autograder.reports.similarity import write_similarity
from autograder.similarity import fingerprints, notebooks, programs
from autograder.similarity.report import similarity_report


def write_class(size: int, folder: Path) -> list[SubmissionResult]:
    results = []
    for name, notebook in build_class(size).items():
        path = folder / f"{name}.ipynb"
        nbformat.write(notebook, path)
        results.append(SubmissionResult(name, name, str(path), "mnist_dense", Status.OK))
    return results


def timed(results: list[SubmissionResult], out: OutputFolder) -> tuple[float, dict]:
    cold = (fingerprints._line_text, fingerprints.boilerplate, notebooks.bundle_code)
    cold += (fingerprints.boilerplate_statements, programs.statement_marks)
    for cached in cold:
        cached.cache_clear()  # every round cold, as a batch's first report is
    start = time.perf_counter()
    report = similarity_report("mnist_dense", results)
    write_similarity(report, out)
    seconds = time.perf_counter() - start
    counts = {kind: len(report.rows(kind)) for kind in ("code", "outputs", "reference")}
    return seconds, counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 500])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="densegrade-similarity-") as scratch:
        classes = {}
        for size in args.sizes:
            folder = Path(scratch) / f"class-{size}"
            folder.mkdir()
            classes[size] = write_class(size, folder)
        times: dict[int, list[float]] = {size: [] for size in args.sizes}
        counts = {}
        for _ in range(args.rounds):
            for size, results in classes.items():
                seconds, counts[size] = timed(results, OutputFolder(Path(scratch) / f"out-{size}"))
                times[size].append(seconds)
    print("| notebooks | report (median s) | rounds | code pairs | output pairs | reference |")
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        c = counts[size]
        print(
            f"| {size} | {statistics.median(times[size]):.2f} | {args.rounds} | {c['code']} | "
            f"{c['outputs']} | {c['reference']} |"
        )


if __name__ == "__main__":
    main()
