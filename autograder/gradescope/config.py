"""The Gradescope autograder's settings: ``densegrade.json`` in the zip, declared once here.

``densegrade build --zip`` writes it; ``run_autograder`` reads it from
``/autograder/source``. Each key is a field below, with what it means.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from autograder.execution.quotas import cgroup_memory_limit, threads_per_worker
from autograder.execution.sandbox import GIB, GRADER_MEMORY, Limits

CONFIG_FILE = "densegrade.json"
PYTHON_VERSION = "3.11"  # the package's requires-python (tests/gradescope/test_package.py)
PYTHON_MINIMUM = "3.11.7"  # the oldest 3.11 tested here (some pinned packages need 3.11.5)
AUTOGRADER_ROOT = Path("/autograder")
# Seconds Gradescope's run needs besides the notebook: start, checks, results.
JUDGING_SECONDS = 240.0


@dataclass(frozen=True)
class GradescopeConfig:
    """What one assignment's Gradescope autograder needs to know."""

    assignment: str  # the assignment this Gradescope assignment grades (mnist_dense, ...)
    # Gradescope's "Autograder timeout" for the assignment, in seconds: set the same value
    # there. The notebook gets this minus JUDGING_SECONDS.
    gradescope_timeout: float = 900.0
    # The most memory one kernel process may allocate (GiB); lowered to fit the container.
    memory_gib: float = Limits.memory_bytes / GIB
    venv: str = "/autograder/densegrade-venv"  # where setup.sh installs the grader
    data_dir: str = "/autograder/data"  # where setup.sh puts the verified data sets

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def read(cls, path: Path) -> GradescopeConfig:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {field.name for field in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"{path}: unknown settings {', '.join(unknown)}")
        return cls(**data)


def limits_for(config: GradescopeConfig, workers: int = 1) -> Limits:
    """The sandbox's limits inside this container: within Gradescope's timeout, below the
    container's memory (crossing it kills the container, results and all), threads as the
    CPU quota allows."""
    if config.gradescope_timeout <= JUDGING_SECONDS:
        raise ValueError(
            f"gradescope_timeout {config.gradescope_timeout:g} s leaves no time for the "
            f"notebook: it must be above {JUDGING_SECONDS:g} s"
        )
    memory = int(config.memory_gib * GIB)
    container = cgroup_memory_limit()
    if container is not None:
        memory = min(memory, container - GRADER_MEMORY)
    return Limits(
        timeout=config.gradescope_timeout - JUDGING_SECONDS,
        memory_bytes=max(memory, GIB // 2),
        threads=threads_per_worker(workers),
        check_seconds=JUDGING_SECONDS / 2,
    )
