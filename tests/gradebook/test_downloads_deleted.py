"""A batch graded from a Gradescope export whose download folder is then deleted: every
penalty stays, on the pages and in the exports (issue 33: the time was re-read from the
download at every view, and the penalty vanished with the folder)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from autograder.desk.gradebook import current
from autograder.desk.lms import export
from autograder.desk.serve.app import create_app
from autograder.desk.serve.staff import ensure_staff
from tests.conftest import seed_references
from tests.serve.test_app import signed_in

pytestmark = pytest.mark.notebook

METADATA = """\
submission_1001:
  :submitters:
  - :name: On Time
    :sid: 'ontime'
  :created_at: 2026-12-10 23:00:00.000000000 -05:00
submission_1002:
  :submitters:
  - :name: Three Hours
    :sid: 'late'
  :created_at: 2026-12-11 02:30:00.000000000 -05:00
"""
COURSE = """\
[late]
per = "hour"
percent = 10

[assignments.mnist_dense]
due = 2026-12-10T23:59:00
timezone = "America/Toronto"
"""


def what_a_ta_and_the_lms_see(out, tmp_path) -> tuple:
    with current(out) as book:
        grades = {g.student: (g.penalty_percent, g.penalty_reason, g.final) for g in book.grades()}
    token = ensure_staff(out)[0].token
    client = signed_in(create_app(out), token)
    page = client.get("/student/late").data.decode()
    target = tmp_path / "final.csv"
    export.export_plain(out, target, export.Options(allow_ungraded=True))
    breakdown = page[page.index('id="final"') : page.index("</table>")]
    return grades, breakdown, target.read_bytes()


def test_deleting_the_downloads_after_grading_changes_no_penalty(
    project_root, graded_references, tmp_path
):
    stub = (project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb").read_text()
    downloads, out = tmp_path / "gradescope_export", tmp_path / "out"
    for number, student in (("1001", "ontime"), ("1002", "late")):
        folder = downloads / f"submission_{number}"
        folder.mkdir(parents=True)
        text = stub.replace('"metadata": {', f'"metadata": {{"student": "{student}",', 1)
        (folder / "mnist_dense.ipynb").write_text(text)
    (downloads / "submission_metadata.yml").write_text(METADATA)
    seed_references(graded_references, out)
    command = [sys.executable, "-m", "autograder.cli", "grade", str(downloads), "--out", str(out)]
    finished = subprocess.run([*command, "--no-reports"], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr[-3000:]
    (out / "course.toml").write_text(COURSE)
    with current(out) as book:  # points to lose: the handout's stub scores none
        book.set_override("late", 10, "a regrade by hand", "prof")

    before = what_a_ta_and_the_lms_see(out, tmp_path)
    grades = before[0]
    assert grades["ontime"][0] == 0 and "on time" in grades["ontime"][1]
    assert grades["late"][::2] == (30, 7)  # 2 h 31 min: 3 started hours x 10% of 10
    assert "Gradescope submission_metadata.yml" in grades["late"][1]
    shutil.rmtree(downloads)
    assert what_a_ta_and_the_lms_see(out, tmp_path) == before
