"""Where the judge's memory goes: the grader's own memory while it judges one export.

    DENSEGRADE_DATA_DIR=../shared/data .venv/bin/python -m benchmarks.judge_memory
        [--assignments mnist_dense,cifar10_dense] [--cifar-test-images 10000]

Each result's ``judge_bytes`` is the supervisor's peak resident memory over the whole
job (``VmHWM``, :mod:`autograder.execution.supervisor`); this benchmark breaks it into
its parts. For the reference solutions and the lesson-verbatim corpus notebooks (as
``benchmarks/gradescope_resources.py`` writes them), one at a time, it

1. grades the notebook once with a real supervisor, started as the grading pool starts
   it (its command prefix and environment, default :class:`Limits`, so the checks are
   preloaded), in a job folder of its own under the temporary folder (removed at the
   end; on a tmpfs the export's pages would count as ``RssShmem``, added to the
   file-backed column): the kernel runs in the sandbox's namespaces and limits, but as
   the grader's user and on the real file system (no new root). The supervisor leaves
   the kernel's export folder in the job's working folder, and its verdict gives the
   score and ``judge_bytes``;
2. judges that export again in a fresh interpreter (``--judge``), step by step as the
   supervisor does after the kernel is gone, with the supervisor's environment
   (TensorFlow's threads) and the same data folder. After each step it records the
   resident set (``memory_info().rss``), its anonymous and file-backed parts
   (``RssAnon``, ``RssFile``), the unique set (``memory_full_info().uss``), the peak
   so far (``VmHWM``) and the step's own peak (``VmHWM`` is reset before each step
   through ``/proc/self/clear_refs``).

The steps: the interpreter with ``autograder`` (and psutil, which measures); the
supervisor's own modules; Keras (TensorFlow); the checks (``autograder.judging.harness``);
the data set as the checks load it (``autograder.data.load_data``: the verified arrays
stay cached for the process, the copy it returns is dropped, as every check drops its
own); the export rebuilt (``rebuild.read_state``, ``rebuild_variables``,
``read_signatures``, ``exported_model``); the training facts
(``training_record.facts_from_records``, which signs every image of the data set);
the bundle's tests (``run_bundle_tests``); the reports' evidence (``evidence.collect``),
after which ``judge_export`` has done all it does. The score must equal the
supervisor's, or the notebook's line says so.

What cannot be separated cleanly. ``judge_export`` first loads the data set inside the
training facts; here it is loaded before the export is read, so its cost shows on its
own row (the total is the same: nothing of the rebuild is held while it loads).
``rebuild_variables`` loads the model and maps the arrays in one call: the model and
TensorFlow's runtime show in the anonymous column, the arrays (memory-mapped, counted
in the resident set only once their pages are touched) in the file-backed one, and an
array the kernel exported in pieces is joined into one file there, through a mapping.
This process is not the supervisor: it never ran a kernel client, never held the
executed notebook nor imported the checks in a background thread, and a step's
transient peak varies from run to run (pages of a mapping are counted as they are
touched and freed), so its peak and ``judge_bytes`` differ by up to about 0.1 GiB; the
last row of each notebook gives the supervisor's own ``judge_bytes`` beside it. "peak"
is over the whole process, as ``judge_bytes``; "step's own peak" shows which step set it.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil  # only the standard library and psutil here: ``--judge`` starts bare

GIB = 1024**3
DATA_DIR_ENV = "DENSEGRADE_DATA_DIR"  # autograder.data's, not imported: ``--judge`` starts bare
MARK = "judge-memory-step "  # the judging child's lines for the driver, among any others
HARNESS = "autograder.judging.harness"
Step = tuple[str, Callable[[dict[str, Any]], None]]


# ---- the judging child: one export, step by step, in a fresh interpreter ----


def status_kib(field: str) -> int:
    """A field of /proc/self/status, in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        found = re.search(rf"^{field}:\s+(\d+) kB", status.read(), re.MULTILINE)
    return int(found[1]) if found else 0


