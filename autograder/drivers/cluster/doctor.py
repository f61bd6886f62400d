"""What a compute node gives the grader, checked there before a large array is queued.

``densegrade doctor`` reports the isolation level (the strongest of
:mod:`autograder.execution.isolation` this process can build), the CPUs and memory the
scheduler gave it, the Python and the packages that grade, whether the data sets are
there and verified, and whether the node has a private scratch folder. Run on the login
node it describes the login node; ``--backend slurm`` runs it as a short job on a
compute node, as the submit step does before queuing an array.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import pwd
import socket
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from autograder import data
from autograder.contracts import typed_files
from autograder.contracts.assignments import get_assignment
from autograder.execution import isolation
from autograder.execution.isolation import Isolation
from autograder.execution.limits import GIB
from autograder.execution.quotas import available_cpus, cgroup_memory_limit

PACKAGES = ("tensorflow", "keras", "otter-grader", "densegrade")
WEAK = (isolation.LIMITS_ONLY,)  # levels under which a large array is refused by default
SLURM_VARIABLES = ("SLURM_JOB_ID", "SLURM_CPUS_PER_TASK", "SLURM_MEM_PER_NODE", "SLURMD_NODENAME")
VERIFIED, WRITABLE = "verified", "writable"  # a data set's and the scratch folder's good state


@dataclass(frozen=True)
class NodeReport:
    """What a node gives the grader: written by the doctor job, read by the submit step."""

    FORMAT: ClassVar[str] = "densegrade.node-report"
    VERSION: ClassVar[int] = 1

    host: str
    isolation: Isolation
    user: str
    cpus: float
    memory_gib: float | None  # None: no limit set
    python: str
    packages: dict[str, str | None]  # None: not installed
    data: dict[str, str]  # by data set: VERIFIED, or why not
    scratch: str  # WRITABLE, or why not
    slurm: dict[str, str] = field(default_factory=dict)  # SLURM_VARIABLES that are set


def node_report(assignments: tuple[str, ...] = ()) -> NodeReport:
    """This node, as the grader sees it; ``assignments``: whose data sets to verify."""
    memory = cgroup_memory_limit() or _slurm_memory()
    return NodeReport(
        host=socket.gethostname(),
        isolation=isolation.isolation_level(),
        user=_user(),
        cpus=available_cpus(),
        memory_gib=round(memory / GIB, 2) if memory else None,
        python=f"{platform.python_version()} ({sys.executable})",
        packages={name: _version(name) for name in PACKAGES},
        data=_data_sets(assignments),
        scratch=_scratch(),
        slurm={k: v for k, v in os.environ.items() if k in SLURM_VARIABLES},
    )


def problems(report: NodeReport) -> list[str]:
    """What stops grading on this node, one sentence each."""
    found = [
        f"data set {name}: {state}" for name, state in report.data.items() if state != VERIFIED
    ]
    found += [
        f"{name} is not installed" for name, version in report.packages.items() if not version
    ]
    if report.scratch != WRITABLE:
        found.append(f"the scratch folder {report.scratch}")
    return found


def render(report: NodeReport) -> str:
    """The report as the instructor reads it."""
    lines = [
        f"Node {report.host}, as {report.user}",
        f"  isolation:  {report.isolation}{_isolation_note(report.isolation)}",
        f"  CPUs:       {report.cpus:g}",
        f"  memory:     {_memory(report.memory_gib)}",
        f"  Python:     {report.python}",
        "  packages:   " + ", ".join(f"{k} {v or 'MISSING'}" for k, v in report.packages.items()),
        "  data sets:  " + (", ".join(f"{k} {v}" for k, v in report.data.items()) or "none asked"),
        f"  scratch:    {report.scratch}",
    ]
    if report.slurm:
        lines.append(
            "  Slurm:      " + ", ".join(f"{k}={v}" for k, v in sorted(report.slurm.items()))
        )
    found = problems(report)
    lines.append("Ready to grade." if not found else "NOT ready: " + "; ".join(found))
    return "\n".join(lines)


def write_report(report: NodeReport, path: Path) -> None:
    typed_files.write(path, report)


def read_report(path: Path) -> NodeReport:
    """The doctor job's report; :class:`~autograder.contracts.typed_files.FileFormatError` when it
    wrote none, or another version of densegrade wrote it."""
    return typed_files.read(NodeReport, path)


def _isolation_note(level: Isolation) -> str:
    notes = {
        isolation.FULL: " (root: namespaces, a new root, a user of its own per kernel)",
        isolation.ROOTLESS: " (user namespaces: namespaces and a new root, no root needed)",
        isolation.OWN_USER: " (root without namespaces: a user of its own per kernel)",
        isolation.LIMITS_ONLY: " (WEAK: a notebook reads what its user reads; docs/grading.md)",
    }
    return notes.get(level, "")


def _memory(gib: float | None) -> str:
    return f"{gib:g} GiB (the job's limit)" if gib else "no limit set"


def _slurm_memory() -> int | None:
    """The job's memory as Slurm granted it (MiB), where no cgroup enforces it."""
    value = os.environ.get("SLURM_MEM_PER_NODE", "")
    return int(value) * 1024**2 if value.isdigit() else None


def _user() -> str:
    try:
        return f"{pwd.getpwuid(os.getuid()).pw_name} (uid {os.getuid()})"
    except KeyError:  # a uid without an account (a container's)
        return f"uid {os.getuid()}"


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _data_sets(assignments: tuple[str, ...]) -> dict[str, str]:
    states = {}
    for dataset in sorted({get_assignment(name).dataset for name in assignments}):
        try:
            data.verify(dataset)
            states[dataset] = VERIFIED
        except Exception as error:  # the reason is the report
            states[dataset] = f"{type(error).__name__}: {error}"
    return states


def _scratch() -> str:
    try:
        with tempfile.TemporaryDirectory(prefix="densegrade-doctor-"):
            return WRITABLE
    except OSError as error:
        return f"{tempfile.gettempdir()} is not writable ({error.strerror})"
