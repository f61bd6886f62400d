"""Prove that student-facing files hold no solution code and no hidden test.

What counts as secret is read from the sources themselves: solution lines of the
reference notebooks and the hidden test cases of the bundles.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from autograder.build import IGNORED_PARTS

MIN_SECRET_LENGTH = 12  # shorter lines ("])", "...") prove nothing
MARKERS = re.compile(r"#\s*(BEGIN|END) (SOLUTION|HIDDEN|TESTS|QUESTION)|#\s*SOLUTION\b|hidden=True")
ASSIGNMENT_TARGET = re.compile(r"^[\w.\[\], ]+?\s*=(?!=)\s*")  # "X_train = ", not "f(a=1)"
HIDDEN_CASE = re.compile(
    r"@test_case\([^)]*hidden=True[^)]*\)\ndef (\w+)\((.*?)\):\n(.*?)(?:\n\n|\Z)", re.S
)


def solution_lines(master: Path) -> set[str]:
    """Code and prose that only the reference notebook may contain."""
    secrets: set[str] = set()
    in_block = False
    for cell in nbformat.read(master, as_version=4).cells:
        source = cell.source.strip()
        if cell.cell_type == "raw":
            if source.startswith("# BEGIN SOLUTION"):
                in_block = True
            elif source.startswith("# END SOLUTION"):
                in_block = False
            continue
        if in_block and cell.cell_type == "markdown":
            secrets.add(source)
        elif in_block:
            secrets |= _code_secrets(source)
    return {secret for secret in secrets if len(secret) >= MIN_SECRET_LENGTH}


def _code_secrets(source: str) -> set[str]:
    secrets, in_solution = set(), False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("# BEGIN SOLUTION"):
            in_solution = True
        elif stripped.startswith("# END SOLUTION"):
            in_solution = False
        elif re.search(r"#\s*SOLUTION\s*$", stripped):
            code = re.sub(r"#\s*SOLUTION\s*$", "", stripped).strip()
            assignment = ASSIGNMENT_TARGET.match(code)
            secrets.add(code[assignment.end() :].strip() if assignment else code)
        elif in_solution and stripped:
            secrets.add(stripped)
    return secrets


def hidden_test_secrets(bundle_tests: Path) -> set[str]:
    """Names and bodies of hidden test cases."""
    secrets = set()
    for test_file in bundle_tests.glob("*.py"):
        for name, _, body in HIDDEN_CASE.findall(test_file.read_text(encoding="utf-8")):
            secrets.add(f"def {name}(")
            secrets |= {line.strip() for line in body.splitlines() if "import" not in line}
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
        if MARKERS.search(text):
            leaks.append(f"{relative}: marker {MARKERS.search(text)[0]!r}")
    return leaks


def _readable_text(path: Path) -> str:
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8", errors="replace")
    # Cell sources as written (JSON escapes would hide a leaked line), metadata as JSON.
    notebook = nbformat.read(path, as_version=4)
    parts = [cell.source for cell in notebook.cells]
    return "\n".join(parts) + "\n" + path.read_text(encoding="utf-8")
