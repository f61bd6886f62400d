"""Generate student notebooks and autograder bundles from the reference solutions.

``solutions/<name>.ipynb`` (otter-assign's master format) is the single source of
truth. ``otter assign`` renders it; we keep what students get in
``assignments/<name>/`` and the hidden grading bundle in
``autograder/bundles/<name>/``, normalised so a rebuild is byte-identical.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.authoring.handout import handout_path, handout_zip
from autograder.authoring.reference_tests import BuildError, check_partial_credit, check_test_cases
from autograder.authoring.settings import SettingsError, read_settings
from autograder.authoring.spec import SpecError, calibration_problem, read_spec, recorded_spec
from autograder.contracts.assignments import SPEC_FILE, Assignment
from autograder.contracts.bundle import CODE_FILE, MANUAL_QUESTIONS_FILE, QUESTIONS_FILE
from autograder.contracts.otter_format import (
    Question,
    name_test_cases,
    read_master,
    reference_answer,
    rubric,
    solved_cells,
)
from autograder.contracts.project import ProjectFolder

IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints"}


@dataclass
class Rendering:
    """Every generated file, keyed by its path relative to the project root."""

    files: dict[Path, bytes] = field(default_factory=dict)
    owned_dirs: list[Path] = field(default_factory=list)
    specs: dict[str, Assignment] = field(default_factory=dict)  # what the build read, by name


def render_all(project_root: Path) -> Rendering:
    rendering = Rendering()
    masters = ProjectFolder(project_root).references()
    if not masters:
        raise BuildError(f"no reference notebooks found in {project_root / 'solutions'}")
    refused = []
    for master in masters:  # every reference's problem at once, not the first one's alone
        try:
            render_assignment(master, project_root, rendering)
        except BuildError as error:
            refused.append(str(error))
    if refused:
        raise BuildError("\n".join(refused))
    return rendering


def render_assignment(master: Path, project_root: Path, rendering: Rendering) -> None:
    name = master.stem
    student_dir = ProjectFolder.student_folder(name)
    bundle_dir = ProjectFolder.bundle_folder(name)
    rendering.owned_dirs += [student_dir, bundle_dir]
    with tempfile.TemporaryDirectory(prefix="densegrade-build-") as scratch:
        output = Path(scratch) / "dist"
        _run_otter_assign(master, output)
        check_test_cases(name, output / "autograder" / "tests")
        spec = assignment_spec(master, project_root)
        check_partial_credit(spec, output / "autograder" / "tests", master)
        rendering.files[bundle_dir / SPEC_FILE] = spec.to_json().encode()
        rendering.specs[name] = spec
        if spec.own_dataset:  # kept with the bundle: grading serves it from there
            rendering.files[bundle_dir / spec.dataset] = (master.parent / spec.dataset).read_bytes()
        student = output / "student"
        rendering.files[student_dir / master.name] = normalise_notebook(student / master.name)
        for test_file in sorted((student / "tests").glob("*.py")):
            rendering.files[student_dir / "tests" / test_file.name] = _named(test_file.read_bytes())
        questions = read_master(master).questions
        rendering.files[bundle_dir / QUESTIONS_FILE] = question_order(questions)
        rendering.files[bundle_dir / MANUAL_QUESTIONS_FILE] = manual_questions(questions)
        rendering.files[bundle_dir / CODE_FILE] = code_cells(student / master.name, master)
        for archive in (output / "autograder").glob("*.zip"):
            with zipfile.ZipFile(archive) as bundle:
                for member in sorted(bundle.namelist()):
                    if not member.endswith("/"):
                        content = bundle.read(member)
                        if member.startswith("tests/"):
                            content = _named(content)
                        rendering.files[bundle_dir / member] = content


def assignment_spec(master: Path, project_root: Path) -> Assignment:
    """The spec of ``master`` (reusing the one recorded in its bundle when it was read
    from the same sources), refused with its reason when it cannot be graded."""
    try:
        settings = read_settings(master)
        spec = read_spec(master, settings, recorded_spec(project_root, master.stem))
    except (SettingsError, SpecError) as error:
        raise BuildError(str(error)) from error
    problem = calibration_problem(spec, settings.path)
    if problem:
        raise BuildError(problem)
    return spec


def question_order(questions: Sequence[Question]) -> bytes:
    """The autograded questions in notebook order, for reports (otter keeps no order)."""
    names = [question.name for question in questions if not question.manual]
    return (json.dumps(names, indent=2) + "\n").encode()


def manual_questions(questions: Sequence[Question]) -> bytes:
    """The free-response questions: name, points and prompt (to find the answers by), and
    the solution's reference answer and rubric (for the TAs grading them)."""
    manual = []
    for question in questions:
        if not question.manual:
            continue
        solution = "\n\n".join(
            "".join(cell.cell.source).strip()
            for cell in question.cells
            if cell.solution and cell.cell.cell_type == "markdown"
        )
        manual.append(
            {
                "name": question.name,
                "points": question.points,
                "prompt": question.prompt,
                "reference_answer": reference_answer(solution),
                "rubric": rubric(solution),
            }
        )
    return (json.dumps(manual, indent=2) + "\n").encode()


