"""One declared student environment: the handout, the grader's install and the Gradescope
zip agree with it."""

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from autograder.authoring import handout
from autograder.contracts.student_environment import STUDENT_PACKAGES, package_of
from autograder.contracts.tested_set import read_pins, runtime_closure


def test_the_handout_requires_exactly_the_declared_packages():
    declared = [f"{p.distribution}{p.supported}" for p in STUDENT_PACKAGES]
    assert list(handout.REQUIREMENTS) == declared
    readme = handout.student_readme("mnist_dense")
    assert all(f"{p.distribution} (`import {p.modules[0]}`)" in readme for p in STUDENT_PACKAGES)


def test_the_grader_depends_on_every_declared_package(project_root):
    project = tomllib.loads((project_root / "pyproject.toml").read_text())["project"]
    direct = {canonicalize_name(Requirement(line).name) for line in project["dependencies"]}
    pins = read_pins(project_root / "constraints.txt")
    for package in STUDENT_PACKAGES:
        name = canonicalize_name(package.distribution)
        assert name in direct, f"{name} is not a dependency of the grader"
        assert Requirement(f"x{package.supported}").specifier.contains(pins[name]), (
            f"constraints.txt pins {name} {pins[name]}, outside {package.supported}"
        )


def test_the_gradescope_zip_pins_every_declared_package(project_root):
    closure = runtime_closure()  # what the zip's requirements.txt pins, as tested
    assert {canonicalize_name(p.distribution) for p in STUDENT_PACKAGES} <= set(closure)


def test_each_declared_module_names_its_package():
    assert "sklearn" in {module for package in STUDENT_PACKAGES for module in package.modules}
    assert package_of("sklearn.preprocessing").distribution == "scikit-learn"
    assert package_of("xgboost") is None
