"""What one Gradescope run needs: wall time and memory per submission, at 1 and 0.5 CPU.

    python -m benchmarks.gradescope_resources [--quotas 1,0.5] [--memory-gib 12]
        [--memory-gib-for mnist_dense=3,cifar10_dense=6] [--cifar-test-images 10000]
        [--smallest-from 1]

Builds each assignment's autograder zip and its image in the simulated Gradescope of
``tests/gradescope/harness.py`` (a private root, no network, Docker's capabilities),
then grades the reference solution and the lesson's own code (the lesson-verbatim
corpus cases) once per CPU quota, one container at a time, each in a cgroup with that
quota (``cpu.cfs_quota_us``) and ``--memory-gib`` of memory. For each run it prints
the wall time of ``run_autograder``, the container's peak memory (the cgroup's
``memory.max_usage_in_bytes``: every process, page cache included) and the kernel's
own peak, with the status and score. Gradescope's settings in docs/gradescope.md come
from these numbers.

``--smallest-from 1`` then searches, for each notebook, the smallest container (in
steps of 0.25 GiB, between that size and its ``--memory-gib``) in which it still gets
full marks, by bisection at the first quota, and prints one row per container tried.
The rows give the notebook's charged peak, the grader's resident memory beside the
kernel and the judge's peak (after the kernel is gone). The container's peak is no
measure of the grader's overhead: shared library pages count in the kernel's resident
set but were charged to the cgroup that first read them, so it can be below the
notebook's own peak.

``--cifar-test-images 10000`` grades CIFAR-10 against a test set of that size, as
Gradescope's download has, built for the benchmark by repeating the 1,000 offline test
images (the data check verifies the first 1,000 rows, which are the real ones).
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np

from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT
from autograder.corpus.cases import CASES
from autograder.corpus.notebooks import write_corpus
from autograder.drivers.gradescope.config import GradescopeConfig
from autograder.drivers.gradescope.package import write_autograder_zip
from autograder.drivers.samples import SAMPLES, write_samples
from tests.gradescope.harness import GIB, Gradescope

ASSIGNMENTS = ("mnist_dense", "cifar10_dense")
LESSON_CASES = tuple(case for case in CASES if case.name.endswith("_lesson_verbatim"))
STEP_GIB = 0.25
REFERENCES = tuple(sample for sample in SAMPLES if sample.description == "correct")


def notebooks(folder: Path) -> list[tuple[str, str, Path]]:
    """(assignment, label, path): each assignment's reference and its lesson-verbatim code."""
    found = [
        (s.assignment, "reference solution", p)
        for s, p in zip(REFERENCES, write_samples(folder / "references", REFERENCES), strict=True)
    ]
    for case, path in zip(LESSON_CASES, write_corpus(folder / "lesson", LESSON_CASES), strict=True):
        found.append((case.assignment, "the lesson's code", path))
    return sorted(found, key=lambda item: (ASSIGNMENTS.index(item[0]), item[1]))


