"""The Gradescope autograder's settings: ``densegrade.json`` in the zip, declared once here.

``densegrade build --zip`` writes it; ``run_autograder`` reads it from
``/autograder/source``. Each key is a field below, with what it means.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import ClassVar

from autograder.contracts import typed_files
from autograder.execution.limits import GIB, Limits, grader_share
from autograder.execution.quotas import cgroup_memory_limit, threads_per_worker

CONFIG_FILE = "densegrade.json"
PYTHON_VERSION = "3.11"  # the package's requires-python (tests/gradescope/test_package.py)
PYTHON_MINIMUM = "3.11.7"  # the oldest 3.11 tested here (some pinned packages need 3.11.5)
AUTOGRADER_ROOT = Path("/autograder")
# Seconds Gradescope's run needs besides the notebook: start, checks, results.
JUDGING_SECONDS = 240.0


@dataclass(frozen=True)
class GradescopeRoot:
    """Gradescope's ``/autograder`` folder, as the container lays it out, and our files in it."""

    path: Path = AUTOGRADER_ROOT

    @property
    def results_file(self) -> Path:
        return self.path / "results" / "results.json"  # what Gradescope reads back

    @property
    def source(self) -> Path:
        return self.path / "source"  # the autograder zip, unpacked

    @property
    def config_file(self) -> Path:
        return self.source / CONFIG_FILE

    @property
    def submission(self) -> Path:
        return self.path / "submission"  # what the student uploaded

    @property
    def metadata_file(self) -> Path:
        return self.path / "submission_metadata.json"  # who submitted, when

    @property
    def output(self) -> Path:
        return self.path / "densegrade-output"  # our output folder: logs and results, for staff

    @property
    def scratch(self) -> Path:
        # each notebook's job folder, the arrays it exports for judging among them: on the
        # container's disk, since /tmp may be a tmpfs, whose files count as memory
        return self.path / "densegrade-scratch"


@dataclass(frozen=True)
class GradescopeConfig:
    """What one assignment's Gradescope autograder needs to know."""

    FORMAT: ClassVar[str] = "densegrade.gradescope-config"
    VERSION: ClassVar[int] = 1

    assignment: str  # the assignment this Gradescope assignment grades (mnist_dense, ...)
    # Gradescope's "Autograder timeout" for the assignment, in seconds: set the same value
    # there. The notebook gets this minus JUDGING_SECONDS.
    gradescope_timeout: float = 900.0
    # The most resident memory the notebook may use (GiB); lowered to fit the container.
    memory_gib: float = Limits.memory_bytes / GIB
    venv: str = "/autograder/densegrade-venv"  # where setup.sh installs the grader
    data_dir: str = "/autograder/data"  # where setup.sh puts the verified data sets

    def to_json(self) -> str:
        return typed_files.dumps(self)

    @classmethod
    def read(cls, path: Path) -> GradescopeConfig:
        """The zip's settings; a ValueError that names the settings this grader reads when
        the file holds others (a zip built by another version of densegrade)."""
        try:
            return typed_files.read(cls, path)
        except typed_files.FileFormatError as error:
            known = ", ".join(field.name for field in fields(cls))
            raise typed_files.FileFormatError(
                f"{error}. The settings this densegrade reads: {known}; rebuild the zip with "
                "`densegrade build --zip` and upload it again"
            ) from error


def limits_for(config: GradescopeConfig, workers: int = 1) -> Limits:
    """The sandbox's limits inside this container: within Gradescope's timeout, below the
    container's memory (crossing it kills the container, results and all), threads as the
    CPU quota allows. The checks are not preloaded beside the kernel: in a container, memory
    is scarcer than the seconds their import takes after it."""
    if config.gradescope_timeout <= JUDGING_SECONDS:
        raise ValueError(
            f"gradescope_timeout {config.gradescope_timeout:g} s leaves no time for the "
            f"notebook: it must be above {JUDGING_SECONDS:g} s"
        )
    lean = Limits(preload_checks=False)
    memory = int(config.memory_gib * GIB)
    container = cgroup_memory_limit()
    if container is not None:
        memory = min(memory, container // workers - grader_share(lean))
    return replace(
        lean,
        timeout=config.gradescope_timeout - JUDGING_SECONDS,
        memory_bytes=max(memory, GIB // 2),
        threads=threads_per_worker(workers),
        check_seconds=JUDGING_SECONDS / 2,
    )
