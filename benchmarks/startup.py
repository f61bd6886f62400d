"""Side-by-side start-up cost of the processes that grade one submission.

Each submission starts three Python processes that read notebooks: its supervisor, its
kernel (which imports otter from the student's first cell) and, once per batch, the
CLI. Each imports what it imports in a fresh interpreter, alternating between the
package as shipped (``autograder`` marks rfc3987-syntax absent before jsonschema can
build its parser) and as installed (the parser built, as any other importer gets it).
Usage: ``.venv/bin/python benchmarks/startup.py [ROUNDS]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

PROCESSES = {
    "CLI": "import autograder.cli",
    "supervisor": "import autograder.execution.supervisor, autograder.judging.harness",
    "kernel": "import autograder.kernel.setup, otter",
}
WAYS = {"shipped": "", "parser built": "import rfc3987_syntax; "}


def seconds(code: str) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.monotonic() - started


def main(rounds: int) -> None:
    times = {(p, w): [] for p in PROCESSES for w in WAYS}
    for _ in range(rounds):
        for process, imports in PROCESSES.items():
            for way, prefix in WAYS.items():  # alternate, so load drifts hit both alike
                times[process, way].append(seconds(prefix + imports))
    print(f"| process | shipped (s) | parser built (s) | ratio | ({rounds} rounds, medians)")
    print("|---|---|---|---|")
    for process in PROCESSES:
        shipped, built = (statistics.median(times[process, way]) for way in WAYS)
        print(f"| {process} | {shipped:.2f} | {built:.2f} | {built / shipped:.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
