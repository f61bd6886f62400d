"""Broken and hostile submissions cost only themselves: every one gets its row, the
references in the same batch grade as they do alone, and nothing is left behind."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT
from autograder.contracts.project import ProjectFolder
from autograder.execution.isolation import SANDBOX_UID_BASE
from tests.catalogue.cases import (
    CASES,
    CATALOGUE_TIMEOUT,
    MARKER,
    STALL_TIMEOUT,
    STALLS,
    reference,
    write_catalogue,
)
from tests.conftest import seed_references

pytestmark = pytest.mark.notebook
BUNDLES = ProjectFolder(PROJECT_ROOT).bundles


def grade(paths: list[Path], out: Path, timeout: float = CATALOGUE_TIMEOUT) -> list[dict]:
    """`densegrade grade --json-lines`, as a script would run it; returns the events."""
    command = [sys.executable, "-m", "autograder.cli", "grade", *map(str, paths)]
    command += ["--out", str(out), "--timeout", str(timeout), "--json-lines"]
    command += ["--no-reports"]  # reports are tested on the demo (tests/test_demo.py)
    finished = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return [json.loads(line) for line in finished.stdout.splitlines()]


def sandbox_processes() -> list[str]:
    found = []
    for process in psutil.process_iter(["uids", "cmdline"]):
        uid = process.info["uids"].real if process.info["uids"] else -1
        command = " ".join(process.info["cmdline"] or [])
        if SANDBOX_UID_BASE <= uid < SANDBOX_UID_BASE + 1000 or "execution.supervisor" in command:
            found.append(f"{process.pid} uid {uid}: {command[:80]}")
    return found


def grader_temp_dirs() -> set[str]:
    return {path.name for path in Path(tempfile.gettempdir()).glob("densegrade-*")}


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def batch(tmp_path_factory, graded_references):
    folder = tmp_path_factory.mktemp("catalogue")
    paths = write_catalogue(folder / "submissions")
    nbformat.write(reference(), folder / "submissions" / "reference_mnist_dense.ipynb")
    (folder / "stalls").mkdir()
    for path in paths:
        if path.stem.removesuffix("_mnist_dense") in STALLS:
            path.rename(folder / "stalls" / path.name)
    temp_before, bundles_before = grader_temp_dirs(), tree_digest(BUNDLES)
    for out in ("out", "out-stalls"):  # the reference graded alone, before these batches
        seed_references(graded_references, folder / out)
    events = grade([folder / "submissions"], folder / "out")
    events += grade([folder / "stalls"], folder / "out-stalls", STALL_TIMEOUT)
    results = {}
    for out in (folder / "out", folder / "out-stalls"):
        rows = {row["submission"]: row for row in csv.DictReader((out / "grades.csv").open())}
        results |= {name: json.loads((out / f"results/{name}.json").read_text()) for name in rows}
    artifact = PROJECT_ROOT / "test-artifacts" / "catalogue.md"
    artifact.parent.mkdir(exist_ok=True)
    artifact.write_text(render_table(results), encoding="utf-8")
    return {
        "folder": folder,
        "paths": paths,
        "events": events,
        "results": results,
        "leftover_processes": sandbox_processes(),
        "new_temp_dirs": grader_temp_dirs() - temp_before,
        "bundles_changed": tree_digest(BUNDLES) != bundles_before,
    }


def result_for(batch, case) -> dict:
    return batch["results"][f"{case.name.removesuffix('_mnist_dense')}_mnist_dense"]


def render_table(results: dict[str, dict]) -> str:
    lines = ["| case | what it does | status | score | reason |", "|---|---|---|---|---|"]
    for case in CASES:
        result = results[f"{case.name.removesuffix('_mnist_dense')}_mnist_dense"]
        reason = result["reason"] or "; ".join(result["execution_errors"])[:160]
        score = f"{result['score']:g} / {result['max_score']:g}"
        reason = reason.replace("|", "\\|").replace("\n", " ")
        lines.append(
            f"| {case.name} | {case.description} | {result['status']} | {score} | {reason} |"
        )
    return "\n".join(lines) + "\n"


def test_the_catalogue_covers_the_issue():
    assert len(CASES) >= 24
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_case_gets_its_row(batch, case):
    result = result_for(batch, case)
    said = result["reason"] + " " + " ".join(result["execution_errors"])
    assert result["status"] == case.status, said
    assert case.reason in said
    if case.score is not None:
        assert result["score"] == case.score, said


def test_the_reference_in_the_batch_grades_as_it_does_alone(batch):
    in_batch = batch["results"]["reference_mnist_dense"]
    assert (in_batch["status"], in_batch["score"], in_batch["max_score"]) == ("ok", 13, 13)
    # The same notebook (but for the case name in its metadata, so it is graded again,
    # not given that result) was graded alone, in a batch of its own.
    alone = json.loads((batch["folder"] / "out/reference/mnist_dense.json").read_text())
    assert alone["content_sha256"] != in_batch["content_sha256"] and in_batch["seconds"] > 0
    assert alone["checks"] == in_batch["checks"]
    assert alone["training_facts"] == in_batch["training_facts"]


def test_every_event_is_a_json_line_with_a_summary(batch):
    kinds = [event["event"] for event in batch["events"]]
    assert kinds[0] == "start" and kinds[-1] == "summary"
    assert kinds.count("graded") == len(CASES) + 1


def test_nothing_is_left_behind(batch):
    assert batch["leftover_processes"] == []
    assert batch["new_temp_dirs"] == set()
    assert not list(Path(tempfile.gettempdir()).glob(MARKER))
    assert not (PROJECT_ROOT / MARKER).exists()
    assert not (batch["folder"] / "escaped.txt").exists()


def test_the_bundle_is_untouched(batch):
    assert not batch["bundles_changed"]


def student_facing_text(out: Path) -> dict[str, str]:
    """What a student may be shown: the grades row, the reason, errors and check messages."""
    texts = {"grades.csv": (out / "grades.csv").read_text()}
    for path in (out / "results").glob("*.json"):
        result = json.loads(path.read_text())
        parts = [result["reason"], *result["execution_errors"]]
        parts += [check["message"] for check in result["checks"]]
        texts[path.name] = "\n".join(parts)
    return texts


def test_no_hidden_test_text_reaches_any_student_facing_output(batch):
    public = "".join(
        cell.source
        for name in ("mnist_dense", "cifar10_dense")
        for cell in nbformat.read(PROJECT_ROOT / "assignments" / name / f"{name}.ipynb", 4).cells
    )
    hidden_lines = {
        line.strip()
        for path in BUNDLES.glob("*/tests/*.py")
        for line in path.read_text().splitlines()
        if len(line.strip()) > 30 and line.strip() not in public
    }
    assert hidden_lines, "the bundle should have hidden-only lines to look for"
    outs = [batch["folder"] / "out", batch["folder"] / "out-stalls"]
    texts = {f"{out.name}/{n}": t for out in outs for n, t in student_facing_text(out).items()}
    for name, text in texts.items():
        leaked = [line for line in hidden_lines if line in text]
        assert not leaked, f"{name} shows hidden test text: {leaked[:2]}"
