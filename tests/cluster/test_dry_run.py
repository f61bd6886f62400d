"""``densegrade grade --backend slurm --dry-run``: the run planned and its scripts shown,
nothing queued (no Slurm needed)."""

import json
import shutil
import subprocess
import sys


def test_a_dry_run_writes_the_run_and_queues_nothing(tmp_path, project_root, data_dir):
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    for student in ("ann", "bob", "cid"):
        (tmp_path / "class" / student).mkdir(parents=True)
        shutil.copy(stub, tmp_path / "class" / student / "mnist_dense.ipynb")
    command = [sys.executable, "-m", "autograder.cli", "grade", str(tmp_path / "class")]
    command += ["--out", str(tmp_path / "out"), "--backend", "slurm", "--dry-run"]
    command += ["--cpus-per-task", "1", "--time-per-task", "30", "--timeout", "300", "--no-reports"]
    finished = subprocess.run(command, capture_output=True, text=True, cwd=project_root)
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