def reset_peak() -> bool:
    """Reset ``VmHWM`` to the current resident set; False where the kernel refuses."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def measured(name: str, seconds: float, own_peak: bool, earlier_peak: int) -> dict[str, Any]:
    """The process's memory now; ``VmHWM`` is the step's own peak when it was reset."""
    process = psutil.Process()
    peak = status_kib("VmHWM") * 1024
    return {
        "step": name,
        "seconds": round(seconds, 1),
        "rss": process.memory_info().rss,
        "uss": process.memory_full_info().uss,
        "anon": status_kib("RssAnon") * 1024,
        "file": status_kib("RssFile") * 1024 + status_kib("RssShmem") * 1024,
        "step_peak": peak if own_peak else None,
        "peak": max(peak, earlier_peak),  # over the whole process, as ``judge_bytes``
    }


def judging_steps(export_dir: Path, assignment: str) -> list[Step]:
    """``judge_export``'s work, as the supervisor does it after the kernel is gone."""

    def load_data(held: dict[str, Any]) -> None:
        from autograder.contracts.assignments import get_assignment
        from autograder.data import load_data

        load_data(get_assignment(assignment).dataset)  # cached; the copy is dropped

    def rebuild(held: dict[str, Any]) -> None:
        from autograder.judging import rebuild

        held["state"] = rebuild.read_state(export_dir)
        held["env"] = rebuild.rebuild_variables(held["state"], export_dir)
        held["signatures"] = rebuild.read_signatures(export_dir)
        held["model"] = rebuild.exported_model(held["state"])

    def facts(held: dict[str, Any]) -> None:
        from autograder.judging import training_record

        held["facts"] = training_record.facts_from_records(
            held["state"].fits, held["signatures"], held["model"], assignment
        )

    def tests(held: dict[str, Any]) -> None:
        from autograder.judging.harness import run_bundle_tests

        held["checks"] = run_bundle_tests(held["env"], held["facts"], assignment)

    def reports(held: dict[str, Any]) -> None:
        from autograder.judging import evidence

        held["evidence"] = evidence.collect(held["env"], assignment)

    return [
        ("interpreter + `import autograder`", lambda held: _imported("autograder")),
        ("supervisor's own modules", lambda held: _imported("autograder.execution.supervisor")),
        ("`import keras` (TensorFlow)", lambda held: _imported("keras")),
        ("checks (`autograder.judging.harness`)", lambda held: _imported(HARNESS)),
        ("data set (`load_data`, cached)", load_data),
        ("export rebuilt (`read_state`, `rebuild_variables`)", rebuild),
        ("training facts (`facts_from_records`)", facts),
        ("bundle tests (`run_bundle_tests`)", tests),
        ("evidence (`evidence.collect`): `judge_export` done", reports),
    ]


def _imported(module: str) -> None:
    importlib.import_module(module)


def judge(export_dir: Path, assignment: str) -> None:
    """Run the steps, printing one marked JSON line each, then the score."""
    held: dict[str, Any] = {}
    peak = 0
    for name, step in judging_steps(export_dir, assignment):
        own_peak = reset_peak()
        started = time.monotonic()
        step(held)
        row = measured(name, time.monotonic() - started, own_peak, peak)
        peak = row["peak"]
        print(MARK + json.dumps(row), flush=True)
    score = sum(check.points for check in held["checks"])
    print(MARK + json.dumps({"score": score}), flush=True)


# ---- the driver: grade each notebook once, then judge its export in a child ----


def supervisor_environment() -> dict[str, str]:
    """The environment the grading pool gives its supervisors (no new root here)."""
    from autograder.execution.limits import Limits
    from autograder.execution.pool import _supervisor_environment

    return _supervisor_environment(False, Limits())


def graded(notebook: Path, assignment: str, folder: Path, environment: dict) -> dict[str, Any]:
    """Grade ``notebook`` with a supervisor as the pool starts one; its verdict and the
    export folder it left."""
    from autograder.contracts import typed_files
    from autograder.execution import processes, sandbox
    from autograder.execution.jobs import Job, JobFolder
    from autograder.execution.limits import Limits
    from autograder.judging.verdicts import Verdict

    job = Job(folder=JobFolder(str(folder)), assignment=assignment, limits=Limits(), uid=None)
    job.folder.workdir.mkdir(parents=True)
    job.folder.submission.write_bytes(notebook.read_bytes())
    command = [*processes.die_with_parent(), *sandbox.supervisor_prefix(), sys.executable]
    command += [
        "-m",
        "autograder.execution.supervisor",
        str(typed_files.write(job.folder.job, job)),
    ]
    started = time.monotonic()
    with (folder / "supervisor.log").open("wb") as log:
        subprocess.run(command, stdout=log, stderr=log, env=environment, check=False)
    seconds = time.monotonic() - started
    if not job.folder.verdict.is_file():
        raise RuntimeError(f"no verdict: see {folder / 'supervisor.log'}")
    verdict = typed_files.read(Verdict, job.folder.verdict)
    exports = sorted(job.folder.workdir.glob(".densegrade-export-*"))
    return {"verdict": verdict, "export": exports[0] if exports else None, "seconds": seconds}


