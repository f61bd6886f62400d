"""CPU and memory quotas from cgroup files (v1 and v2), Slurm and the CPU affinity."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder.execution import quotas


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_cgroup_v2_quota_is_read_along_the_path(tmp_path):
    _write(tmp_path / "cpu.max", "max 100000\n")
    _write(tmp_path / "box" / "cpu.max", "150000 100000\n")
    _write(tmp_path / "box" / "task" / "cpu.max", "max 100000\n")
    assert quotas.cgroup_quota(tmp_path, "0::/box/task\n") == 1.5


def test_a_cgroup_v1_quota_and_gradescopes_half_cpu(tmp_path):
    _write(tmp_path / "cpu" / "cpu.cfs_quota_us", "-1\n")
    _write(tmp_path / "cpu" / "cpu.cfs_period_us", "100000\n")
    _write(tmp_path / "cpu" / "job" / "cpu.cfs_quota_us", "50000\n")
    _write(tmp_path / "cpu" / "job" / "cpu.cfs_period_us", "100000\n")
    _write(tmp_path / "cpu,cpuacct" / "job" / "cpu.cfs_quota_us", "50000\n")
    _write(tmp_path / "cpu,cpuacct" / "job" / "cpu.cfs_period_us", "100000\n")
    assert quotas.cgroup_quota(tmp_path, "4:cpu,cpuacct:/job\n") == 0.5
    assert quotas.cgroup_quota(tmp_path, "1:cpu:/job\n") == 0.5


def test_no_quota_is_none(tmp_path):
    _write(tmp_path / "cpu.max", "max 100000\n")
    assert quotas.cgroup_quota(tmp_path, "0::/\n") is None
    assert quotas.cgroup_quota(tmp_path, "") is None


def test_memory_limits_v1_and_v2(tmp_path):
    _write(tmp_path / "memory" / "job" / "memory.limit_in_bytes", f"{6 * 1024**3}\n")
    _write(tmp_path / "memory" / "memory.limit_in_bytes", "9223372036854771712\n")
    assert quotas.cgroup_memory_limit(tmp_path, "5:memory:/job\n") == 6 * 1024**3
    _write(tmp_path / "v2" / "memory.max", "max\n")
    assert quotas.cgroup_memory_limit(tmp_path / "v2", "0::/\n") is None


def test_half_a_cpu_still_runs_one_thread_and_workers_share(monkeypatch):
    monkeypatch.setattr(quotas, "available_cpus", lambda: 0.5)
    assert quotas.whole_cpus() == 1 and quotas.threads_per_worker(4) == 1
    monkeypatch.setattr(quotas, "available_cpus", lambda: 8.0)
    assert quotas.threads_per_worker(2) == 4


def test_slurm_and_affinity_lower_the_count(monkeypatch):
    monkeypatch.setattr(quotas, "cgroup_quota", lambda: None)
    monkeypatch.setenv(quotas.SLURM_CPUS_ENV, "1")
    assert quotas.available_cpus() == 1.0
    monkeypatch.delenv(quotas.SLURM_CPUS_ENV)
    assert quotas.available_cpus() == len(os.sched_getaffinity(0))


def test_a_real_cgroup_quota_is_what_the_process_sees(tmp_path):
    """A v1 CPU cgroup of this machine with half a CPU: a process in it reads 0.5."""
    import subprocess
    import sys

    group = Path("/sys/fs/cgroup/cpu") / f"densegrade-test-{os.getpid()}"
    if not Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").exists():
        pytest.fail("this machine's CPU cgroup (v1) is expected at /sys/fs/cgroup/cpu")
    group.mkdir()
    try:
        (group / "cpu.cfs_period_us").write_text("100000")
        (group / "cpu.cfs_quota_us").write_text("50000")
        code = "from autograder.execution import quotas; print(quotas.available_cpus())"
        join = lambda: (group / "cgroup.procs").write_text(str(os.getpid()))  # noqa: E731
        finished = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, preexec_fn=join
        )
    finally:
        group.rmdir()
    assert finished.stdout.strip() == "0.5", finished.stderr
