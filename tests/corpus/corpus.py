"""Grade the corpus notebooks the instructors' way, and publish the table.

The cases and their notebooks are in :mod:`autograder.corpus` (the benchmarks build
them too). ``python -m tests.corpus.corpus docs/corpus.md`` grades every case with
``densegrade grade`` and writes the table of expected and observed verdicts.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT
from autograder.corpus.cases import CASES, Case
from autograder.corpus.notebooks import write_corpus


def grade_corpus(submissions: Path, out_dir: Path, env: dict | None = None) -> dict[str, dict]:
    """Grade through the CLI, exactly as an instructor does; results by case name (and the
    references the batch graded first, as ``+reference/<assignment>``)."""
    command = [
        sys.executable,
        "-m",
        "autograder.cli",
        "grade",
        str(submissions),
        "--out",
        str(out_dir),
        "--no-reports",  # reports are tested on the demo (tests/test_demo.py)
    ]
    finished = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env)
    if finished.returncode != 0:
        raise RuntimeError(finished.stderr[-3000:])
    (out_dir / "stdout.txt").write_text(finished.stdout, encoding="utf-8")
    rows = {row["submission"]: row for row in csv.DictReader((out_dir / "grades.csv").open())}
    graded = {
        name: {**row, **json.loads((out_dir / "results" / f"{name}.json").read_text())}
        for name, row in rows.items()
    }
    for path in (out_dir / "reference").glob("*.json"):  # graded first, to check the grader
        graded[f"+reference/{path.stem}"] = json.loads(path.read_text())
    return graded


def failing_checks(result: dict) -> set[str]:
    return {check["check"] for check in result["checks"] if not check["passed"]}


def render_table(results: dict[str, dict], cases: tuple[Case, ...] = CASES) -> str:
    lines = [
        "| case | assignment | what it does | expected | observed | failing checks (observed) |",
        "|---|---|---|---|---|---|",
    ]
    for case in cases:
        result = results[case.name]
        observed = f"{float(result['score']):g} / {float(result['max_score']):g}"
        verdict = "" if _matches(case, result) else " **MISMATCH**"
        failing = ", ".join(sorted(failing_checks(result))) or "none"
        lines.append(
            f"| {case.name} | {case.assignment} | {case.description} | {case.score:g} | "
            f"{observed}{verdict} | {failing} |"
        )
    return "\n".join(lines) + "\n"


def _matches(case: Case, result: dict) -> bool:
    return float(result["score"]) == case.score and failing_checks(result) == set(case.failing)


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else PROJECT_ROOT / "docs" / "corpus.md"
    with tempfile.TemporaryDirectory(prefix="densegrade-corpus-") as scratch:
        write_corpus(Path(scratch) / "submissions")
        results = grade_corpus(Path(scratch) / "submissions", Path(scratch) / "out")
    header = target.read_text(encoding="utf-8").split("| case |")[0] if target.exists() else ""
    target.write_text(header + render_table(results), encoding="utf-8")
    print(render_table(results))
    return 0 if all(_matches(case, results[case.name]) for case in CASES) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
