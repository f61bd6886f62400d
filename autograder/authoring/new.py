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
from autograder.assignments import Thresholds
from autograder.authoring.settings import read_settings, settings_path

NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class ScaffoldError(ValueError):
    """A scaffold that cannot be made; nothing was written."""


@dataclass(frozen=True)
class DataShape:
    """What the code of a reference says about its data set."""

    name: str
    image_shape: tuple[int, ...]
    classes: int

    @property
    def size(self) -> int:
        return math.prod(self.image_shape)


def scaffold(project_root: Path, name: str, source: str, dataset: str | None = None) -> list[Path]:
    """Write ``solutions/NAME.ipynb`` and ``solutions/NAME.toml`` from ``source``'s."""
    solutions = project_root / "solutions"
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
    partial = thresholds.partial_credit
    return f"""\
# Settings of solutions/{name}.ipynb: what the notebook cannot say (README: "Bring your
# own assignment"). Scaffolded by `densegrade new {name} --from {source}`: the thresholds
# are {source}'s until `densegrade calibrate {name}` measures this reference.
dataset = "{dataset}"
# The lesson's code blocks are everyone's in the similarity report (as {source}'s are).
lesson_code = {"true" if lesson_code else "false"}

[thresholds]
full_credit_accuracy = {thresholds.full_credit}
# What the notebook promises its students; calibration never proposes more.
lesson_accuracy = {thresholds.lesson}
{"" if partial is not None else "# "}partial_credit_accuracy = {partial or 0.3}  # optional
calibrated_for = ""
"""


def data_shape(dataset: str, solutions: Path) -> DataShape:
    """The image shape and class count of ``dataset`` (a Keras name, or a file in solutions/)."""
    served = str((solutions / dataset).resolve()) if dataset.endswith(data.OWN_SUFFIX) else dataset
    if dataset.endswith(data.OWN_SUFFIX) and not (solutions / dataset).is_file():
        raise ScaffoldError(f"put {dataset} in {solutions} first (beside the references).")
    try:
        (x_train, _), _ = data.read_only_data(served)
        classes = len(data.spec_for(served).classes)
    except data.DatasetError as error:
        raise ScaffoldError(str(error)) from error
    return DataShape(dataset, tuple(int(n) for n in x_train.shape[1:]), classes)


def renamed(source: str, old: str, new: str) -> str:
    return re.sub(rf"\b{re.escape(old)}\b", new, source)


def redata(source: str, cell_type: str, old: DataShape, new: DataShape) -> str:
    """A cell of the reference, its data set and what follows from it replaced."""
    if cell_type == "code":
        source = load_code(source, old, new)
        source = re.sub(rf"\b{old.size}\b", str(new.size), source)
        source = re.sub(
            rf"(to_categorical\([^,]+,\s*){old.classes}\)", rf"\g<1>{new.classes})", source
        )
        source = re.sub(rf"Dense\({old.classes}\b", f"Dense({new.classes}", source)
        shape = ", ".join(map(str, old.image_shape))
        source = source.replace(
            f"reshape({shape})", f"reshape({', '.join(map(str, new.image_shape))})"
        )
    elif cell_type == "markdown":
        source = re.sub(rf"\b{old.size}\b", str(new.size), source)
    return source


def load_code(source: str, old: DataShape, new: DataShape) -> str:
    """The lines that load the old data set, loading the new one."""
    keras_import = f"from tensorflow.keras.datasets import {old.name}"
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
