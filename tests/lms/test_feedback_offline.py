"""`densegrade export feedback` on a machine with neither the data sets nor TensorFlow:
every image a returned page shows was recorded at grading, so none is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from autograder.contracts.evidence import Mistake
from autograder.judging.evidence import png_uri
from tests.gradebook.conftest import result, write_results
from tests.reports.made_results import evidence

REPOSITORY = Path(__file__).resolve().parents[2]
BLOCKED = ("tensorflow", "keras")
# Installed by Python at start-up in the subprocess: importing a blocked package fails,
# and every attempt is written to the file $BLOCKED_LOG, so a caught failure still shows.
SITECUSTOMIZE = f"""\
import os, sys

class _Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED!r}:
            with open(os.environ["BLOCKED_LOG"], "a") as log:
                log.write(name + "\\n")
            raise ImportError(f"{{name}} is blocked in this test")
        return None

sys.meta_path.insert(0, _Blocked())
"""


@pytest.fixture
def offline(tmp_path) -> dict[str, str]:
    """The environment of a machine without the data sets, Keras' cache or TensorFlow."""
    blocker, home = tmp_path / "blocker", tmp_path / "home"
    blocker.mkdir()
    home.mkdir()
    (blocker / "sitecustomize.py").write_text(SITECUSTOMIZE)
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DENSEGRADE_", "KERAS_", "TF_", "PYTHON"))
    }
    return {
        **environment,
        "HOME": str(home),
        "PYTHONPATH": os.pathsep.join([str(blocker), str(REPOSITORY)]),
        "BLOCKED_LOG": str(tmp_path / "blocked.log"),
    }


def run(code: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *code],
        env=environment,
        cwd=environment["HOME"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def blocked_imports(environment: dict[str, str]) -> list[str]:
    log = Path(environment["BLOCKED_LOG"])
    return log.read_text().split() if log.exists() else []


def test_the_blocker_blocks_tensorflow_and_keras(offline):
    for package in ("tensorflow", "keras", "keras.datasets"):
        done = run(["-c", f"import {package}"], offline)
        assert done.returncode != 0 and "is blocked in this test" in done.stderr
    assert blocked_imports(offline) == ["tensorflow", "keras", "keras"]


def test_returned_pages_show_every_recorded_image_offline(out, offline):
    rng = np.random.default_rng(0)
    drawn = [png_uri(rng.integers(0, 256, (28, 28), dtype=np.uint8)) for _ in range(3)]
    recorded = evidence()
    assert recorded.test is not None
    mistakes = tuple(
        Mistake(index, 1, 7, 0.9 - index / 10, image) for index, image in enumerate(drawn)
    )
    ann = replace(
        result("ann"), evidence=replace(recorded, test=replace(recorded.test, mistakes=mistakes))
    )
    write_results(out, ann)
    done = run(
        ["-m", "autograder.cli", "export", "feedback", str(out), "--allow-ungraded"], offline
    )
    assert done.returncode == 0, done.stderr
    page = (out / "returned" / "mnist_dense" / "ann.html").read_text()
    assert all(f'<img src="{image}"' in page for image in drawn)
    assert blocked_imports(offline) == []  # nothing even tried