def test_set_of(rows: int, data_dir: Path, folder: Path) -> Path:
    """A copy of ``data_dir`` whose CIFAR-10 test set has ``rows`` images (the offline ones,
    repeated); MNIST as it is."""
    copy = folder / "data"
    (copy / "cifar10").mkdir(parents=True)
    # copied, not linked: the container sees only the folder bound into it
    shutil.copytree(data_dir / "mnist", copy / "mnist")
    with np.load(data_dir / "cifar10" / "cifar10.npz") as saved:
        arrays = {key: saved[key] for key in saved.files}
    for key in ("x_test", "y_test"):
        repeats = -(-rows // len(arrays[key]))
        arrays[key] = np.concatenate([arrays[key]] * repeats)[:rows]
    np.savez(copy / "cifar10" / "cifar10.npz", **arrays)
    return copy


def measure(
    quotas: list[float], memory: dict[str, int], folder: Path, data_dir: Path
) -> list[dict]:
    zips = {
        name: write_autograder_zip(GradescopeConfig(assignment=name), PROJECT_ROOT, folder / name)
        for name in ASSIGNMENTS
    }
    rows = []
    for quota in quotas:
        containers = {n: Gradescope(folder, zips[n], cpus=quota, memory=memory[n]) for n in zips}
        if quota == quotas[0]:
            built = containers["mnist_dense"].build_image(data_dir)
            assert built.returncode == 0, built.stderr[-3000:]
        for assignment, label, path in notebooks(folder / f"notebooks-{quota}"):
            rows.append(row_of(containers[assignment], assignment, label, path))
    return rows


def row_of(container: Gradescope, assignment: str, label: str, path: Path) -> dict:
    """One graded run, measured."""
    run = container.grade({path.name: path.read_bytes()})
    peaks = {key: _peak(run.output, key) for key in ("charged", "grader", "judge")}
    row = {
        "cpus": container.cpus,
        "memory_gib": round(container.memory / GIB, 2),
        "assignment": assignment,
        "notebook": label,
        "status": run.results.get("extra_data", {}).get("status"),
        "score": run.results.get("score"),
        "full": _possible(run.results) > 0 and run.results.get("score") == _possible(run.results),
        "seconds": round(run.seconds),
        "container_gib": round(run.peak_memory / GIB, 2),
        "kernel_gib": peaks["charged"],
        "beside_gib": peaks["grader"],
        "judge_gib": peaks["judge"],
    }
    print(row, flush=True)
    return row


def _peak(output: str, key: str) -> float | None:
    found = re.search(rf"'{key}_bytes': (\d+)", output)
    return round(int(found[1]) / GIB, 2) if found else None


def _possible(results: dict) -> float:
    return sum(test.get("max_score", 0) for test in results.get("tests", []))


def smallest(
    quota: float, memory: dict[str, int], lowest_gib: float, folder: Path, data_dir: Path
) -> list[dict]:
    """For each notebook, bisect the container size (0.25 GiB steps) between
    ``lowest_gib`` (assumed too small) and ``memory`` (tried first) for full marks."""
    zips = {
        name: write_autograder_zip(GradescopeConfig(assignment=name), PROJECT_ROOT, folder / name)
        for name in ASSIGNMENTS
    }
    built = Gradescope(folder, zips["mnist_dense"], cpus=quota, memory=8 * GIB)
    image = built.build_image(data_dir)
    assert image.returncode == 0, image.stderr[-3000:]
    rows: list[dict] = []
    for assignment, label, path in notebooks(folder / "notebooks"):
        size = _bisect(rows, (folder, zips[assignment], quota), (assignment, label, path),
                       lowest_gib, memory[assignment] / GIB)  # fmt: skip
        print(f"smallest container for {assignment}, {label}: {size} GiB", flush=True)
    return rows


def _bisect(rows: list[dict], image: tuple, notebook: tuple, low: float, high: float):
    """The smallest size in (low, high] with full marks (None if not even ``high``),
    appending a row for each size tried."""

    def full_marks(gib: float) -> bool:
        folder, autograder_zip, quota = image
        container = Gradescope(folder, autograder_zip, cpus=quota, memory=int(gib * GIB))
        rows.append(row_of(container, *notebook))
        return rows[-1]["full"]

    if not full_marks(high):
        return None
    while high - low > STEP_GIB:
        middle = round((low + high) / 2 / STEP_GIB) * STEP_GIB
        middle = min(max(middle, low + STEP_GIB), high - STEP_GIB)
        low, high = (low, middle) if full_marks(middle) else (middle, high)
    return high


def render(rows: list[dict]) -> str:
    lines = [
        "| CPUs | container (GiB) | assignment | notebook | status | score | wall time (s) "
        "| container peak (GiB) | notebook charged (GiB) "
        "| grader beside kernel (GiB) | judge peak (GiB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['cpus']:g} | {row['memory_gib']:g} | {row['assignment']} | "
            f"{row['notebook']} | {row['status']} | {row['score']} | {row['seconds']} | "
            f"{row['container_gib']} | {row['kernel_gib']} | "
            f"{row['beside_gib']} | {row['judge_gib']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotas", default="1,0.5", help="CPU quotas, comma-separated")
    parser.add_argument("--memory-gib", type=float, default=12.0, help="each container's")
    parser.add_argument(
        "--memory-gib-for", default="", help="per assignment: mnist_dense=3,cifar10_dense=6"
    )
    parser.add_argument("--cifar-test-images", type=int, default=0, help="0: the offline set")
    parser.add_argument(
        "--smallest-from", type=float, default=0.0, help="bisect each notebook's container"
    )
    args = parser.parse_args()
    quotas = [float(q) for q in args.quotas.split(",")]
    memory = {name: int(args.memory_gib * GIB) for name in ASSIGNMENTS}
    for pair in filter(None, args.memory_gib_for.split(",")):
        name, _, gib = pair.partition("=")
        memory[name] = int(float(gib) * GIB)
    data_dir = PROJECT_ROOT.parent / "shared" / "data"
    with tempfile.TemporaryDirectory(prefix="densegrade-gradescope-bench-") as scratch:
        if args.cifar_test_images:
            data_dir = test_set_of(args.cifar_test_images, data_dir, Path(scratch))
        if args.smallest_from:
            rows = smallest(quotas[0], memory, args.smallest_from, Path(scratch), data_dir)
        else:
            rows = measure(quotas, memory, Path(scratch), data_dir)
    print(render(rows))


if __name__ == "__main__":
    main()
