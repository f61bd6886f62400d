"""Peak memory of the lesson's own code in a grading kernel, and the limits it passes at.

    python -m benchmarks.memory_peaks [--limits 4.5,5,6,8] [--out docs/benchmarks.md]

Grades the two lesson-verbatim corpus notebooks (the lesson's code pasted cell for
cell) and the reference solutions with ``densegrade grade`` once per memory limit,
and prints each kernel's peak ``VmData`` (what ``--memory-limit`` counts) and peak
resident size, the grader's own resident memory beside the running kernel and its peak
over the job (judging included, after the kernel is gone), with the status and score at
each limit. The default limit is chosen
from these numbers (docs/grading.md, "Memory").
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT
from autograder.corpus.cases import CASES
from autograder.corpus.notebooks import write_corpus

LESSON_CASES = tuple(case for case in CASES if case.name.endswith("_lesson_verbatim"))
GIB = 1024**3


def grade_at(limit: float, submissions: Path, out: Path) -> list[dict]:
    command = [sys.executable, "-m", "autograder.cli", "grade", str(submissions)]
    command += ["--out", str(out), "--no-reports", "--quiet", "--memory-limit", str(limit)]
    command += ["--ignore-reference-failure"]  # the references are measured too
    subprocess.run(command, cwd=PROJECT_ROOT, check=False)
    rows = []
    for folder in ("reference", "results"):
        for path in sorted((out / folder).glob("*.json")):
            result = json.loads(path.read_text())
            peak = result.get("peak_memory") or {}
            rows.append(
                {
                    "limit_gib": limit,
                    "notebook": result["submission"],
                    "status": result["status"],
                    "score": result["score"],
                    "peak_data_gib": round(peak.get("data_bytes", 0) / GIB, 2),
                    "peak_resident_gib": round(peak.get("resident_bytes", 0) / GIB, 2),
                    "grader_beside_gib": round(peak.get("grader_bytes", 0) / GIB, 2),
                    "judge_peak_gib": round(peak.get("judge_bytes", 0) / GIB, 2),
                    "seconds": result["seconds"],
                }
            )
    return rows


def render(rows: list[dict]) -> str:
    lines = [
        "| limit (GiB) | notebook | status | score | peak VmData (GiB) | peak resident (GiB) "
        "| grader beside the kernel (GiB) | grader's peak, judging included (GiB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['limit_gib']:g} | {row['notebook']} | {row['status']} | {row['score']} | "
            f"{row['peak_data_gib']} | {row['peak_resident_gib']} | "
            f"{row['grader_beside_gib']} | {row['judge_peak_gib']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", default="4.5,5,8", help="GiB, comma-separated")
    parser.add_argument("--csv", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="densegrade-memory-") as scratch:
        submissions = Path(scratch) / "submissions"
        write_corpus(submissions, LESSON_CASES)
        for limit in (float(value) for value in args.limits.split(",")):
            rows += grade_at(limit, submissions, Path(scratch) / f"out-{limit:g}")
            print(render(rows), flush=True)
    if args.csv:
        with args.csv.open("w", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
