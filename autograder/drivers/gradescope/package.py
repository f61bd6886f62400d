"""The Gradescope autograder zip: one per assignment, written by ``densegrade build --zip``.

What it holds, all at its root (Gradescope unpacks it into ``/autograder/source``):

- ``setup.sh`` and ``run_autograder`` (:mod:`autograder.drivers.gradescope.scripts`), with this
  assignment's settings written in;
- ``requirements.txt``: every package the grader needs at run time, pinned to the
  tested set (:mod:`autograder.contracts.tested_set`);
- the grader itself as a wheel (:mod:`autograder.drivers.gradescope.wheel`);
- ``densegrade.json`` (:mod:`autograder.drivers.gradescope.config`);
- the bundle's own files (``otter_config.json``, ``tests/``, ``run_otter.py``, ...), so
  ``otter run`` keeps working with the same zip.

The same inputs give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from autograder.authoring.build import IGNORED_PARTS
from autograder.contracts.archive import write_zip
from autograder.contracts.assignments import ASSIGNMENTS
from autograder.contracts.bundle import bundle_dir
from autograder.contracts.output.gradescope import placeholder_results
from autograder.contracts.project import PACKAGE_DIR
from autograder.contracts.tested_set import PinError, runtime_pins
from autograder.drivers.gradescope.config import (
    CONFIG_FILE,
    PYTHON_MINIMUM,
    PYTHON_VERSION,
    GradescopeConfig,
)
from autograder.drivers.gradescope.wheel import wheel_bytes, wheel_name

SCRIPTS = ("setup.sh", "run_autograder")
SCRIPTS_DIR = PACKAGE_DIR / "drivers" / "gradescope" / "scripts"
# otter's own image scripts, which our setup.sh and run_autograder replace
REPLACED = {"setup.sh", "run_autograder", "environment.yml", "requirements.txt"}


class PackageError(RuntimeError):
    """The zip cannot be built; the message says why."""


def autograder_files(config: GradescopeConfig, project_root: Path) -> dict[str, bytes]:
    """Every file of the zip: path in the zip -> content."""
    bundle = bundle_dir(config.assignment)
    files = {
        path.relative_to(bundle).as_posix(): path.read_bytes()
        for path in sorted(bundle.rglob("*"))
        if path.is_file() and not IGNORED_PARTS & set(path.parts)
    }
    if not files:
        raise PackageError(f"the bundle {bundle} is empty: run `densegrade build` first")
    files = {name: content for name, content in files.items() if name not in REPLACED}
    wheel = wheel_name(project_root)
    for script in SCRIPTS:
        files[script] = render_script(script, config, wheel).encode()
    try:
        files["requirements.txt"] = ("\n".join(runtime_pins(project_root)) + "\n").encode()
    except PinError as error:
        raise PackageError(str(error)) from error
    files[wheel] = wheel_bytes(project_root)
    files[CONFIG_FILE] = config.to_json().encode()
    return files


def render_script(name: str, config: GradescopeConfig, wheel: str) -> str:
    """A script of ``drivers/gradescope/scripts`` with this zip's values written in."""
    text = (SCRIPTS_DIR / name).read_text(encoding="utf-8")
    values = {
        "ASSIGNMENT": config.assignment,
        "PYTHON_VERSION": PYTHON_VERSION,
        "PYTHON_MINIMUM": PYTHON_MINIMUM,
        "VENV": config.venv,
        "DATA_DIR": config.data_dir,
        "WHEEL": wheel,
        "PLACEHOLDER": placeholder_results().rstrip("\n"),
    }
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def write_autograder_zip(config: GradescopeConfig, project_root: Path, destination: Path) -> Path:
    """Write the zip for ``config.assignment`` to ``destination``; scripts executable."""
    files = autograder_files(config, project_root)
    return write_zip(destination, files, executable=frozenset(SCRIPTS))


def write_autograder_zips(project_root: Path, folder: Path, timeout: float) -> list[Path]:
    """``<assignment>-autograder.zip`` in ``folder`` for every assignment."""
    return [
        write_autograder_zip(
            GradescopeConfig(assignment=name, gradescope_timeout=timeout),
            project_root,
            folder / f"{name}-autograder.zip",
        )
        for name in ASSIGNMENTS
    ]
