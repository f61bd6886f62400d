"""Read an assignment's spec from its reference notebook and its settings file.

The reference runs in a Jupyter kernel prepared like a grading kernel until it calls
``fit`` (:mod:`autograder.authoring.reading`): its model, compile settings and ``fit``
arguments are what the checks expect. The data set (and so the image shape and the
classes) and the thresholds come from the settings file. The spec records a digest of
what it was read from, so a build whose reference and settings did not change reuses
it without a kernel.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import nbformat

from autograder import data
from autograder.authoring.reading import KEEP_MARK, RESULT_MARKER
from autograder.authoring.settings import Settings
from autograder.checks.model import SUPPORTED_LAYERS
from autograder.contracts.assignments import (
    SPEC_FILE,
    SPEC_VERSION,
    Assignment,
    LayerSpec,
    Thresholds,
)
from autograder.contracts.otter_format import read_master, solved_cells
from autograder.contracts.project import ProjectFolder
from autograder.kernel.setup import setup_source

READING_TIMEOUT = 600  # seconds for the reference to reach `fit` (data loading included)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


class SpecError(ValueError):
    """A reference whose spec cannot be read or cannot be graded; the message says why."""


def read_spec(master: Path, settings: Settings, earlier: Assignment | None = None) -> Assignment:
    """``master``'s spec: ``earlier`` when it was read from the same sources, else read now."""
    served = served_name(settings)
    source = source_digest(master, settings)
    if earlier is not None and earlier.source == source:
        return replace(earlier, thresholds=settings.thresholds, lesson_code=settings.lesson_code)
    facts = run_reference(master, served)
    return spec_from(master, settings, facts, source, served)


def recorded_spec(project_root: Path, name: str) -> Assignment | None:
    """The spec a build recorded in the project's bundle of ``name``; None when there is
    none of this version (the next build reads it again)."""
    path = ProjectFolder(project_root).bundles / name / SPEC_FILE
    try:
        return Assignment.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def served_name(settings: Settings) -> str:
    """The data set as the data layer serves it while authoring: a Keras name, or the
    path of the instructor's own ``.npz`` (named relative to the settings file)."""
    name = settings.dataset
    if name.endswith(data.OWN_SUFFIX):
        path = (settings.path.parent / name).resolve()
        if not path.is_file():
            raise SpecError(f"{settings.path}: dataset = {name!r}, but there is no file {path}.")
        if Path(name).name != name:
            raise SpecError(f"{settings.path}: put {name!r} beside the settings file and name "
                            "it without a folder.")  # fmt: skip
        try:
            data.read_npz(path)
        except data.DatasetError as error:
            raise SpecError(str(error)) from error
        return str(path)
    if name not in data.DATASETS:
        raise SpecError(
            f"{settings.path}: unknown data set {name!r}; known: "
            f"{', '.join(sorted(data.DATASETS))}, or a .npz file of your own beside it."
        )
    return name


def source_digest(master: Path, settings: Settings) -> str:
    """What a spec is read from: the solved reference, the data set (an own file's bytes
    too), Keras' version."""
    digest = hashlib.sha256(f"spec v{SPEC_VERSION}\n".encode())
    digest.update(f"keras {metadata.version('keras')}\ndataset {settings.dataset}\n".encode())
    if settings.dataset.endswith(data.OWN_SUFFIX):
        digest.update((settings.path.parent / settings.dataset).read_bytes())
    for cell in solved_cells(master):
        digest.update(f"{cell.cell_type}\n{cell.source}\n".encode())
    return digest.hexdigest()[:16]


