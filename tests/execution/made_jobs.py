"""Jobs made for the tests of the supervisor and of its stops."""

from __future__ import annotations

from pathlib import Path

from autograder.execution.jobs import Job, JobFolder
from autograder.execution.limits import Limits


def job_in(folder: Path, **changes) -> Job:
    """A job in ``folder`` with a 30 s and 2 GiB limit."""
    limits = Limits(timeout=30.0, memory_bytes=2 * 1024**3)
    return Job(JobFolder(str(folder)), "mnist_dense", limits, uid=None, **changes)
