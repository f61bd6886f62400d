"""``densegrade new NAME --from EXISTING``: a new assignment's reference and settings.

The new reference is a copy of an existing one under the new name (its ASSIGNMENT
CONFIG, its tests, the file the notebook exports); with ``--dataset`` its data cell
loads the other data set and the numbers that follow from the data (the image size,
the class count, the image shape in plots) follow it. Its settings name the data set
and keep the existing thresholds, marked as not calibrated: the build asks for
``densegrade calibrate NAME`` once the reference is what the instructor wants.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import data
from autograder.authoring.settings import read_settings, settings_path
from autograder.contracts.assignments import Thresholds
from autograder.contracts.project import ProjectFolder

NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class ScaffoldError(ValueError):
    """A scaffold that cannot be made; nothing was written."""


@dataclass(frozen=True)
class DataShape:
    """What the code of a reference says about its data set."""

    name: str
    image_shape: tuple[int, ...]
    classes: tuple[str, ...]
    label_ndim: int  # 1: labels of shape (N,); 2: (N, 1), as CIFAR's

    @property
    def size(self) -> int:
        return math.prod(self.image_shape)


def scaffold(project_root: Path, name: str, source: str, dataset: str | None = None) -> list[Path]:
    """Write ``solutions/NAME.ipynb`` and ``solutions/NAME.toml`` from ``source``'s."""
    solutions = ProjectFolder(project_root).solutions
    master, target = solutions / f"{source}.ipynb", solutions / f"{name}.ipynb"
    if not NAME.match(name):
        raise ScaffoldError(
            f"{name!r}: an assignment's name is lower case letters, digits and _, "
            "starting with a letter (it names files and Python strings)."
        )
    if not master.is_file():
        known = ", ".join(sorted(p.stem for p in solutions.glob("*.ipynb"))) or "none"
        raise ScaffoldError(f"no reference {master}; references here: {known}.")
    if target.exists() or settings_path(target).exists():
        raise ScaffoldError(f"{target} or its settings exist already: choose another name.")
    settings = read_settings(master)
    old = data_shape(settings.dataset, solutions)
    new = data_shape(dataset, solutions) if dataset else old
    notebook = nbformat.read(master, as_version=4)
    for cell in notebook.cells:
        cell.source = renamed(cell.source, source, name)
        if new != old:
            cell.source = redata(cell.source, cell.cell_type, old, new)
    text = settings_text(name, source, new.name, settings.thresholds, settings.lesson_code)
    nbformat.write(notebook, target)
    settings_path(target).write_text(text, encoding="utf-8")
    return [target, settings_path(target)]


def settings_text(
    name: str, source: str, dataset: str, thresholds: Thresholds, lesson_code: bool
) -> str:
    """Fresh settings: of the source's thresholds only placeholders (its cap belongs to
    another data set and network); a partial-credit line where the source's tests ask
    for one, since the copied reference keeps those tests."""
    partial = thresholds.partial_credit
    partial_line = (
        f"partial_credit_accuracy = {partial}  # {source}'s: set yours (below full credit)"
        if partial is not None
        else "# partial_credit_accuracy = 0.5"
    )
    return f"""\
# Settings of solutions/{name}.ipynb: what the notebook cannot say (README: "Bring your
# own assignment"). Scaffolded by `densegrade new {name} --from {source}`.
dataset = "{dataset}"
# The lesson's code blocks are everyone's in the similarity report (as {source}'s are).
lesson_code = {"true" if lesson_code else "false"}

[thresholds]
# Written by `densegrade calibrate {name}` (until then {source}'s, a placeholder).
full_credit_accuracy = {thresholds.full_credit}
# Optional: the accuracy the notebook promises its students (calibration never proposes
# more), and a partial-credit line for a test that asks for it (level="partial").
# lesson_accuracy = 0.9
{partial_line}
calibrated_for = ""
"""


def data_shape(dataset: str, solutions: Path) -> DataShape:
    """The image shape and class count of ``dataset`` (a Keras name, or a file in solutions/)."""
    served = str((solutions / dataset).resolve()) if dataset.endswith(data.OWN_SUFFIX) else dataset
    if dataset.endswith(data.OWN_SUFFIX) and not (solutions / dataset).is_file():
        raise ScaffoldError(f"put {dataset} in {solutions} first (beside the references).")
    try:
        (x_train, y_train), _ = data.read_only_data(served)
        classes = data.spec_for(served).classes
    except data.DatasetError as error:
        raise ScaffoldError(str(error)) from error
    return DataShape(dataset, tuple(int(n) for n in x_train.shape[1:]), classes, y_train.ndim)


def renamed(source: str, old: str, new: str) -> str:
    return re.sub(rf"\b{re.escape(old)}\b", new, source)


def redata(source: str, cell_type: str, old: DataShape, new: DataShape) -> str:
    """A cell of the reference, its data set and what follows from it replaced."""
    count, new_count = len(old.classes), len(new.classes)
    if cell_type == "code":
        source = load_code(source, old, new)
        source = re.sub(rf"(to_categorical\([^,]+,\s*){count}\)", rf"\g<1>{new_count})", source)
        source = re.sub(rf"Dense\({count}\b", f"Dense({new_count}", source)
        shape = ", ".join(map(str, old.image_shape))
        source = source.replace(
            f"reshape({shape})", f"reshape({', '.join(map(str, new.image_shape))})"
        )
        names = f"class_names = {list(new.classes)!r}"
        source = re.sub(r"class_names = \[[^\]]*\]", lambda _: names, source)
    source = re.sub(rf"\b{old.size}\b", str(new.size), source)
    for joiner in ("x", " x ", "×", " × "):  # "28x28", "32 x 32 x 3" in the prose and comments
        new_shape = joiner.join(map(str, new.image_shape))
        source = source.replace(joiner.join(map(str, old.image_shape)), new_shape)
    return re.sub(rf"\b{count} classes\b", f"{new_count} classes", source)


def load_code(source: str, old: DataShape, new: DataShape) -> str:
    """The lines that load the old data set, loading the new one."""
    keras_import = f"from tensorflow.keras.datasets import {old.name}"
    if f"{old.name}.load_data(" in source and new.label_ndim != old.label_ndim:
        # Keep the labels' shape the rest of the notebook indexes them by.
        shape = "(-1, 1)" if old.label_ndim == 2 else "(-1)"
        source += f"\ny_train, y_test = y_train.reshape{shape}, y_test.reshape{shape}"
    if new.name.endswith(data.OWN_SUFFIX):
        source = source.replace(keras_import + "\n", "").replace(keras_import, "")
        return re.sub(
            rf"^(\s*)(.+?)\s*=\s*{re.escape(old.name)}\.load_data\(\)",
            lambda m: (
                f'{m.group(1)}data = np.load("{new.name}")\n'
                f'{m.group(1)}{m.group(2)} = (data["x_train"], data["y_train"]), '
                '(data["x_test"], data["y_test"])'
            ),
            source,
            flags=re.MULTILINE,
        )
    source = source.replace(keras_import, f"from tensorflow.keras.datasets import {new.name}")
    return re.sub(rf"\b{re.escape(old.name)}\.load_data\(", f"{new.name}.load_data(", source)
