"""What this grader may really use: a container's CPU quota and memory, not the host's.

A Gradescope container, a Docker ``--cpus`` limit or a Slurm allocation gives a
process a share of a large machine; ``os.cpu_count()`` still reports every core of
the host, and TensorFlow would start as many threads, which then wait on each other.
The answer is the smallest of: the cores this process may run on (its affinity), the
CPU quota of its cgroup (v2 ``cpu.max`` or v1 ``cpu.cfs_quota_us``), and Slurm's
``SLURM_CPUS_PER_TASK``. Memory likewise: the cgroup's limit, which kills the whole
container when crossed, so the kernel's own limit must sit below it.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
SLURM_CPUS_ENV = "SLURM_CPUS_PER_TASK"


def available_cpus() -> float:
    """The CPUs this process may use; a fraction under a quota of less than one CPU."""
    limits = [float(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0)]
    limits += [quota for quota in (cgroup_quota(), slurm_cpus()) if quota]
    usable = [limit for limit in limits if limit > 0]
    return min(usable) if usable else float(os.cpu_count() or 1)


def whole_cpus() -> int:
    """:func:`available_cpus` rounded up: 0.5 CPU still runs one thread."""
    return max(1, math.ceil(available_cpus() - 1e-9))


def threads_per_worker(workers: int) -> int:
    """TensorFlow threads for each of ``workers`` kernels sharing the available CPUs."""
    return max(1, whole_cpus() // max(1, workers))


def cgroup_memory_limit(root: Path = CGROUP_ROOT, memberships: str | None = None) -> int | None:
    """The memory limit of this process's cgroup (and its parents) in bytes, None if none."""
    limits = []
    for controllers, path in _memberships(memberships):
        if controllers == "":
            for mount in (root, root / "unified"):
                limits += _quotas_along(mount, path, lambda f: _read_int(f / "memory.max"))
        elif "memory" in controllers.split(","):
            read = lambda folder: _read_int(folder / "memory.limit_in_bytes")  # noqa: E731
            limits += _quotas_along(root / "memory", path, read)
    # cgroup v1 reports "no limit" as a huge number near 2**63
    real = [int(limit) for limit in limits if 0 < limit < 2**62]
    return min(real) if real else None


def slurm_cpus() -> float | None:
    value = os.environ.get(SLURM_CPUS_ENV, "")
    return float(value) if value.isdigit() and int(value) > 0 else None


def cgroup_quota(root: Path = CGROUP_ROOT, memberships: str | None = None) -> float | None:
    """The CPU quota of this process's cgroup (and its parents), None when unlimited."""
    quotas = []
    for controllers, path in _memberships(memberships):
        if controllers == "":  # cgroup v2: one unified tree
            quotas += _quotas_along(root, path, _v2_quota)
            quotas += _quotas_along(root / "unified", path, _v2_quota)
        elif "cpu" in controllers.split(","):
            for mount in {root / "cpu", root / "cpu,cpuacct", root / controllers}:
                quotas += _quotas_along(mount, path, _v1_quota)
    return min(quotas) if quotas else None


def _memberships(text: str | None) -> list[tuple[str, str]]:
    """(controllers, path) of each line of ``/proc/self/cgroup`` ("" controllers: v2)."""
    if text is None:
        try:
            text = Path("/proc/self/cgroup").read_text()
        except OSError:
            return []
    return [tuple(line.split(":", 2)[1:]) for line in text.splitlines() if line.count(":") >= 2]


def _read_int(path: Path) -> float | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return float(text) if text.isdigit() else None


def _quotas_along(mount: Path, path: str, read) -> list[float]:
    """Quotas of the cgroup at ``path`` and each of its parents (the tightest one counts)."""
    parts = [part for part in path.split("/") if part]
    found = []
    for depth in range(len(parts), -1, -1):
        quota = read(mount.joinpath(*parts[:depth]))
        if quota:
            found.append(quota)
    return found


def _v2_quota(folder: Path) -> float | None:
    try:
        quota, period = (folder / "cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    return None if quota == "max" else int(quota) / int(period)


def _v1_quota(folder: Path) -> float | None:
    try:
        quota = int((folder / "cpu.cfs_quota_us").read_text())
        period = int((folder / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota / period if quota > 0 and period > 0 else None
