"""The student environment: the packages a notebook may import, declared once.

A notebook is graded where it was not written: what it imports must be there too. This
is the list of packages students may use, with the versions the handout supports. The
handout's ``requirements.txt`` and README are written from it (:mod:`autograder.authoring.handout`),
and the grading environment installs every one of them (``pyproject.toml``'s
dependencies, pinned in ``constraints.txt``, which the Gradescope zip's requirements
and the Slurm workers' venv pin too); ``tests/test_student_environment.py`` proves that
the three agree. Like :mod:`autograder.contracts.assignments`, the handout ships this module, so
it needs only the standard library.

Beyond what the lesson needs, the set holds the scientific stack students have where
they work (Colab, Anaconda, the Jupyter Docker stacks' ``scipy-notebook``): scikit-learn
(one-hot encoding, splits), pandas (a look at the labels), SciPy and seaborn (plots of
the curves). docs/student-environment.md says why these and not more.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StudentPackage:
    """One package a notebook may import."""

    distribution: str  # its name on PyPI
    supported: str  # the versions the handout allows (a PEP 440 specifier)
    modules: tuple[str, ...]  # the top-level names a notebook imports it by
    why: str  # why students have it


STUDENT_PACKAGES = (
    StudentPackage(
        "tensorflow", ">=2.16,<2.22", ("tensorflow",), "the lesson's network (Keras 3 from 2.16)"
    ),
    StudentPackage("keras", ">=3.0,<3.16", ("keras",), "the lesson's network"),
    StudentPackage("numpy", ">=1.23", ("numpy",), "the lesson's arrays"),
    StudentPackage("matplotlib", ">=3.5", ("matplotlib", "mpl_toolkits"), "the lesson's plots"),
    StudentPackage("otter-grader", ">=6,<7.1", ("otter",), "the notebook's public checks"),
    StudentPackage("scikit-learn", ">=1.3", ("sklearn",), "one-hot encoding and splits"),
    StudentPackage("pandas", ">=2.0", ("pandas",), "tables of the labels and the history"),
    StudentPackage("scipy", ">=1.10", ("scipy",), "scikit-learn's own base; statistics"),
    StudentPackage("seaborn", ">=0.13", ("seaborn",), "plots of the data and the curves"),
)
# What a Jupyter kernel itself brings: a notebook may import these wherever it runs.
KERNEL_MODULES = ("IPython", "ipykernel", "ipywidgets")


def requirement_lines() -> list[str]:
    """The handout's ``requirements.txt``: one line per package, with its versions."""
    return [f"{package.distribution}{package.supported}" for package in STUDENT_PACKAGES]


def package_of(module: str) -> StudentPackage | None:
    """The declared package that provides top-level ``module``, if any."""
    top = module.split(".")[0]
    return next((package for package in STUDENT_PACKAGES if top in package.modules), None)
