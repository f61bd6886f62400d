"""The Gradescope zip, read as Gradescope and pip will read it (no kernel, no install)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata

import pytest
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from autograder.contracts import typed_files
from autograder.contracts.bundle import bundle_dir
from autograder.contracts.tested_set import CONSTRAINTS_FILE, read_pins
from autograder.drivers.gradescope.config import (
    CONFIG_FILE,
    PYTHON_MINIMUM,
    PYTHON_VERSION,
    GradescopeConfig,
)
from autograder.drivers.gradescope.package import SCRIPTS, write_autograder_zip
from autograder.drivers.gradescope.wheel import wheel_name


@pytest.fixture(scope="module")
def autograder_zip(project_root, tmp_path_factory) -> zipfile.ZipFile:
    path = tmp_path_factory.mktemp("zip") / "mnist_dense-autograder.zip"
    write_autograder_zip(GradescopeConfig(assignment="mnist_dense"), project_root, path)
    return zipfile.ZipFile(path)


def test_the_scripts_are_executable_unix_scripts(autograder_zip, tmp_path):
    for script in SCRIPTS:
        info = autograder_zip.getinfo(script)
        assert (info.external_attr >> 16) & 0o777 == 0o755, script
        content = autograder_zip.read(script)
        assert b"\r" not in content and content.startswith(b"#!/usr/bin/env bash\n"), script
        assert b"@" + b"ASSIGNMENT@" not in content  # every placeholder filled
        (tmp_path / script).write_bytes(content)
        syntax = subprocess.run(["bash", "-n", str(tmp_path / script)], capture_output=True)
        assert syntax.returncode == 0, syntax.stderr


def test_its_python_is_the_packages_python(project_root, autograder_zip):
    with (project_root / "pyproject.toml").open("rb") as stream:
        supported = SpecifierSet(tomllib.load(stream)["project"]["requires-python"])
    assert PYTHON_MINIMUM in supported and PYTHON_MINIMUM.startswith(f"{PYTHON_VERSION}.")
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == PYTHON_VERSION  # tested on it
    assert sys.version_info[:3] >= tuple(map(int, PYTHON_MINIMUM.split(".")))
    setup = autograder_zip.read("setup.sh").decode()
    assert f"PYTHON_VERSION={PYTHON_VERSION}\n" in setup
    assert f"PYTHON_MINIMUM={PYTHON_MINIMUM}\n" in setup


def test_its_pins_are_the_tested_set(project_root, autograder_zip):
    """Every pin is in constraints.txt, which make install installs, and installed here."""
    pins = [line.split("==") for line in autograder_zip.read("requirements.txt").decode().split()]
    tested = read_pins(project_root / CONSTRAINTS_FILE)
    assert pins and all(len(pin) == 2 for pin in pins)
    for name, version in pins:
        assert tested[canonicalize_name(name)] == version, name
        assert metadata.version(name) == version, name
    names = {canonicalize_name(name) for name, _ in pins}
    assert {"tensorflow", "keras", "otter-grader", "numpy"} <= names
    assert "pytest" not in names and "ruff" not in names  # the tests' own, not the grader's


def test_the_project_installs_the_tested_set(project_root):
    makefile = (project_root / "Makefile").read_text()
    assert f"-c {CONSTRAINTS_FILE}" in makefile


def test_its_tests_are_the_bundles_byte_for_byte(autograder_zip):
    bundle = bundle_dir("mnist_dense")
    tests = sorted(name for name in autograder_zip.namelist() if name.startswith("tests/"))
    assert tests == sorted(f"tests/{p.name}" for p in (bundle / "tests").glob("*.py"))
    for name in tests:
        assert autograder_zip.read(name) == (bundle / name).read_bytes(), name
    for name in ("otter_config.json", "run_otter.py", "questions.json"):  # for otter run
        assert autograder_zip.read(name) == (bundle / name).read_bytes(), name
    assert "environment.yml" not in autograder_zip.namelist()  # otter's, for Python 3.13


def test_its_settings_name_the_assignment(autograder_zip):
    config = typed_files.loads(GradescopeConfig, autograder_zip.read(CONFIG_FILE).decode())
    assert config.assignment == "mnist_dense"
    run = autograder_zip.read("run_autograder").decode()
    assert f"exec {config.venv}/bin/python -m autograder.drivers.gradescope.runner" in run
    setup = autograder_zip.read("setup.sh").decode()
    assert f"VENV={config.venv}\n" in setup and f"DATA={config.data_dir}\n" in setup


def test_the_wheel_is_a_valid_wheel_of_the_grader(project_root, autograder_zip):
    wheel = zipfile.ZipFile(io.BytesIO(autograder_zip.read(wheel_name(project_root))))
    info = next(n for n in wheel.namelist() if n.endswith(".dist-info/RECORD")).rsplit("/", 1)[0]
    rows = list(csv.reader(io.StringIO(wheel.read(f"{info}/RECORD").decode())))
    assert {row[0] for row in rows} == set(wheel.namelist())
    for name, digest, size in rows:
        if name.endswith("RECORD"):
            continue
        content = wheel.read(name)
        expected = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=")
        assert digest == f"sha256={expected.decode()}" and int(size) == len(content), name
    assert "autograder/drivers/gradescope/runner.py" in wheel.namelist()
    assert "autograder/bundles/mnist_dense/tests/evaluation.py" in wheel.namelist()
    assert not [name for name in wheel.namelist() if "__pycache__" in name]
    assert not [name for name in wheel.namelist() if name.startswith("autograder/corpus/")]
    meta = wheel.read(f"{info}/METADATA").decode()
    assert "Requires-Python: >=3.11,<3.12" in meta


def test_the_zip_is_reproducible(project_root, tmp_path):
    config = GradescopeConfig(assignment="cifar10_dense")
    first = write_autograder_zip(config, project_root, tmp_path / "a.zip")
    second = write_autograder_zip(config, project_root, tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()
