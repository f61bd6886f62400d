"""What the feedback pages and the dashboard cost, beside the grading they follow.

    python -m benchmarks.report_writing [--class-size 200]

One run, side by side: the demo's 8 samples are graded with `densegrade grade
--no-reports` (which also skips the reference runs), then with the pages (which
grades the two references too), then the pages are rewritten alone with
`densegrade report` for those 8 and for a class of ``--class-size`` made of
copies of their results. Needs DENSEGRADE_DATA_DIR.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.drivers.samples import write_samples


def timed(command: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, text=True)
    return time.monotonic() - started


def cli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "autograder.cli", *arguments]


def copy_class(graded: Path, target: Path, size: int) -> None:
    """A class of ``size`` made of copies of ``graded``'s results, with its references."""
    shutil.copytree(graded / "reference", target / "reference")
    results = sorted((graded / "results").glob("*.json"))
    (target / "results").mkdir(parents=True)
    for index in range(size):
        data = json.loads(results[index % len(results)].read_text())
        data["submission"] = data["student"] = f"student{index:04d}"
        (target / "results" / f"student{index:04d}.json").write_text(json.dumps(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="densegrade-bench-") as scratch:
        root = Path(scratch)
        submissions = root / "submissions"
        count = len(write_samples(submissions))
        plain = timed(
            cli("grade", str(submissions), "--out", str(root / "plain"), "-q", "--no-reports")
        )
        with_pages = timed(cli("grade", str(submissions), "--out", str(root / "pages"), "-q"))
        pages_only = timed(cli("report", str(root / "pages")))
        copy_class(root / "pages", root / "class", options.class_size)
        class_pages = timed(cli("report", str(root / "class")))
    per_page = class_pages / options.class_size
    print(f"grade --no-reports, {count} submissions:            {plain:7.1f} s")
    print(
        f"grade with pages (+ 2 reference runs):       {with_pages:7.1f} s "
        f"({with_pages / plain:.2f}x)"
    )
    print(
        f"report alone, {count} submissions:                {pages_only:7.1f} s "
        f"({pages_only / plain:.1%} of grading them)"
    )
    print(f"report alone, {options.class_size} submissions:              {class_pages:7.1f} s "
          f"({per_page:.2f} s per submission, {per_page / (plain / count):.1%} of grading one "
          f"in this batch)")  # fmt: skip


if __name__ == "__main__":
    main()
