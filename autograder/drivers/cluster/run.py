"""A cluster run from the login node: plan it, check a compute node, queue its jobs, and
(``--wait``) wait for its grades.

``OUT/cluster/<run>/`` holds everything of one run: the manifest, the batch scripts,
the doctor's report, the jobs' logs and the collect job's status. A new run never
touches an older run's folder, so a rerun may be queued while the first still runs.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from autograder import data
from autograder.contracts import typed_files
from autograder.contracts.assignments import ASSIGNMENTS, get_assignment
from autograder.contracts.identity import grader_fingerprint
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.typed_files import FileFormatError
from autograder.drivers import reference
from autograder.drivers.cluster import doctor, slurm
from autograder.drivers.cluster.doctor import NodeReport
from autograder.drivers.cluster.manifest import Manifest, RunFolder
from autograder.drivers.cluster.plan import plan_entries
from autograder.drivers.cluster.slurm import SlurmError, SlurmOptions
from autograder.drivers.cluster.status import CollectStatus, QueuedJobs
from autograder.execution.isolation import ISOLATION_ENV
from autograder.execution.limits import Limits
from autograder.execution.pool import PRIVATE_PREFIX

LARGE_RUN = 20  # submissions: more than this is refused under weak isolation by default
POLL_SECONDS = 5.0


class RunRefused(RuntimeError):
    """The run was not queued: the message says why and what to do."""


@dataclass
class Run:
    """One run: its folder, its manifest, its scripts and (once queued) its jobs."""

    run_dir: Path
    manifest: Manifest
    scripts: dict[str, Path]
    references_needed: bool
    env: dict[str, str]  # what every job exports
    jobs: dict[str, str] = field(default_factory=dict)


def prepare_run(
    paths: list[Path], out_dir: Path, limits: Limits, options: SlurmOptions, force: bool = False
) -> Run:
    """Plan the run and write its folder (manifest and scripts); nothing is queued."""
    out_dir = out_dir.resolve()
    fingerprint = grader_fingerprint()
    entries = plan_entries(paths, out_dir, fingerprint, force)
    limits = dataclasses.replace(limits, memory_bytes=options.kernel_memory(limits), threads=1)
    to_grade = sum(1 for entry in entries if not entry.graded and entry.same_as is None)
    chunk = slurm.chunk_size(to_grade, options, limits, slurm.max_array_size())
    inputs = [str(path.resolve()) for path in paths]
    manifest = Manifest(
        str(out_dir), inputs, fingerprint, dataclasses.asdict(limits), chunk, entries
    )
    run_dir = _new_run_dir(out_dir)
    manifest.write(RunFolder(run_dir).manifest)
    env = _job_environment(out_dir, manifest)
    scripts = slurm.write_scripts(manifest, run_dir, options, env)
    return Run(run_dir, manifest, scripts, _references_needed(manifest), env)


def check_nodes(run: Run, options: SlurmOptions, allow_weak_isolation: bool) -> NodeReport:
    """Run the doctor as a short job on a compute node; refuse the run if the node cannot
    grade, or gives weak isolation to a large run without ``allow_weak_isolation``."""
    assignments = sorted(
        {e.assignment for e in run.manifest.to_grade if e.assignment in ASSIGNMENTS}
    )
    folder = RunFolder(run.run_dir)
    report_file = folder.doctor_report
    command = [*slurm.CLI, "doctor", "--json", str(report_file)]
    command += [arg for name in assignments for arg in ("--assignment", name)]
    script = folder.script("doctor")
    quick = dataclasses.replace(options, time_per_task="00:10:00", memory_per_task_gib=4.0)
    directives = slurm.task_directives(quick, folder.log("doctor-%j"))
    script.write_text(slurm.job_script("densegrade-doctor", command, directives, run.env))
    slurm.sbatch(script, "--wait")
    try:
        report = doctor.read_report(report_file)
    except FileFormatError as error:
        logs = folder.logs
        raise SlurmError(f"the doctor job wrote no usable report ({error}): see {logs}") from error
    refused = refusal(report, len(run.manifest.to_grade), allow_weak_isolation)
    if refused:
        raise RunRefused(refused)
    return report


def refusal(report: NodeReport, size: int, allow_weak_isolation: bool) -> str:
    """Why a run of ``size`` submissions must not be queued on the node ``report``
    describes; "" when it may."""
    found = doctor.problems(report)
    if found:
        return f"the compute node {report.host} cannot grade: " + "; ".join(found)
    if report.isolation in doctor.WEAK and size > LARGE_RUN and not allow_weak_isolation:
        return (
            f"the compute nodes give only '{report.isolation}' isolation (no user "
            f"namespaces): a notebook could read other files of yours. Not queuing {size} "
            "submissions; ask the cluster's administrators for unprivileged user namespaces, "
            "or pass --allow-weak-isolation to grade anyway"
        )
    return ""


def queue(run: Run) -> dict[str, str]:
    """Submit the run's jobs, chained: references, then the array, then collect."""
    jobs: dict[str, str] = {}
    if run.references_needed:
        jobs["references"] = slurm.sbatch(run.scripts["references"])
    if run.manifest.chunks:
        after = []
        if "references" in jobs:  # no student is graded unless the references pass
            after = [f"--dependency=afterok:{jobs['references']}", "--kill-on-invalid-dep=yes"]
        jobs["array"] = slurm.sbatch(run.scripts["array"], *after)
    before = ":".join(jobs.values())
    jobs["collect"] = slurm.sbatch(
        run.scripts["collect"], *([f"--dependency=afterany:{before}"] if before else [])
    )
    run.jobs = jobs
    typed_files.write(RunFolder(run.run_dir).jobs, QueuedJobs(dict(jobs)))
    return jobs


