"""Fresh virtual environments made from PyPI's packages, for the handout and Gradescope tests.

Never the project's ``.venv``, never an editable install: a Python of this machine and
the wheels PyPI serves, downloaded once into a folder kept between runs (TensorFlow alone
is 600 MB), so a later install needs no network. On a machine whose folder is empty (a
CI run), :func:`prefetch` downloads them in the background from the start of the session
(``tests/conftest.py``), while the first tests grade: the tests that install wait for it.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

WHEELS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "densegrade" / "wheels"
_PREFETCHING: dict[str, threading.Thread] = {}  # cache -> its download in the background


def prefetch(cache: str, download: Callable[[], object]) -> None:
    """Run ``download`` (which fills ``WHEELS/cache``) in the background, once. A failure
    is left to the install that follows, which downloads again and reports it."""

    def quietly() -> None:
        try:
            download()
        except Exception:  # the install that waits for it downloads again and says why
            pass

    if cache not in _PREFETCHING:
        _PREFETCHING[cache] = threading.Thread(target=quietly, name=cache, daemon=True)
        _PREFETCHING[cache].start()


def download(python: str, wanted: list[str], cache: str) -> None:
    """``pip download`` of ``wanted`` into ``WHEELS/cache`` (files there are kept)."""
    command = [python, "-m", "pip", "download", "-q", "-d", str(WHEELS / cache), *wanted]
    subprocess.run(command, capture_output=True, check=True)


def _wait_for_prefetch(cache: str) -> None:
    thread = _PREFETCHING.get(cache)
    if thread is not None and thread is not threading.current_thread():
        thread.join()


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
    _wait_for_prefetch(cache)
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
    _wait_for_prefetch(cache)
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
