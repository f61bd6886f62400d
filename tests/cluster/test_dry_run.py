"""``densegrade grade --backend slurm --dry-run``: the run planned and its scripts shown,
nothing queued (no Slurm needed)."""

import json
import subprocess
import sys

import pytest

from autograder.api import Limits, SlurmOptions, grade_on_slurm
from autograder.drivers.cluster.submit import RunPlanned, ScriptsWritten

SMALL = ["--cpus-per-task", "1", "--time-per-task", "30", "--timeout", "300", "--no-reports"]


def dry_run(folder, out, *extra: str, cwd) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "autograder.cli", "grade", str(folder), "--out", str(out)]
    command += ["--backend", "slurm", "--dry-run", *SMALL, *extra]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd)


def test_a_dry_run_writes_the_run_and_queues_nothing(three_students, tmp_path, project_root):
    finished = dry_run(three_students, tmp_path / "out", cwd=project_root)
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "3 submissions, 1 to grade in 1 tasks" in finished.stderr  # byte-identical files
    assert "references to grade first" in finished.stderr
    assert "Dry run: nothing was queued." in finished.stderr
    (run_dir,) = (tmp_path / "out" / "cluster").iterdir()
    assert "#SBATCH --array=0-0\n" in finished.stdout
    assert f"collect {run_dir} --no-reports" in finished.stdout
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert [e["same_as"] for e in manifest["entries"]] == [None, "ann", "ann"]
    assert manifest["limits"]["threads"] == 1 and manifest["limits"]["timeout"] == 300
    assert not (run_dir / "jobs.json").exists()


def test_a_dry_run_prints_json_lines_or_nothing(three_students, tmp_path, project_root):
    finished = dry_run(three_students, tmp_path / "out", "--json-lines", cwd=project_root)
    assert finished.returncode == 0, finished.stderr[-3000:]
    planned, written = [json.loads(line) for line in finished.stdout.splitlines()]
    (run_dir,) = (tmp_path / "out" / "cluster").iterdir()
    assert planned == {
        "event": "planned",
        "run_dir": str(run_dir),
        "submissions": 3,
        "to_grade": 1,
        "chunks": 1,
        "chunk_size": 10,  # half of 30 minutes at 90 s a submission
        "references_needed": True,
    }
    assert written["event"] == "dry_run"
    assert set(written["scripts"]) == {"references", "array", "collect"}
    assert "Dry run" not in finished.stderr
    quiet = dry_run(three_students, tmp_path / "quiet", "--quiet", cwd=project_root)
    assert quiet.returncode == 0, quiet.stderr[-3000:]
    assert (quiet.stdout, quiet.stderr) == ("", "")


def test_the_python_function_tells_the_dry_run_and_returns_it(three_students, tmp_path):
    events = []
    options = SlurmOptions(cpus_per_task=1, time_per_task="30", reports=False)
    run = grade_on_slurm(
        [three_students],
        tmp_path / "out",
        Limits(timeout=300),
        options,
        dry_run=True,
        on_event=events.append,
    )
    assert [type(event) for event in events] == [RunPlanned, ScriptsWritten]
    assert events[0].run_dir == run.run_dir and events[1].scripts == run.scripts
    assert not run.queued and run.node is None and run.status is None
    assert all(script.is_file() for script in run.scripts.values())
    assert len(run.manifest.to_grade) == 1


def test_a_dry_run_has_nothing_to_wait_for(three_students, tmp_path):
    with pytest.raises(ValueError, match="nothing to wait for"):
        grade_on_slurm(
            [three_students], tmp_path / "out", Limits(), SlurmOptions(), dry_run=True, wait=True
        )
    assert not (tmp_path / "out").exists()  # refused before the run was planned
