"""A class graded, its written answers scored, then graded again by a changed grader: the
autograded points follow the new grader, every manual score stays."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from autograder.desk.gradebook import current
from autograder.desk.gradebook.store import Gradebook
from tests.conftest import seed_references

pytestmark = pytest.mark.notebook


def grade(folder, out) -> None:
    command = [sys.executable, "-m", "autograder.cli", "grade", str(folder), "--out", str(out)]
    finished = subprocess.run([*command, "--no-reports"], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr[-3000:]


def test_a_regrade_after_a_check_change_keeps_every_manual_score(
    project_root, graded_references, tmp_path
):
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    folder, out = tmp_path / "class", tmp_path / "out"
    folder.mkdir()
    for student in ("ann", "ben"):
        text = stub.read_text().replace(
            '"metadata": {', f'"metadata": {{"student": "{student}",', 1
        )
        (folder / f"{student}_mnist_dense.ipynb").write_text(text)
    seed_references(graded_references, out)
    grade(folder, out)
    with Gradebook.of(out) as book:
        first = {row.submission: row.autograded for row in book.entries()}
        for submission in first:
            book.save_manual("mnist_dense", submission, "curves_reading", 1.5, "kept", "ta1", 0)
    # An earlier grader gave other points: this grader's identity differs, so it regrades.
    result_file = out / "results" / "ann_mnist_dense.json"
    earlier = json.loads(result_file.read_text())
    earlier.update(score=12.0, grader="an earlier grader")
    result_file.write_text(json.dumps(earlier))
    with current(out) as book:  # the gradebook as that grader left it
        assert {row.submission: row.autograded for row in book.entries()}["ann_mnist_dense"] == 12
    grade(folder, out)
    with Gradebook.of(out) as book:
        rows = {row.submission: row for row in book.entries()}
        assert {name: row.autograded for name, row in rows.items()} == first
        assert {name: row.manual for name, row in rows.items()} == {n: 1.5 for n in first}
        assert book.changed_answers() == []
        assert json.loads(result_file.read_text())["grader"] != "an earlier grader"
