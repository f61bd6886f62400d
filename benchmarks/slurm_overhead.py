"""The same batch graded on this machine and through a single-node Slurm, side by side.

The batch is the demo's samples (both correct notebooks, the mistakes, the truncated
file, the hostile one), with both references kept from a first local run so that every
way grades only the students. Ways alternate (local, Slurm, local, Slurm, ...) on this
2-core machine: ``densegrade grade --workers 2``, and ``densegrade grade --backend
slurm --wait`` on the test suite's single-node Slurm (tests/cluster/single_node.py)
as an unprivileged user, 1 CPU per task. The Slurm time is the whole command: the
doctor job, the array, the collect job. Then the projection for a class on a cluster.

    DENSEGRADE_DATA_DIR=../shared/data .venv/bin/python -m benchmarks.slurm_overhead [ROUNDS]
"""

from __future__ import annotations

import csv
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT
from autograder.drivers.samples import write_samples
from tests.cluster.single_node import start_cluster, temporary_folder
from tests.unprivileged import (
    as_user,
    ensure_user,
    grader_paths,
    owned_folder,
    reachable,
    workspace,
)

GRADE = [sys.executable, "-m", "autograder.cli", "grade"]


def local(folder: Path, out: Path, references: Path) -> float:
    shutil.copytree(references, out / "reference")
    started = time.monotonic()
    command = [*GRADE, str(folder), "--out", str(out), "--no-reports", "--workers", "2"]
    subprocess.run(command, check=True, capture_output=True, cwd=PROJECT_ROOT)
    return time.monotonic() - started


def on_slurm(cluster, user, folder: Path, out: Path, references: Path) -> float:
    owned_folder(out, user)
    shutil.copytree(references, out / "reference")
    for path in [out, *out.rglob("*")]:
        shutil.chown(path, user.pw_name, user.pw_name)
    env = {**cluster.env, "DENSEGRADE_DATA_DIR": os.environ["DENSEGRADE_DATA_DIR"]}
    command = [*GRADE, str(folder), "--out", str(out), "--no-reports", "--backend", "slurm"]
    command += ["--cpus-per-task", "1", "--chunk-size", "2", "--wait"]
    started = time.monotonic()
    finished = as_user(command, user, env, cwd="/")
    assert finished.returncode == 0, finished.stderr[-3000:]
    return time.monotonic() - started


def cpu_seconds(out: Path) -> float:
    """What the submissions took, summed (each on one CPU)."""
    return sum(float(row["seconds"]) for row in csv.DictReader((out / "grades.csv").open()))


def main(rounds: int) -> None:
    user = ensure_user()
    with workspace(user) as work:
        measure(user, work, rounds)


def measure(user, work: Path, rounds: int) -> None:
    folder = owned_folder(work / "class", user)
    for path in write_samples(folder):
        shutil.chown(path, user.pw_name, user.pw_name)
    first = work / "first"
    subprocess.run(
        [*GRADE, str(folder), "--out", str(first), "--no-reports"],
        check=True,
        capture_output=True,
        cwd=PROJECT_ROOT,
    )
    references = first / "reference"
    cluster = start_cluster(temporary_folder(), memory_mib=16 * 1024)
    times: dict[str, list[float]] = {"local": [], "slurm": []}
    try:
        with reachable(*grader_paths()):
            for round_ in range(rounds):
                times["local"].append(local(folder, work / f"local-{round_}", references))
                times["slurm"].append(
                    on_slurm(cluster, user, folder, work / f"slurm-{round_}", references)
                )
                print({way: [round(t) for t in ts] for way, ts in times.items()}, flush=True)
    finally:
        cluster.stop()
    per_submission = cpu_seconds(work / "local-0") / len(list(folder.iterdir()))
    median = {way: statistics.median(ts) for way, ts in times.items()}
    print(
        f"median wall: local {median['local']:.0f} s, Slurm {median['slurm']:.0f} s, "
        f"ratio {median['slurm'] / median['local']:.2f}; {per_submission:.0f} s per submission"
    )
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