def run_reference(master: Path, dataset: str) -> dict:
    """Run ``master`` up to its ``fit`` call in a fresh kernel, in its own folder (where an
    own data set lies beside it); what it read, as a dict."""
    from nbclient import NotebookClient

    verified = (dataset,) if dataset in data.DATASETS else ()
    cells = [
        nbformat.v4.new_code_cell(
            setup_source(datasets=verified, steps_per_call=1)
            + "\nimport autograder.authoring.reading as _reading\n_reading.start()"
        ),
        *(cell for cell in solved_cells(master) if cell.cell_type == "code"),
        nbformat.v4.new_code_cell(f"{KEEP_MARK}\n_reading.report(globals())"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    client = NotebookClient(
        notebook,
        timeout=READING_TIMEOUT,
        allow_errors=True,
        resources={"metadata": {"path": str(master.parent.resolve())}},
    )
    try:
        # The kernel's own log (TensorFlow's start-up lines) is not the instructor's business.
        client.execute(stderr=subprocess.DEVNULL)
    except Exception as error:  # a dead kernel or a timeout
        raise SpecError(f"{master}: the reference could not run to `fit` ({error}).") from error
    for index, cell in enumerate(notebook.cells[:-1]):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                where = "the kernel's setup (the data set?)" if index == 0 else f"code cell {index}"
                raise SpecError(
                    f"{master}: {where} failed before `fit`: {output['ename']}: {output['evalue']}"
                )
    for output in notebook.cells[-1].get("outputs", []):
        for line in output.get("text", "").splitlines():
            if line.startswith(RESULT_MARKER):
                facts = json.loads(line[len(RESULT_MARKER) :])
                if "error" in facts:
                    raise SpecError(f"{master}: {facts['error']}.")
                return facts
    raise SpecError(f"{master}: the reference's spec could not be read (no report).")


def spec_from(
    master: Path, settings: Settings, facts: dict, source: str, served: str
) -> Assignment:
    """The spec from what the kernel read, checked for what the grader can grade
    (``served``: the data set as :func:`served_name` names it)."""
    try:
        dataset = data.spec_for(served)
        (x_train, _), _ = data.read_only_data(served)
        digests = data.dataset_sha256(served)
    except data.DatasetError as error:
        raise SpecError(f"{settings.path}: {error}") from error
    image_shape = tuple(int(n) for n in x_train.shape[1:])
    layers = tuple(LayerSpec(**layer) for layer in facts["layers"])
    unsupported = sorted({layer.kind for layer in layers} - set(SUPPORTED_LAYERS))
    if unsupported:
        raise SpecError(
            f"{master}: the model has {', '.join(unsupported)} layers; a dense-network "
            f"assignment is graded on {', '.join(SUPPORTED_LAYERS)} layers."
        )
    if not layers or layers[-1].kind != "Dense" or layers[-1].units != len(dataset.classes):
        last = layers[-1].describe() if layers else "no layer"
        raise SpecError(
            f"{master}: the model ends in {last}; the data set {settings.dataset} has "
            f"{len(dataset.classes)} classes, so its last layer is Dense({len(dataset.classes)})."
        )
    compiled = facts["compile"]
    return Assignment(
        name=master.stem,
        dataset=settings.dataset,
        image_shape=image_shape,
        classes=dataset.classes,
        layers=layers,
        parameters=facts["parameters"],
        optimizer=compiled["optimizer"],
        loss=compiled["loss"],
        metrics=tuple(compiled["metrics"]),
        epochs=int(facts["epochs"]),
        batch_size=facts["batch_size"],
        validation=bool(facts["validation"]),
        validation_split=float(facts.get("validation_split", 0.0)),
        steps=step_titles(master),
        thresholds=settings.thresholds,
        lesson_code=settings.lesson_code,
        dataset_sha256=digests,
        source=source,
    )


def step_titles(master: Path) -> dict[str, str]:
    """Each autograded question's step, as its first heading in the notebook names it."""
    titles = {}
    for question in read_master(master).questions:
        for cell in question.cells:
            if cell.cell.cell_type == "markdown" and not cell.solution:
                heading = HEADING.search(cell.cell.source)
                if heading:
                    titles[question.name] = heading.group(1).strip()
                    break
    return titles


def training_fingerprint(spec: Assignment) -> str:
    """What the accuracy depends on: the network, its compile and fit settings, the data.
    Thresholds calibrated for another fingerprint are stale. (A validation split is in
    the record only when there is one, so the fingerprints of specs without one stand.)"""
    record = {
        "layers": [layer.describe() for layer in spec.layers],
        "parameters": spec.parameters,
        "optimizer": spec.optimizer,
        "loss": spec.loss,
        "epochs": spec.epochs,
        "batch_size": spec.batch_size,
        "dataset": spec.dataset_digest,
        "image_shape": list(spec.image_shape),
    }
    if spec.validation_split:  # fit then trains on the rest of the training set
        record["validation_split"] = spec.validation_split
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:16]


def calibration_problem(spec: Assignment, settings_file: Path) -> str | None:
    """Why the thresholds cannot be used with this spec, or None."""
    thresholds: Thresholds = spec.thresholds
    partial, full = thresholds.partial_credit, thresholds.full_credit
    if partial is not None and partial >= full:
        return (
            f"{spec.name}: partial_credit_accuracy ({partial:g}) must be below "
            f"full_credit_accuracy ({full:g}) in {settings_file}."
        )
    if thresholds.set_by_hand or thresholds.calibrated_for == training_fingerprint(spec):
        return None
    if not thresholds.calibrated_for:
        why = "its thresholds were never calibrated"
    else:
        why = (
            "its reference changed since its thresholds were calibrated (the network, its "
            "compile or fit settings or the data set)"
        )
    return (
        f"{spec.name}: {why}. "
        f"Run `densegrade calibrate {spec.name}` to calibrate them, or set them by hand with "
        f"`set_by_hand = true` under [thresholds] in {settings_file}."
    )