def judged_in_steps(export_dir: Path, assignment: str, environment: dict) -> list[dict]:
    """The child's measurements, step by step, and its score last."""
    from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT

    command = [sys.executable, "-m", "benchmarks.judge_memory", "--judge", str(export_dir)]
    run = subprocess.run(
        [*command, assignment],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [json.loads(line[len(MARK) :]) for line in run.stdout.splitlines() if MARK in line]
    if run.returncode != 0 or not lines or "score" not in lines[-1]:
        raise RuntimeError(f"judging failed ({run.returncode}): {run.stderr[-3000:]}")
    return lines


def measure(label: str, notebook: Path, assignment: str, folder: Path) -> list[dict]:
    """One notebook: graded, then judged in steps; one row per step, and the supervisor's."""
    environment = supervisor_environment()
    ran = graded(notebook, assignment, folder, environment)
    verdict, name = ran["verdict"], f"{assignment}, {label}"
    if ran["export"] is None:
        raise RuntimeError(f"{name}: no export ({verdict.status}: {verdict.reason})")
    started = time.monotonic()
    *steps, end = judged_in_steps(ran["export"], assignment, environment)
    judging = time.monotonic() - started
    score = sum(check.points for check in verdict.checks)
    same = "" if end["score"] == score else f", judged here {end['score']:g} (DIFFERS)"
    print(
        f"{name}: {verdict.status}, {score:g} points{same}; export {export_gib(ran['export'])} "
        f"GiB; graded in {ran['seconds']:.0f} s, judged in steps in {judging:.0f} s",
        flush=True,
    )
    supervisor = {"step": "supervisor's `judge_bytes` (whole job)"}
    supervisor["peak"] = verdict.peak_memory.get("judge_bytes")
    return [dict(row, notebook=name) for row in (*steps, supervisor)]


def export_gib(export_dir: Path) -> float:
    """The export's array files (a joined array counts once: the judge wrote it)."""
    files = [p for p in export_dir.rglob("*.npy") if not p.name.endswith(".joined.npy")]
    return round(sum(p.stat().st_size for p in files) / GIB, 2)


def _gib(value: int | None) -> str:
    return "" if value is None else f"{value / GIB:.2f}"


def render(rows: list[dict]) -> str:
    lines = [
        "| notebook | step | resident GiB | increment GiB | peak GiB | step's own peak GiB "
        "| anonymous GiB | file-backed GiB | USS GiB | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    previous = None
    for row in rows:
        rss = row.get("rss")
        increment = rss - previous if rss is not None and previous is not None else rss
        previous = rss  # None after a notebook's last row: the next one starts from zero
        lines.append(
            f"| {row['notebook']} | {row['step']} | {_gib(rss)} | {_gib(increment)} | "
            f"{_gib(row['peak'])} | {_gib(row.get('step_peak'))} | {_gib(row.get('anon'))} | "
            f"{_gib(row.get('file'))} | {_gib(row.get('uss'))} | {row.get('seconds', '')} |"
        )
    return "\n".join(lines)


def selected(folder: Path, assignments: list[str]) -> list[tuple[str, str, Path]]:
    from benchmarks.gradescope_resources import notebooks

    return [item for item in notebooks(folder) if item[0] in assignments]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", default="mnist_dense,cifar10_dense")
    parser.add_argument("--cifar-test-images", type=int, default=0, help="0: the offline set")
    parser.add_argument(
        "--judge", nargs=2, metavar=("EXPORT", "ASSIGNMENT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.judge:
        judge(Path(args.judge[0]), args.judge[1])
        return
    data_dir = os.environ.get(DATA_DIR_ENV)
    if not data_dir:
        parser.error(f"set {DATA_DIR_ENV} to the offline data folder (../shared/data)")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="densegrade-judge-memory-") as scratch:
        if args.cifar_test_images:
            from benchmarks.gradescope_resources import test_set_of

            copy = test_set_of(args.cifar_test_images, Path(data_dir), Path(scratch))
            os.environ[DATA_DIR_ENV] = str(copy)  # for the supervisors and the judging children
        found = selected(Path(scratch) / "notebooks", args.assignments.split(","))
        for index, (assignment, label, path) in enumerate(found):
            rows += measure(label, path, assignment, Path(scratch) / f"job-{index}")
    print(render(rows))


if __name__ == "__main__":
    main()
