"""Step 2 of a cluster run, on the login node: size the job array, write its scripts and
submit them to Slurm.

A run is three jobs, chained by dependencies: the references job (the grader checked
on each reference solution; it fails the run if one lacks full marks), the array (its
task ``k`` grades chunk ``k`` of the manifest), and the collect job, which runs after
the array however it ended. Chunks are sized so a task takes a few minutes: about
half its time limit at :data:`SECONDS_PER_SUBMISSION` per CPU.
"""

from __future__ import annotations

import dataclasses
import math
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.drivers.cluster.manifest import Manifest, RunFolder
from autograder.execution.limits import GIB, Limits, grader_share

# One submission on one CPU: 62-77 s measured for the lesson's code and the references
# (docs/benchmarks.md, "Gradescope: one submission at 1 and 0.5 CPU"), with a margin.
SECONDS_PER_SUBMISSION = 90.0
# per worker: the lesson's CIFAR-10 code peaks at 3.7 GiB resident (docs/benchmarks.md)
KERNEL_MEMORY = 4.5 * GIB
DEFAULT_MAX_ARRAY_SIZE = 1001  # Slurm's default MaxArraySize
CLI = [sys.executable, "-m", "autograder.cli"]  # the jobs run this grader, as installed here


class SlurmError(RuntimeError):
    """Slurm refused or failed a command; the message says which and why."""


@dataclass(frozen=True)
class SlurmOptions:
    """How the run's jobs are requested. Every field is an option of ``densegrade grade``."""

    partition: str | None = None
    account: str | None = None
    time_per_task: str = "00:30:00"  # Slurm's --time: MM, HH:MM:SS or D-HH:MM:SS
    cpus_per_task: int = 2  # one submission at a time per CPU
    memory_per_task_gib: float | None = None  # default: what each CPU's kernel needs
    max_running: int | None = None  # tasks of the array running at once (%N)
    extra_lines: tuple[str, ...] = ()  # more #SBATCH lines, verbatim
    chunk_size: int | None = None  # submissions per task; default: sized to the time limit
    reports: bool = True  # the collect job writes the dashboard and feedback pages

    @property
    def memory_gib(self) -> float:
        if self.memory_per_task_gib is not None:
            return self.memory_per_task_gib
        per_cpu = (KERNEL_MEMORY + grader_share(Limits())) / GIB
        return self.cpus_per_task * math.ceil(per_cpu * 2) / 2  # in half GiB

    def kernel_memory(self, limits: Limits) -> int:
        """Each kernel's limit: its share of the task's memory less the grader's own."""
        share = int(self.memory_gib * GIB / self.cpus_per_task) - grader_share(limits)
        if share < GIB // 2:
            raise ValueError(
                f"{self.memory_gib:g} GiB for {self.cpus_per_task} CPUs leaves no memory for "
                f"the notebooks: ask for at least {self.cpus_per_task * 2} GiB per task"
            )
        return min(limits.memory_bytes, share)


def seconds(time_limit: str) -> int:
    """Slurm's --time in seconds: ``MM``, ``MM:SS``, ``HH:MM:SS``, ``D-HH``, ``D-HH:MM:SS``."""
    match = re.fullmatch(r"(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?", time_limit.strip())
    if not match:
        raise ValueError(f"not a Slurm time limit: {time_limit!r} (try 00:30:00)")
    days, first, second, third = (int(part) if part else 0 for part in match.groups())
    if match.group(1):  # D-HH[:MM[:SS]]
        return ((days * 24 + first) * 60 + second) * 60 + third
    if match.group(4):  # HH:MM:SS
        return (first * 60 + second) * 60 + third
    return first * 60 + second  # MM[:SS]


