"""Fresh virtual environments made from PyPI's packages, for the handout and Gradescope tests.

Never the project's ``.venv``, never an editable install: a Python of this machine and
the wheels PyPI serves, downloaded once into a folder kept between runs (TensorFlow alone
is 600 MB), so a later install needs no network.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

WHEELS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "densegrade" / "wheels"


def interpreter(version: str) -> str:
    """A Python of this machine (pyenv's, else one on PATH), never the project's venv."""
    installed = sorted(glob.glob(f"/root/.pyenv/versions/{version}.*/bin/python{version}"))
    found = installed[-1:] or [path for path in [shutil.which(f"python{version}")] if path]
    if not found:
        pytest.fail(f"no Python {version} on this machine: the test needs one")
    return found[0]


def install(venv: Path, wanted: list[str], cache: str) -> Path:
    """Install ``wanted`` (pip arguments) into ``venv`` from the cache ``WHEELS/cache``,
    first filling the cache from PyPI if it lacks something; the venv's Python."""
    pip = [str(venv / "bin" / "python"), "-m", "pip"]
    wheels = str(WHEELS / cache)
    offline = [*pip, "install", "--no-index", "--find-links", wheels, *wanted]
    if subprocess.run(offline, capture_output=True).returncode != 0:  # first run: fetch
        for step in (["download", "-d", wheels], ["install", "--find-links", wheels]):
            finished = subprocess.run([*pip, *step, *wanted], capture_output=True, text=True)
            assert finished.returncode == 0, finished.stderr[-3000:]
    return venv / "bin" / "python"


def download_pinned(requirements: Path, python: str, cache: str) -> Path:
    """Make sure ``WHEELS/cache`` holds a file for every ``name==version`` pin; the folder."""
    folder = WHEELS / cache
    folder.mkdir(parents=True, exist_ok=True)
    present = {_file_stem(path.name) for path in folder.iterdir()}
    pins = [line.strip().split("==") for line in requirements.read_text().splitlines()]
    if not all(f"{_normal(name)}-{version}" in present for name, version in pins):
        command = [python, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder)]
        command += ["-r", str(requirements)]
        finished = subprocess.run(command, capture_output=True, text=True)
        assert finished.returncode == 0, finished.stderr[-3000:]
    return folder


def _file_stem(file_name: str) -> str:
    """``Name_x-1.2-py3-none-any.whl`` -> ``name_x-1.2`` (wheels and sdists alike)."""
    match = re.match(r"(.+?)-(\d[^-]*?)(?:-.*|\.tar\.gz|\.zip)?$", file_name)
    return f"{_normal(match[1])}-{match[2]}" if match else file_name


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
