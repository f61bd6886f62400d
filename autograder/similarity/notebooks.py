"""What of a submitted notebook is the student's: answer code and saved outputs.

Answer code is every code cell that is not one of the handout's own cells (the bundle's
``code.json``, written by the build). Saved outputs are what the student's own run
printed (stream text and plain-text results), which the grader never produces: the
notebook comes in as the student saved it.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from functools import cache
from typing import Any

from autograder.contracts.bundle import CODE_FILE, bundle_dir

MAX_CELL_CHARS = 20_000  # a pasted data dump is not code anyone wrote
MAX_CODE_CHARS = 200_000  # far beyond any honest answer: more is not compared
MAX_OUTPUT_CHARS = 1_000_000  # a training log is a few kilobytes
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024


class NotComparable(ValueError):
    """A notebook the report cannot compare: the message is the reason it lists."""


@dataclass(frozen=True)
class StudentWork:
    submission: str
    assignment: str
    code: str  # the answer cells, joined
    outputs: str  # the saved stream and text outputs, joined


@cache
def bundle_code(assignment: str) -> dict[str, list[str]]:
    """``{"handout": [...], "reference": [...]}`` for ``assignment``."""
    return json.loads((bundle_dir(assignment) / CODE_FILE).read_text(encoding="utf-8"))


def student_work(submission: str, assignment: str, notebook: Any) -> StudentWork:
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise NotComparable("no cells could be read")
    given = {source.strip() for source in bundle_code(assignment)["handout"]}
    code, outputs = [], []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = _text(cell.get("source", ""))
        if source.strip() and source.strip() not in given:
            code.append(source[:MAX_CELL_CHARS])
        outputs += [_output_text(output) for output in cell.get("outputs") or []]
    if not code:
        raise NotComparable("no answer code: every code cell is the handout's own")
    joined = "\n".join(code)
    if len(joined) > MAX_CODE_CHARS:
        raise NotComparable(f"more than {MAX_CODE_CHARS:,} characters of answer code")
    return StudentWork(submission, assignment, joined, "\n".join(outputs)[:MAX_OUTPUT_CHARS])


def _output_text(output: Any) -> str:
    if not isinstance(output, dict):
        return ""
    if output.get("output_type") == "stream":
        return _text(output.get("text", ""))
    data = output.get("data") or {}
    return _text(data.get("text/plain", "")) if isinstance(data, dict) else ""


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def read_submitted(label: str) -> Any:
    """The notebook as the student handed it in (``path`` or ``zip!member``), outputs and
    all: not the grader's executed copy, whose outputs are the grader's own run."""
    path, _, member = label.partition("!")
    try:
        if member:
            with zipfile.ZipFile(path) as archive:
                if archive.getinfo(member).file_size > MAX_NOTEBOOK_BYTES:
                    raise NotComparable("the notebook is too large to compare")
                data = archive.read(member)
        else:
            with open(path, "rb") as stream:
                data = stream.read(MAX_NOTEBOOK_BYTES + 1)
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise NotComparable(f"the submitted file cannot be read: {error}") from error
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise NotComparable("the notebook is too large to compare")
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise NotComparable(f"not a readable notebook: {error}") from error