def chunk_size(to_grade: int, options: SlurmOptions, limits: Limits, max_array: int) -> int:
    """Submissions per task: half the time limit's worth, in at most ``max_array`` tasks."""
    budget = seconds(options.time_per_task)
    slowest = limits.timeout + limits.check_seconds
    if budget < slowest:
        raise ValueError(
            f"--time-per-task {options.time_per_task} is shorter than one submission may "
            f"take ({slowest:g} s: --timeout plus the checks): a notebook that runs to "
            "its limit would be stopped with its task, on every rerun"
        )
    per_cpu = max(1, int(budget / 2 // SECONDS_PER_SUBMISSION))
    size = options.chunk_size or per_cpu * options.cpus_per_task
    return max(size, math.ceil(to_grade / max_array)) if to_grade else size


def max_array_size() -> int:
    """The cluster's MaxArraySize (array indices run from 0 to one less)."""
    try:
        config = _slurm(["scontrol", "show", "config"])
    except SlurmError:
        return DEFAULT_MAX_ARRAY_SIZE
    found = re.search(r"^MaxArraySize\s*=\s*(\d+)", config, re.MULTILINE)
    return int(found.group(1)) if found else DEFAULT_MAX_ARRAY_SIZE


def job_script(name: str, command: list[str], directives: list[str], env: dict[str, str]) -> str:
    """A batch script: its #SBATCH lines, the environment, then the command."""
    lines = ["#!/bin/bash", f"#SBATCH --job-name={name}", *(f"#SBATCH {d}" for d in directives)]
    lines += ["set -euo pipefail"]
    lines += [f"export {key}={shlex.quote(value)}" for key, value in sorted(env.items())]
    lines += ["exec " + " ".join(_shell_word(part) for part in command)]
    return "\n".join(lines) + "\n"


def _shell_word(part: str) -> str:
    """``part`` quoted for bash; Slurm's own variables (``$SLURM_...``) left to expand."""
    return f'"{part}"' if re.fullmatch(r"\$SLURM_[A-Z_]+", part) else shlex.quote(part)


def task_directives(options: SlurmOptions, log: Path) -> list[str]:
    """The #SBATCH lines every job of the run shares, then the instructor's own."""
    lines = [
        f"--cpus-per-task={options.cpus_per_task}",
        f"--mem={math.ceil(options.memory_gib * 1024)}M",
        f"--time={options.time_per_task}",
        f"--output={log}",
    ]
    lines += [f"--partition={options.partition}"] * bool(options.partition)
    lines += [f"--account={options.account}"] * bool(options.account)
    return lines + [line.removeprefix("#SBATCH").strip() for line in options.extra_lines]


def write_scripts(
    manifest: Manifest, run_dir: Path, options: SlurmOptions, env: dict[str, str]
) -> dict[str, Path]:
    """The run's batch scripts (references, array, collect) beside its manifest."""
    folder = RunFolder(run_dir)
    folder.logs.mkdir(parents=True, exist_ok=True)
    references_log = folder.log("references-%j")
    name = f"densegrade-{run_dir.name}"
    array = [
        f"--array=0-{manifest.chunks - 1}" + (f"%{options.max_running}" * bool(options.max_running))
    ]
    scripts = {
        "references": job_script(
            f"{name}-references",
            [*CLI, "worker", str(run_dir), "--references"],
            task_directives(_references_options(options, len(manifest.needed)), references_log),
            env,
        ),
        "array": job_script(
            name,
            [*CLI, "worker", str(run_dir), "--chunk", "$SLURM_ARRAY_TASK_ID"],
            array + task_directives(options, folder.log("task-%A_%a")),
            env,
        ),
        "collect": job_script(
            f"{name}-collect",
            [*CLI, "collect", str(run_dir), *([] if options.reports else ["--no-reports"])],
            task_directives(_collect_options(options), folder.log("collect-%j")),
            env,
        ),
    }
    paths = {}
    for kind, text in scripts.items():
        paths[kind] = folder.script(kind)
        paths[kind].write_text(text, encoding="utf-8")
    return paths


def _collect_options(options: SlurmOptions) -> SlurmOptions:
    """The collect job reads results and writes pages: one CPU, a little memory."""
    return dataclasses.replace(
        options, time_per_task="00:30:00", cpus_per_task=1, memory_per_task_gib=4.0
    )


def _references_options(options: SlurmOptions, references: int) -> SlurmOptions:
    """The references job grades each reference on a CPU of its own, at once."""
    cpus = max(options.cpus_per_task, references)
    memory = options.memory_gib / options.cpus_per_task * cpus
    return dataclasses.replace(options, cpus_per_task=cpus, memory_per_task_gib=memory)


def sbatch(script: Path, *options: str) -> str:
    """Submit ``script``; its job id."""
    return _slurm(["sbatch", "--parsable", *options, str(script)]).strip().split(";")[0]


def _slurm(command: list[str]) -> str:
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except FileNotFoundError as error:
        raise SlurmError(
            f"{command[0]} is not installed here: is this a Slurm login node?"
        ) from error
    except subprocess.TimeoutExpired as error:
        raise SlurmError(f"{' '.join(command[:2])} did not answer in 120 s") from error
    if finished.returncode != 0:
        raise SlurmError(f"{' '.join(command[:2])} failed: {finished.stderr.strip()}")
    return finished.stdout
