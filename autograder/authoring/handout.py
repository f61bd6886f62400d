"""What a course hands its students for one assignment, and nothing else.

``dist/<name>-student.zip`` (written by ``densegrade build``) holds one folder, ``<name>/``:

- ``<name>.ipynb``, the student notebook, and ``tests/``, its public tests, as the build
  renders them into ``assignments/<name>/``;
- ``autograder/``: exactly the modules the public tests import, and what those import
  (:func:`autograder.contracts.package_imports.closure`): the catalog and the public checks. It
  travels as a plain folder beside the notebook, which Jupyter puts on the import path,
  so nothing is installed and nothing lingers from one assignment to the next. No
  solution, hidden test or hidden check is in it; ``densegrade build --check`` proves it
  with the leak scan;
- ``README.md``, the student's steps, and ``requirements.txt``, the packages a notebook
  may use (:mod:`autograder.contracts.student_environment`): the grader has exactly these.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name

from autograder.contracts.archive import zip_bytes
from autograder.contracts.assignments import SPEC_FILE, Assignment
from autograder.contracts.package_imports import closure, module_files
from autograder.contracts.project import PACKAGE_DIR, ProjectFolder
from autograder.contracts.student_environment import STUDENT_PACKAGES, requirement_lines
from autograder.contracts.tested_set import DISTRIBUTION, runtime_closure
from autograder.student_imports import MODULES_FILE

HANDOUT_DATA_LIMIT = 50 * 2**20  # an own data set up to 50 MiB travels in the handout
REQUIREMENTS = tuple(requirement_lines())


def handout_path(project_root: Path, assignment: str) -> Path:
    return ProjectFolder(project_root).handout(assignment)


def handout_files(assignment: str, generated: Mapping[Path, bytes]) -> dict[str, bytes]:
    """Every file of the handout by its path in the zip, from the build's rendering
    (``generated``: path under the project root -> content)."""
    student_dir = ProjectFolder.student_folder(assignment)
    files: dict[str, bytes] = {}
    tests: list[str] = []  # and the notebook's code, whose first cell imports the watch
    for relative, content in generated.items():
        if relative.parent == student_dir and relative.suffix == ".ipynb":
            files[f"{assignment}/{relative.name}"] = content
            tests += _code_cells(content)
        elif relative.parent == student_dir / "tests" and relative.suffix == ".py":
            files[f"{assignment}/tests/{relative.name}"] = content
            tests.append(content.decode("utf-8"))
    modules = module_files()
    for module in closure(tests, modules):
        path = modules[module]
        files[f"{assignment}/{path.relative_to(PACKAGE_DIR.parent).as_posix()}"] = path.read_bytes()
    spec_path = Path("autograder", "bundles", assignment, SPEC_FILE)  # what the checks expect
    spec = Assignment.from_json(generated[spec_path].decode("utf-8"))
    # What the public checks expect, without the hidden checks' thresholds.
    files[f"{assignment}/{spec_path.as_posix()}"] = (
        replace(spec, thresholds=None).to_json().encode()
    )
    own_data = generated.get(spec_path.with_name(spec.dataset)) if spec.own_dataset else None
    shipped = own_data is not None and len(own_data) <= HANDOUT_DATA_LIMIT
    if shipped:  # beside the notebook, where its np.load("<file>.npz") finds it
        files[f"{assignment}/{spec.dataset}"] = own_data
    modules_file = f"{assignment}/autograder/{MODULES_FILE.name}"
    files[modules_file] = ("\n".join(sorted(grading_modules())) + "\n").encode()
    files[f"{assignment}/README.md"] = student_readme(assignment, spec, shipped).encode()
    files[f"{assignment}/requirements.txt"] = ("\n".join(REQUIREMENTS) + "\n").encode()
    return files


def grading_modules() -> set[str]:
    """The top-level modules of every package the grader runs with, itself included (the
    tested set: the Gradescope zip pins the same)."""
    distributions = {*runtime_closure(), canonicalize_name(DISTRIBUTION)}
    return {
        module
        for module, owners in metadata.packages_distributions().items()
        if any(canonicalize_name(owner) in distributions for owner in owners)
    }


def _code_cells(notebook: bytes) -> list[str]:
    cells = json.loads(notebook)["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def handout_zip(assignment: str, generated: Mapping[Path, bytes]) -> bytes:
    return zip_bytes(handout_files(assignment, generated))


def student_readme(assignment: str, spec: Assignment | None = None, shipped: bool = True) -> str:
    packages = ", ".join(f"{p.distribution} (`import {p.modules[0]}`)" for p in STUDENT_PACKAGES)
    otter = next(
        f"{p.distribution}{p.supported}" for p in STUDENT_PACKAGES if p.modules == ("otter",)
    )
    return f"""# {assignment}: your notebook and its checks

1. Unzip this folder where you work (your computer, or upload it to your JupyterHub).
   Keep its files together: the notebook `{assignment}.ipynb`, `tests/` and `autograder/`
   (the checks the notebook runs).
2. If your Python lacks some of the packages in `requirements.txt`, install them once, in
   a terminal in this folder (Python 3.10 to 3.13):

       pip install -r requirements.txt

3. Open `{assignment}.ipynb` and run its first cell. Each `grader.check(...)` cell then
   runs the checks of one step; hidden checks run only when your work is graded.
4. When you are done, run the last cell: it writes a zip file. Submit that file.

Your notebook may import these packages, and Python's own modules: {packages}. The
grader has exactly these; a notebook that imports anything else (say `xgboost` or
`torch`) fails where it imports it when it is graded. The notebook tells you when it
meets such an import.

On Google Colab: upload `{assignment}-student.zip` and `{assignment}.ipynb`, then run in
a first cell

    !unzip -qo {assignment}-student.zip -d /content && pip install -q "{otter}"
    %cd /content/{assignment}

Colab cannot run the export cell: submit the notebook itself (File > Download > .ipynb).
{data_note(spec, shipped)}"""


def data_note(spec: Assignment | None, shipped: bool) -> str:
    """How a student gets an own data set: beside the notebook, or from the course."""
    if spec is None or not spec.own_dataset:
        return ""
    where = (
        "It is in this folder, beside the notebook: keep it there."
        if shipped
        else "It is too big for this zip: download it as your course says and put it in "
        "this folder, beside the notebook."
    )
    return f"""
## The data set

The notebook loads the course's own data set, `{spec.dataset}` ({len(spec.classes)} classes,
images of {" x ".join(map(str, spec.image_shape))} values, pixels 0..255). {where} Load it
as the notebook does:

    data = np.load("{spec.dataset}")
    (X_train, y_train) = (data["x_train"], data["y_train"])
    (X_test, y_test) = (data["x_test"], data["y_test"])
"""