def code_cells(handout: Path, master: Path) -> bytes:
    """The handout's code cells, and the reference's answer code (its solved code cells
    that are not the handout's): what every student has, and what no student should."""
    given = [cell.source for cell in nbformat.read(handout, as_version=4).cells
             if cell.cell_type == "code"]  # fmt: skip
    solved = [cell.source for cell in solved_cells(master) if cell.cell_type == "code"]
    answers = [source for source in solved if source.strip() and source not in given]
    return (json.dumps({"handout": given, "reference": answers}, indent=1) + "\n").encode()


def _named(test_file: bytes) -> bytes:
    return name_test_cases(test_file.decode()).encode()


def _run_otter_assign(master: Path, output: Path) -> None:
    from otter.assign import main as otter_assign

    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            otter_assign(str(master), str(output), no_pdfs=True, no_run_tests=True)
    except Exception as error:
        raise BuildError(f"otter assign failed on {master}: {error}\n{log.getvalue()}") from error


def normalise_notebook(path: Path) -> bytes:
    """Stable cell ids and no outputs: otter assign invents random ids for its cells."""
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:03d}"
        if cell.cell_type == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return (nbformat.writes(notebook) + "\n").encode()


def write(rendering: Rendering, project_root: Path) -> list[Path]:
    """Replace the generated folders with ``rendering``; return the files written."""
    for stale in _existing_files(rendering, project_root):
        if stale not in rendering.files:
            (project_root / stale).unlink()
    for relative, content in sorted(rendering.files.items()):
        target = project_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return sorted(rendering.files)


def differences(rendering: Rendering, project_root: Path) -> list[str]:
    """How the generated files on disk differ from a fresh rendering (empty when clean)."""
    problems = []
    on_disk = set(_existing_files(rendering, project_root))
    for relative, content in sorted(rendering.files.items()):
        path = project_root / relative
        if relative not in on_disk:
            problems.append(f"missing: {relative}")
        elif path.read_bytes() != content:
            problems.append(f"differs: {relative}")
    problems += [f"not generated: {extra}" for extra in sorted(on_disk - set(rendering.files))]
    return problems


def _existing_files(rendering: Rendering, project_root: Path) -> list[Path]:
    found = []
    for directory in rendering.owned_dirs:
        for path in (project_root / directory).rglob("*"):
            if path.is_file() and not IGNORED_PARTS & set(path.parts):
                found.append(path.relative_to(project_root))
    return found


def handouts(rendering: Rendering) -> dict[str, bytes]:
    """Each assignment's student handout (a zip), made from this rendering."""
    names = {path.parts[1] for path in rendering.files if path.parts[0] == "assignments"}
    return {name: handout_zip(name, rendering.files) for name in sorted(names)}


def write_handouts(rendering: Rendering, project_root: Path) -> list[Path]:
    written = []
    for name, content in handouts(rendering).items():
        path = handout_path(project_root, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
