"""What a course hands its students for one assignment, and nothing else.

``dist/<name>-student.zip`` (written by ``densegrade build``) holds one folder, ``<name>/``:

- ``<name>.ipynb``, the student notebook, and ``tests/``, its public tests, as the build
  renders them into ``assignments/<name>/``;
- ``autograder/``: exactly the modules the public tests import, and what those import
  (:func:`autograder.package_imports.closure`): the catalog and the public checks. It
  travels as a plain folder beside the notebook, which Jupyter puts on the import path,
  so nothing is installed and nothing lingers from one assignment to the next. No
  solution, hidden test or hidden check is in it; ``densegrade build --check`` proves it
  with the leak scan;
- ``README.md``, the student's steps, and ``requirements.txt``, the one ``pip install``
  line for an environment that lacks TensorFlow or otter-grader.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from autograder.archive import zip_bytes
from autograder.package_imports import PACKAGE_DIR, closure, module_files

HANDOUT_DIR = "dist"
# What the public checks support: what the notebook itself needs, no more. Tested with
# the pinned versions and with the oldest TensorFlow that has Keras 3 (tests/test_handout.py).
PYTHON = ">=3.10,<3.14"
REQUIREMENTS = (
    "tensorflow>=2.16,<2.22",  # Keras 3 is TensorFlow's Keras from 2.16 on
    "otter-grader>=6,<7.1",
    "matplotlib>=3.5",
)


def handout_path(project_root: Path, assignment: str) -> Path:
    return project_root / HANDOUT_DIR / f"{assignment}-student.zip"


def handout_files(assignment: str, generated: Mapping[Path, bytes]) -> dict[str, bytes]:
    """Every file of the handout by its path in the zip, from the build's rendering
    (``generated``: path under the project root -> content)."""
    student_dir = Path("assignments") / assignment
    files: dict[str, bytes] = {}
    tests: list[str] = []
    for relative, content in generated.items():
        if relative.parent == student_dir and relative.suffix == ".ipynb":
            files[f"{assignment}/{relative.name}"] = content
        elif relative.parent == student_dir / "tests" and relative.suffix == ".py":
            files[f"{assignment}/tests/{relative.name}"] = content
            tests.append(content.decode("utf-8"))
    modules = module_files()
    for module in closure(tests, modules):
        path = modules[module]
        files[f"{assignment}/{path.relative_to(PACKAGE_DIR.parent).as_posix()}"] = path.read_bytes()
    files[f"{assignment}/README.md"] = student_readme(assignment).encode()
    files[f"{assignment}/requirements.txt"] = ("\n".join(REQUIREMENTS) + "\n").encode()
    return files


def handout_zip(assignment: str, generated: Mapping[Path, bytes]) -> bytes:
    return zip_bytes(handout_files(assignment, generated))


def student_readme(assignment: str) -> str:
    pins = ", ".join(f"`{requirement}`" for requirement in REQUIREMENTS)
    return f"""# {assignment}: your notebook and its checks

1. Unzip this folder where you work (your computer, or upload it to your JupyterHub).
   Keep its files together: the notebook `{assignment}.ipynb`, `tests/` and `autograder/`
   (the checks the notebook runs).
2. If your Python does not have TensorFlow and otter-grader yet, install them once, in a
   terminal in this folder:

       pip install -r requirements.txt

   (Python 3.10 to 3.13, with {pins}.)
3. Open `{assignment}.ipynb` and run its first cell. Each `grader.check(...)` cell then
   runs the checks of one step; hidden checks run only when your work is graded.
4. When you are done, run the last cell: it writes a zip file. Submit that file.

On Google Colab: upload `{assignment}-student.zip` and `{assignment}.ipynb`, then run in
a first cell

    !unzip -qo {assignment}-student.zip -d /content && pip install -q "otter-grader>=6,<7.1"
    %cd /content/{assignment}

Colab cannot run the export cell: submit the notebook itself (File > Download > .ipynb).
"""
