"""Prove that student-facing files hold no solution code and no hidden test.

What counts as secret is read from the sources themselves: solution lines of the
reference notebooks and the hidden test cases of the bundles.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.build import IGNORED_PARTS
from autograder.otter_format import MARKUP_TRACE, code_lines, read_master, read_test_file

MIN_SECRET_LENGTH = 12  # shorter lines ("])", "...") prove nothing


def solution_lines(master: Path) -> set[str]:
    """Code and prose that only the reference notebook may contain."""
    secrets: set[str] = set()
    for master_cell in read_master(master).cells:
        cell = master_cell.cell
        if master_cell.solution and cell.cell_type == "code":
            secrets |= {line.hidden for line in code_lines(cell.source)}  # what otter hides
        elif master_cell.solution and cell.cell_type == "markdown":  # otter drops it
            secrets.add(cell.source.strip())
    return {secret for secret in secrets if len(secret) >= MIN_SECRET_LENGTH}


def hidden_test_secrets(bundle_tests: Path) -> set[str]:
    """Names and bodies of hidden test cases."""
    secrets = set()
    for test_file in sorted(bundle_tests.glob("*.py")):
        for case in read_test_file(test_file).cases:
            if case.hidden:
                secrets.add(f"def {case.function}(")
                secrets |= {line.strip() for line in case.body.splitlines() if "import" not in line}
    return {secret for secret in secrets if len(secret) >= MIN_SECRET_LENGTH}


def student_facing_files(project_root: Path) -> list[Path]:
    return sorted(
        path
        for path in (project_root / "assignments").rglob("*")
        if path.is_file() and not IGNORED_PARTS & set(path.parts)
    )


def find_leaks(project_root: Path) -> list[str]:
    """Every place a student-facing file reveals a secret; empty when clean."""
    secrets: set[str] = set()
    for master in (project_root / "solutions").glob("*.ipynb"):
        secrets |= solution_lines(master)
    for tests in (project_root / "autograder" / "bundles").glob("*/tests"):
        secrets |= hidden_test_secrets(tests)
    leaks = []
    for path in student_facing_files(project_root):
        text = _readable_text(path)
        relative = path.relative_to(project_root)
        leaks += [
            f"{relative}: solution or hidden test: {s!r}" for s in sorted(secrets) if s in text
        ]
        if trace := MARKUP_TRACE.search(text):
            leaks.append(f"{relative}: marker {trace[0]!r}")
    return leaks


def _readable_text(path: Path) -> str:
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8", errors="replace")
    # Cell sources as written (JSON escapes would hide a leaked line), metadata as JSON.
    notebook = nbformat.read(path, as_version=4)
    parts = [cell.source for cell in notebook.cells]
    return "\n".join(parts) + "\n" + path.read_text(encoding="utf-8")