def wait(run: Run, poll: float = POLL_SECONDS) -> CollectStatus:
    """Block until the collect job has ended; its status (exit status and counts)."""
    collect = run.jobs["collect"]
    while _queued(collect):
        time.sleep(poll)
    try:
        return typed_files.read(CollectStatus, RunFolder(run.run_dir).collect_status)
    except FileFormatError as error:
        log = RunFolder(run.run_dir).log(f"collect-{collect}")
        return CollectStatus(1, error=f"the collect job left no status ({error}): see {log}")


def _queued(job: str) -> bool:
    finished = subprocess.run(
        ["squeue", "--noheader", "--jobs", job, "--format=%T"], capture_output=True, text=True
    )
    if finished.returncode != 0:  # an id Slurm no longer knows has left the queue
        return "Invalid job id" not in finished.stderr and bool(finished.stderr.strip())
    return bool(finished.stdout.strip())


def _references_needed(manifest: Manifest) -> bool:
    scratch = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-reference-"))
    try:
        out = OutputFolder(Path(manifest.out_dir))
        checked = reference.Check(out, manifest.grader, False, scratch, manifest.needed)
        return bool(checked.to_grade)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _job_environment(out_dir: Path, manifest: Manifest) -> dict[str, str]:
    """What every job exports: the verified data sets (prepared here: compute nodes often
    have no internet) and the isolation level asked for, if any."""
    needed = sorted(
        {get_assignment(a).dataset for a in manifest.needed if a in ASSIGNMENTS}
        & set(data.DATASETS)  # an own data set travels in its bundle
    )
    source = data.configured_data_dir()
    if source is None:  # fetched once, here, into the output folder
        source = OutputFolder(out_dir).data_dir
        data.fetch_data(source, tuple(needed))
    else:
        for name in needed:
            data.verify(name)
    env = {data.DATA_DIR_ENV: str(source.absolute())}
    if os.environ.get(ISOLATION_ENV):
        env[ISOLATION_ENV] = os.environ[ISOLATION_ENV]
    return env


def _new_run_dir(out_dir: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    runs = OutputFolder(out_dir).cluster_dir
    for suffix in ("", *(f"-{n}" for n in range(2, 100))):
        folder = runs / f"run-{stamp}{suffix}"
        try:
            folder.mkdir(parents=True)
            return folder
        except FileExistsError:
            continue
    raise RuntimeError(f"too many runs started in one second in {runs}")
