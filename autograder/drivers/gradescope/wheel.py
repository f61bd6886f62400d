"""The grader as a wheel, for ``setup.sh`` to install: the same bytes from the same files.

Written here rather than by a build backend, so that a rebuild needs no network and
no build tools and gives an identical file (fixed timestamps, files in path order);
``pip install`` accepts it like any other pure-Python wheel.
"""

from __future__ import annotations

import base64
import hashlib
import tomllib
from pathlib import Path

from autograder.authoring.build import IGNORED_PARTS
from autograder.contracts.archive import zip_bytes

PACKAGE = "autograder"
NOT_SHIPPED = {"corpus"}  # fixture cases for tests and benchmarks, never run in grading


def wheel_name(project_root: Path) -> str:
    project = _project(project_root)
    return f"{project['name']}-{project['version']}-py3-none-any.whl"


def wheel_bytes(project_root: Path) -> bytes:
    """The wheel of the project at ``project_root``: its ``autograder`` package (without
    what only tests use) and metadata."""
    project = _project(project_root)
    files = {
        path.relative_to(project_root).as_posix(): path.read_bytes()
        for path in sorted((project_root / PACKAGE).rglob("*"))
        if path.is_file() and _shipped(path.relative_to(project_root / PACKAGE))
    }
    info = f"{project['name']}-{project['version']}.dist-info"
    files[f"{info}/METADATA"] = _metadata(project).encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: densegrade\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    scripts = project.get("scripts", {})
    entry_points = "[console_scripts]\n" + "".join(f"{k} = {v}\n" for k, v in scripts.items())
    files[f"{info}/entry_points.txt"] = entry_points.encode()
    files[f"{info}/RECORD"] = _record(files, f"{info}/RECORD").encode()
    return zip_bytes(files)


def _shipped(path: Path) -> bool:
    return not (IGNORED_PARTS | NOT_SHIPPED) & set(path.parts) and path.suffix != ".pyc"


def _project(project_root: Path) -> dict:
    with (project_root / "pyproject.toml").open("rb") as stream:
        return tomllib.load(stream)["project"]


def _metadata(project: dict) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project.get('description', '')}",
        f"Requires-Python: {project['requires-python']}",
    ]
    lines += [f"Requires-Dist: {requirement}" for requirement in project.get("dependencies", [])]
    return "\n".join(lines) + "\n"


def _record(files: dict[str, bytes], record: str) -> str:
    rows = []
    for name, content in sorted(files.items()):
        digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=")
        rows.append(f"{name},sha256={digest.decode()},{len(content)}")
    return "\n".join([*rows, f"{record},,"]) + "\n"
