"""What the grading pool hands a supervisor: one submission's job, and its private folder.

The pool writes the job (``job.json``) into the submission's private folder and starts a
supervisor on it; the supervisor, the sandbox entry and the pool find every other file of
that folder through :class:`JobFolder`, which names them once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from autograder.execution.limits import Limits


@dataclass(frozen=True)
class JobFolder:
    """The grader's private folder for one submission (never the kernel's but ``work/``)."""

    path: str

    @property
    def job(self) -> Path:
        return Path(self.path) / "job.json"  # the pool -> the supervisor

    @property
    def submission(self) -> Path:
        return Path(self.path) / "submission.ipynb"  # a private copy of the submission

    @property
    def verdict(self) -> Path:
        return Path(self.path) / "verdict.json"  # the supervisor -> the pool

    @property
    def executed(self) -> Path:
        return Path(self.path) / "executed.ipynb"  # the executed notebook, kept for TAs

    @property
    def sandbox_spec(self) -> Path:
        return Path(self.path) / "sandbox.json"  # the supervisor -> the sandbox entry

    @property
    def kernels(self) -> Path:
        return Path(self.path) / "kernels"  # the kernel spec that starts the sandbox

    @property
    def new_root(self) -> Path:
        return Path(self.path) / "root"  # where the sandbox builds the kernel's file system

    @property
    def workdir(self) -> Path:
        return Path(self.path) / "work"  # the kernel's only folder, owned by its user

    @property
    def kernel_log(self) -> Path:
        return self.workdir / "kernel-output.log"  # what the kernel wrote to fds 1 and 2

    @property
    def connection_file(self) -> Path:
        return self.workdir / "connection.json"

    @property
    def kernel_socket(self) -> Path:
        return self.workdir / "kernel-socket"


@dataclass(frozen=True)
class Job:
    """One submission for a supervisor: its folder, its assignment, its limits, its sandbox."""

    FORMAT: ClassVar[str] = "densegrade.job"
    VERSION: ClassVar[int] = 1

    folder: JobFolder
    assignment: str
    limits: Limits
    uid: int | None  # the kernel's own user; None: it stays the grader's
    hide: tuple[str, ...] = ()  # covered inside the new root (the bundles, the output)
    keep: tuple[str, ...] = ()  # bound into the new root; empty: no new root
