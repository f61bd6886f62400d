"""What a cluster run's jobs leave in its folder for the submitting process (typed files).

``jobs.json``: the Slurm job of each kind the submit step queued (``references``,
``array``, ``collect``); ``collect-status.json``: how the collect job ended, which
``--wait`` reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class QueuedJobs:
    """The run's Slurm jobs by kind, as queued (a kind not needed is absent)."""

    FORMAT: ClassVar[str] = "densegrade.cluster-jobs"
    VERSION: ClassVar[int] = 1

    jobs: dict[str, str]


@dataclass(frozen=True)
class CollectStatus:
    """The collect job's last word: its exit status and the rows by status."""

    FORMAT: ClassVar[str] = "densegrade.collect-status"
    VERSION: ClassVar[int] = 1

    exit_status: int
    counts: dict[str, int] = field(default_factory=dict)  # status -> rows
    error: str = ""  # set by ``--wait`` when the collect job left no status
