"""Step 1 of a cluster run: what is left to grade, as the entries of a manifest.

The same rules as a batch on this machine (:mod:`autograder.drivers.resume`): an unchanged file
whose result the same grader kept is not graded again, a result the grader failed on
is, and a byte-identical file is graded once for all its copies.
"""

from __future__ import annotations

from pathlib import Path

from autograder.contracts.output.folder import OutputFolder
from autograder.drivers.cluster.manifest import Entry
from autograder.drivers.resume import identical_files, pending_work


def plan_entries(paths: list[Path], out_dir: Path, fingerprint: str, force: bool) -> list[Entry]:
    """Every submission under ``paths``, in the order found, marked graded, to grade, or
    the copy of another."""
    work = pending_work(paths, OutputFolder(out_dir), fingerprint, force)
    seen = {(r.content_sha256, r.assignment) for r in work.done.values() if r.final}
    unique, copies = identical_files(work.tasks, work.assignments, seen)
    originals = {(r.content_sha256, r.assignment): r.submission for r in work.done.values()}
    for task in unique:
        originals.setdefault((task.digest, work.assignments[task.name]), task.name)
    copied = {task.name for task in copies}
    entries = []
    for task in work.every:
        assignment = work.assignments[task.name]
        if task.name in work.done:
            entries.append(Entry.of(task, assignment, graded=True))
        elif task.name in copied:
            same_as = originals[(task.digest, assignment)]
            entries.append(Entry.of(task, assignment, same_as=same_as))
        else:
            entries.append(Entry.of(task, assignment))
    return entries
