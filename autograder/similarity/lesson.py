"""The lesson's own code: everyone's, so nobody's.

Students are told to follow the lesson, and most paste its code blocks as they are, so
two notebooks sharing that code share nothing of their own. The blocks are read from
the lesson's Markdown (its fenced ``python`` blocks) by ``python -m
autograder.similarity.lesson LESSON_DIR`` into ``lesson_blocks.json`` beside this
module, which is committed: instructors grade without the lesson's folder, and
tests/similarity checks the file against ``../shared/lesson``.
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path

from autograder.contracts.project import PACKAGE_DIR

BLOCKS_FILE = "lesson_blocks.json"
BLOCKS_PATH = PACKAGE_DIR / "similarity" / BLOCKS_FILE
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def read_blocks(lesson_dir: Path) -> list[str]:
    """Every fenced ``python`` block of the lesson's pages, in file and page order."""
    blocks = []
    for page in sorted(Path(lesson_dir).glob("*.txt")) + sorted(Path(lesson_dir).glob("*.md")):
        blocks += [block.rstrip() for block in FENCE.findall(page.read_text(encoding="utf-8"))]
    return blocks


@cache
def lesson_blocks() -> tuple[str, ...]:
    text = BLOCKS_PATH.read_text("utf-8")
    return tuple(json.loads(text))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m autograder.similarity.lesson LESSON_DIR", file=sys.stderr)
        return 2
    blocks = read_blocks(Path(argv[0]))
    target = BLOCKS_PATH
    target.write_text(json.dumps(blocks, indent=1) + "\n", encoding="utf-8")
    print(f"{len(blocks)} blocks written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
