"""Prove that student-facing files hold no solution code, hidden test or hidden check.

What counts as secret is read from the sources themselves: solution lines of the
reference notebooks, the hidden test cases of the bundles and the definitions of the
hidden checks. Archives (the student handouts, and any zip or wheel inside them) are
scanned member by member.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import nbformat

from autograder.authoring.build import IGNORED_PARTS, Rendering, differences, handouts
from autograder.authoring.handout import handout_path
from autograder.contracts.otter_format import MARKUP_TRACE, code_lines, read_master, read_test_file
from autograder.contracts.project import ProjectFolder

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


def hidden_check_secrets(hidden_checks: Path) -> set[str]:
    """The definitions of the hidden checks, which only the grader holds."""
    secrets = set()
    for module in sorted(hidden_checks.glob("*.py")):
        secrets |= {
            line.strip()
            for line in module.read_text(encoding="utf-8").splitlines()
            if line.startswith(("def ", "class "))
        }
    return {secret for secret in secrets if len(secret) >= MIN_SECRET_LENGTH}


def project_secrets(project_root: Path) -> set[str]:
    """Solution lines, hidden tests and hidden checks: what no student file may hold."""
    secrets: set[str] = set()
    for master in ProjectFolder(project_root).references():
        secrets |= solution_lines(master)
    for tests in ProjectFolder(project_root).bundles.glob("*/tests"):
        secrets |= hidden_test_secrets(tests)
    return secrets | hidden_check_secrets(project_root / "autograder" / "checks" / "hidden")


def student_facing_files(project_root: Path) -> list[Path]:
    return sorted(
        path
        for path in (project_root / "assignments").rglob("*")
        if path.is_file() and not IGNORED_PARTS & set(path.parts)
    )


def find_leaks(project_root: Path) -> list[str]:
    """Every place a file of ``assignments/`` reveals a secret; empty when clean."""
    secrets = project_secrets(project_root)
    leaks = []
    for path in student_facing_files(project_root):
        label = str(path.relative_to(project_root))
        leaks += leaks_in(label, path.name, path.read_bytes(), secrets)
    return leaks


def stale_or_leaking(rendering: Rendering, project_root: Path) -> list[str]:
    """What ``densegrade build --check`` reports: generated files that differ from a fresh
    rendering, and leaks in the student-facing files and in the handouts."""
    problems = differences(rendering, project_root) + find_leaks(project_root)
    secrets = project_secrets(project_root)
    for name, handout in handouts(rendering).items():
        problems += find_archive_leaks(str(handout_path(Path(), name)), handout, secrets)
    return problems


def find_archive_leaks(label: str, content: bytes, secrets: set[str]) -> list[str]:
    """Every place a file in a zip (a handout, a wheel, a zip in either) reveals a secret,
    or a member that cannot be read."""
    leaks = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        return [f"{label}: not a readable archive ({error})"]
    with archive:
        for member in archive.namelist():
            if not member.endswith("/"):
                data = archive.read(member)
                leaks += leaks_in(f"{label}!{member}", member, data, secrets)
    return leaks


def leaks_in(label: str, name: str, content: bytes, secrets: set[str]) -> list[str]:
    """The secrets in one file (looking inside archives), and any leftover otter marker."""
    if name.endswith((".zip", ".whl")):
        return find_archive_leaks(label, content, secrets)
    text = _readable_text(name, content)
    leaks = [f"{label}: solution or hidden test: {s!r}" for s in sorted(secrets) if s in text]
    if trace := MARKUP_TRACE.search(text):
        leaks.append(f"{label}: marker {trace[0]!r}")
    return leaks


def _readable_text(name: str, content: bytes) -> str:
    text = content.decode("utf-8", errors="replace")
    if not name.endswith(".ipynb"):
        return text
    # Cell sources as written (JSON escapes would hide a leaked line), metadata as JSON.
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception:  # not a notebook after all: its raw text is all there is
        return text
    return "\n".join(cell.source for cell in notebook.cells) + "\n" + text
