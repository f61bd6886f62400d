"""``densegrade grade --backend slurm`` against a real single-node Slurm
(:mod:`tests.cluster.single_node`), submitted by an unprivileged user whose jobs grade
in rootless isolation: the demo's samples get what ``densegrade grade`` gave them, and
a run cancelled after its first chunk is finished by a rerun that grades only the rest.
(At the top level, so it runs after the simulated Gradescope, which builds its image
while the demo fixture they share is made.)
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.contracts import typed_files
from autograder.drivers.cluster.manifest import RunFolder
from autograder.drivers.cluster.status import CollectStatus, QueuedJobs
from tests.cluster.single_node import start_cluster, temporary_folder
from tests.conftest import SAMPLES_ON_EVERY_BACKEND, samples_on_every_backend, seed_references
from tests.unprivileged import (
    as_user,
    ensure_user,
    grader_paths,
    owned_folder,
    reachable,
    workspace,
)

pytestmark = pytest.mark.notebook
GRADE = [sys.executable, "-m", "autograder.cli", "grade"]
ON_SLURM = ["--backend", "slurm", "--cpus-per-task", "1", "--chunk-size", "2"]


@pytest.fixture(scope="module")
def cluster():
    """The cluster and the instructor who submits to it; torn down with every daemon."""
    user = ensure_user()
    folder = temporary_folder()
    running = start_cluster(folder, memory_mib=16 * 1024)
    try:
        with reachable(*grader_paths()), workspace(user) as work:
            yield running, user, work
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)
        left = [
            p.pid
            for p in psutil.process_iter(["cmdline"])
            if str(folder) in " ".join(p.info["cmdline"] or [])
        ]
        assert left == [], f"daemons left running: {left}"


def submit(cluster, folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    running, user = cluster[:2]
    env = {**running.env, "DENSEGRADE_DATA_DIR": os.environ["DENSEGRADE_DATA_DIR"]}
    return as_user([*GRADE, str(folder), "--out", str(out), *ON_SLURM, *extra], user, env, cwd="/")


def class_copy(files: list[Path], work: Path, user) -> Path:
    folder = owned_folder(work / "class", user)
    for path in files:
        shutil.copy(path, folder / path.name)
        shutil.chown(folder / path.name, user.pw_name, user.pw_name)
    return folder


def hand_over(references: Path, target: Path, user) -> None:
    """References graded earlier, copied into ``target`` and given to ``user``."""
    shutil.copytree(references, target)
    for path in [target, *target.rglob("*")]:
        shutil.chown(path, user.pw_name, user.pw_name)


def rows(out: Path, folder: Path) -> dict[str, dict]:
    """grades.csv without timings, paths relative to the class folder."""
    found = {}
    for row in csv.DictReader((out / "grades.csv").open()):
        row.pop("seconds")
        row["path"] = os.path.relpath(row["path"].split("!")[0], folder)
        found[row["submission"]] = row
    return found


def test_the_demo_samples_grade_on_slurm_as_densegrade_grade_grades_them(
    cluster, demo_output, tmp_path
):
    demo, _ = demo_output
    user = cluster[1]
    work = owned_folder(cluster[2] / "demo", user)
    folder = class_copy(samples_on_every_backend(demo / "submissions"), work, user)
    out = owned_folder(work / "out", user)
    hand_over(demo / "reference", out / "reference", user)  # graded by this grader already
    finished = submit(cluster, folder, out, "--wait")
    assert finished.returncode == 0, finished.stderr[-4000:]
    assert "isolation:  namespaces without root" in finished.stderr
    assert "references kept" in finished.stderr
    graded_here = rows(demo, demo / "submissions")
    assert rows(out, folder) == {name: graded_here[name] for name in rows(out, folder)}
    assert len(rows(out, folder)) == len(SAMPLES_ON_EVERY_BACKEND)
    assert (out / "index.html").is_file()


def test_a_reference_without_full_marks_stops_the_run_before_any_student(
    cluster, project_root, tmp_path
):
    """Half a GiB per notebook: the node's doctor passes, the references job grades the
    references, which cannot get full marks, so Slurm cancels the array and the collect
    job writes rows without scores."""
    user = cluster[1]
    work = owned_folder(cluster[2] / "gate", user)
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    folder = class_copy([stub], work, user)
    out = owned_folder(work / "out", user)
    finished = submit(cluster, folder, out, "--memory-limit", "0.5", "--wait")
    assert finished.returncode == 3, finished.stderr[-4000:]
    assert "Queued: references job" in finished.stderr
    (row,) = csv.DictReader((out / "grades.csv").open())
    assert (row["status"], row["score"]) == ("grader_error", "")
    assert row["reason"].startswith("not graded: the reference solution of mnist_dense ")
    assert row["reason"].endswith("so the grader was not trusted with this run")
    assert not (out / "notebooks").exists()


def test_a_cancelled_run_is_finished_by_a_rerun_grading_only_the_rest(
    cluster, graded_references, project_root, tmp_path
):
    user = cluster[1]
    work = owned_folder(cluster[2] / "cancel", user)
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    students = [f"s{i}" for i in range(4)]
    for student in students:  # four files, each its own (identical ones are graded once)
        notebook = nbformat.read(stub, as_version=4)
        notebook.metadata["student"] = student
        nbformat.write(notebook, work / f"{student}_mnist_dense.ipynb")
    folder = class_copy(sorted(work.glob("*.ipynb")), work, user)
    out = owned_folder(work / "out", user)
    hand_over(graded_references, out / "reference", user)

    first = submit(cluster, folder, out, "--max-running", "1")
    assert first.returncode == 0, first.stderr[-4000:]
    assert "references kept" in first.stderr
    (run_dir,) = (out / "cluster").iterdir()
    jobs = typed_files.read(QueuedJobs, RunFolder(run_dir).jobs).jobs
    chunk = json.loads((run_dir / "manifest.json").read_text())["entries"][:2]
    _wait_for(lambda: all((out / "results" / f"{e['name']}.json").exists() for e in chunk))
    cluster[0].command("scancel", jobs["array"])
    _wait_for(lambda: RunFolder(run_dir).collect_status.exists())
    status = typed_files.read(CollectStatus, RunFolder(run_dir).collect_status)
    assert status.exit_status == 4 and status.counts["grader_error"] >= 1, status
    kept = {e["name"]: (out / "results" / f"{e['name']}.json").read_bytes() for e in chunk}

    rerun = submit(cluster, folder, out, "--wait")
    assert rerun.returncode == 0, rerun.stderr[-4000:]
    (second,) = [d for d in (out / "cluster").iterdir() if d != run_dir]
    regraded = {
        e["name"]
        for e in json.loads((second / "manifest.json").read_text())["entries"]
        if not e["graded"]
    }
    assert regraded == {f"{s}_mnist_dense" for s in students} - set(kept)
    assert {name: (out / "results" / f"{name}.json").read_bytes() for name in kept} == kept
    local = tmp_path / "local"
    seed_references(graded_references, local)
    subprocess.run(
        [*GRADE, str(folder), "--out", str(local), "--no-reports"], check=True, capture_output=True
    )
    assert rows(out, folder) == rows(local, folder)


def _wait_for(condition, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(1)
