"""What one submission may use, and what the grader keeps for itself beside it.

Declared once for every way of grading: ``densegrade grade`` takes each field as an
option, the Slurm task and the Gradescope container derive them from their memory
(:func:`grader_share` is what they set aside), and the sandbox and the supervisor
enforce them (:mod:`.sandbox`, :mod:`.memory`).
"""

from __future__ import annotations

from dataclasses import dataclass

GIB = 1024**3
GRADER_RESERVE = 512 * 1024**2  # memory above the student's limit for the grader's own work
# The grader's own memory beside each kernel (the supervisor), by whether it preloads the
# checks: measured 0.64 and 0.06 GiB (docs/grading.md, "Memory"), with a margin for the
# watch's reaction (a kernel stopped at its limit passes it by tens of MB) and the runner.
GRADER_SHARE = {True: int(0.85 * GIB), False: int(0.35 * GIB)}


def grader_share(limits: Limits) -> int:
    """The memory to set aside beside a kernel for the grader's own processes."""
    return GRADER_SHARE[limits.preload_checks]


@dataclass(frozen=True)
class Limits:
    """What one submission may use (``densegrade grade --timeout`` and ``--memory-limit``
    set the first two; the drivers set the rest)."""

    timeout: float = 900.0  # wall-clock seconds for the whole notebook
    # resident memory of the kernel and the processes it starts: docs/grading.md, "Memory"
    memory_bytes: int = 8 * GIB
    max_processes: int = 256  # processes and threads of the sandbox user (RLIMIT_NPROC)
    max_file_bytes: int = GIB  # largest file the notebook may write (RLIMIT_FSIZE)
    threads: int = 2  # TensorFlow intra-op threads in the kernel
    # seconds the checks may take after the notebook's limit, before the submission is
    # given up (a Gradescope run must end before Gradescope's own timeout)
    check_seconds: float = 600.0
    # import the checks (TensorFlow included) while the notebook runs, which saves seconds
    # per submission and costs memory beside the kernel (GRADER_SHARE)
    preload_checks: bool = True
