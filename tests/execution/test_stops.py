"""What a stopped or dead kernel is charged with (:mod:`autograder.execution.stops`)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import nbformat

from autograder.execution import memory, stops
from tests.execution.made_jobs import job_in


def verdict_for(
    error: Exception,
    tmp_path: Path,
    *,
    fired: bool = False,
    log: str = "",
    peak_gib: float = 0.5,
    ours: bool = False,
    exceeded_gib: float | None = None,
    reserved_gib: float = 0.0,
    notebook=None,
):
    job = job_in(tmp_path)
    job.folder.workdir.mkdir(exist_ok=True)
    job.folder.kernel_log.write_text(log)
    watchdog = stops.Watchdog(km=None, seconds=30)
    watchdog.entering_cell(4, "while True:\n    pass")
    watchdog.fired = fired
    monitor = memory.MemoryMonitor(lambda: None)
    monitor.peak = memory.MemoryPeak(
        charged_bytes=int(peak_gib * 1024**3), data_bytes=int(reserved_gib * 1024**3)
    )
    monitor.exceeded_at = int(exceeded_gib * 1024**3) if exceeded_gib else None
    execution = SimpleNamespace(notebook=notebook) if notebook else None
    return stops.failed_execution(watchdog, monitor, error, job, ours, execution)


def test_a_stopped_kernel_is_told_apart_by_cause(tmp_path):
    timeout = verdict_for(RuntimeError(), tmp_path, fired=True)
    assert timeout.status == "timeout"
    assert timeout.reason == "the notebook ran longer than 30 s while running cell 4 `while True:`"
    memory_sign = verdict_for(RuntimeError(), tmp_path, log="terminate: std::bad_alloc")
    assert (memory_sign.status, "limit 2 GiB" in memory_sign.reason) == ("memory", True)
    died = verdict_for(RuntimeError("dead"), tmp_path)
    assert died.status == "error" and "the kernel stopped while running cell 4" in died.reason


def test_a_kernel_that_dies_silently_near_its_limit_ran_out_of_memory(tmp_path):
    # TensorFlow often aborts on a failed allocation without a word in any log.
    near = verdict_for(RuntimeError("dead"), tmp_path, peak_gib=1.9)
    assert near.status == "memory"
    assert near.reason == (
        "the kernel ran out of memory (limit 2 GiB; it had 1.9 GiB when it stopped) "
        "while running cell 4 `while True:`"
    )


def test_a_kernel_the_watch_stopped_at_its_limit_ran_out_of_memory(tmp_path):
    stopped = verdict_for(RuntimeError("dead"), tmp_path, peak_gib=2.01, exceeded_gib=2.01)
    assert stopped.status == "memory"
    assert stopped.reason == (
        "the notebook used more memory than its limit of 2 GiB (2.01 GiB resident when it "
        "was stopped) while running cell 4 `while True:`"
    )
    # in the grader's own cells the reserve was not enough: the grader's failure
    ours = verdict_for(RuntimeError("export failed"), tmp_path, exceeded_gib=2.6, ours=True)
    assert ours.status == "grader_error"


def test_a_failure_of_the_graders_own_cells_is_the_graders(tmp_path):
    ours = verdict_for(
        RuntimeError("the grader's export cell failed: OSError"), tmp_path, ours=True
    )
    assert (ours.status, ours.reason) == (
        "grader_error",
        "the grader's export cell failed: OSError",
    )


def test_a_kernel_that_reserved_its_address_space_is_told_so_and_where_it_began(tmp_path):
    # A loop of np.empty reserves address space it never touches, until the backstop
    # (4 GiB for a 2 GiB limit) fails it; the kernel dies later, in an innocent cell.
    cells = [nbformat.v4.new_code_cell(f"x{i} = {i}") for i in range(5)]
    cells[2] = nbformat.v4.new_code_cell("blocks = []\nwhile True:\n    blocks.append(...)")
    cells[2].outputs = [nbformat.v4.new_output("error", ename="MemoryError", evalue="")]
    died = verdict_for(
        RuntimeError("dead"), tmp_path, peak_gib=0.3, reserved_gib=3.9,
        notebook=nbformat.v4.new_notebook(cells=cells),
    )  # fmt: skip
    assert died.status == "memory"
    assert died.reason == (
        "the kernel ran out of memory (limit 2 GiB; it had reserved 3.9 GiB of address "
        "space, of the 4 GiB a notebook may reserve, with 0.3 GiB in use) while running "
        "cell 4 `while True:`; the first out-of-memory error was in cell 2 `blocks = []`"
    )
