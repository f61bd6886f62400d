"""A course project's own folders, and the package's place: declared once.

As :class:`~autograder.contracts.output.folder.OutputFolder` declares what a grading run writes,
:class:`ProjectFolder` declares the project an instructor edits and builds:
``solutions/`` (the reference notebooks, their settings and calibration reports),
``assignments/`` (the student notebooks and public tests the build writes),
``autograder/bundles/`` (what grading reads, inside the package) and ``dist/`` (the
student handouts). :data:`PACKAGE_DIR` is the one way the package finds itself; in a
source checkout the project folder is its parent (:data:`SOURCE_ROOT`, the default of
every ``--root``). Only ``student_imports.py`` finds its file on its own: it travels
alone in the student handout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # autograder/, this module in contracts/
SOURCE_ROOT = PACKAGE_DIR.parent
BUNDLES_DIR = PACKAGE_DIR / "bundles"  # the bundles grading reads: the installed package's


@dataclass(frozen=True)
class ProjectFolder:
    """The folders of a project, from its root; the ``*_FOLDER`` names are relative to it
    (the build renders files under them before writing or comparing)."""

    root: Path = SOURCE_ROOT

    SOLUTIONS_FOLDER: ClassVar[Path] = Path("solutions")
    ASSIGNMENTS_FOLDER: ClassVar[Path] = Path("assignments")
    BUNDLES_FOLDER: ClassVar[Path] = BUNDLES_DIR.relative_to(SOURCE_ROOT)
    HANDOUTS_FOLDER: ClassVar[Path] = Path("dist")

    @property
    def solutions(self) -> Path:
        return self.root / self.SOLUTIONS_FOLDER

    def reference(self, assignment: str) -> Path:
        """The reference notebook: the spec of ``assignment``."""
        return self.solutions / f"{assignment}.ipynb"

    def references(self) -> list[Path]:
        return sorted(self.solutions.glob("*.ipynb"))

    @property
    def assignments(self) -> Path:
        return self.root / self.ASSIGNMENTS_FOLDER

    @classmethod
    def student_folder(cls, assignment: str) -> Path:
        """Where the build writes ``assignment``'s student notebook and public tests."""
        return cls.ASSIGNMENTS_FOLDER / assignment

    def student_notebook(self, assignment: str) -> Path:
        return self.root / self.student_folder(assignment) / f"{assignment}.ipynb"

    @property
    def bundles(self) -> Path:
        return self.root / self.BUNDLES_FOLDER

    @classmethod
    def bundle_folder(cls, assignment: str) -> Path:
        return cls.BUNDLES_FOLDER / assignment

    def handout(self, assignment: str) -> Path:
        """The student handout's zip."""
        return self.root / self.HANDOUTS_FOLDER / f"{assignment}-student.zip"
