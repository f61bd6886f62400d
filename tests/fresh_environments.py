"""Fresh virtual environments made from PyPI's packages, for the handout and Gradescope tests.

Never the project's ``.venv``, never an editable install: a Python of this machine and
the wheels PyPI serves, downloaded once into a folder kept between runs (TensorFlow alone
is 600 MB), so a later install needs no network. Making them is minutes of one core
and the disk, so :func:`start` begins it in the background from the start of the
session (``tests/conftest.py``), while the first tests grade on both cores: the
fixtures that need an environment wait for it with :func:`result`.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import pytest

WHEELS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "densegrade" / "wheels"
T = TypeVar("T")
_STARTED: dict[str, Future] = {}  # name -> its work in the background


def start(name: str, work: Callable[[], object]) -> None:
    """Run ``work`` in a thread of its own, once per name; :func:`result` waits for it."""
    if name in _STARTED:
        return
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as error:  # pytest.fail too: the fixture that waits raises it
            future.set_exception(error)

    _STARTED[name] = future
    threading.Thread(target=run, name=name, daemon=True).start()


def wait_for_all() -> None:
    """Let everything started finish (its failures are for the fixtures that wait for
    it): nothing is left installing into a folder after its session."""
    for future in _STARTED.values():
        future.exception()


def result(name: str, work: Callable[[], T]) -> T:
    """What the work started as ``name`` gave (its failure raised here), or, if it was
    not started (a test run alone), ``work()`` now."""
    future = _STARTED.get(name)
    return future.result() if future is not None else work()


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
