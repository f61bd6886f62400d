"""densegrade's stable Python surface: what a script, a notebook or another tool calls.

Each command of ``densegrade`` is a thin mirror of one function here (``build`` of
:func:`build`, ``grade`` of :func:`grade_paths` or, with ``--backend slurm``,
:func:`grade_on_slurm`, ``report`` of :func:`rewrite_reports`, ``fetch-data`` of
:func:`fetch_data`, ``new`` of :func:`scaffold`,
``verify`` of :func:`verify_references`), with the same options as arguments.
Names not listed in ``__all__`` may change between versions; these are kept. This module
only re-exports, and importing it loads no TensorFlow (the kernels that grade do, in their
own processes).

Example::

    from pathlib import Path
    from autograder.api import GradeOptions, Limits, grade_paths

    options = GradeOptions(workers=2, limits=Limits(timeout=600))
    results = grade_paths([Path("submissions")], Path("grades"), options)
    print(sum(result.status == "ok" for result in results), "graded")
"""

from __future__ import annotations

from autograder.authoring.build import BuildError
from autograder.authoring.new import ScaffoldError, scaffold
from autograder.cluster.run import RunRefused
from autograder.cluster.slurm import SlurmError, SlurmOptions
from autograder.cluster.submit import SlurmEvent, SlurmResult, grade_on_slurm
from autograder.course_build import BuildResult, build
from autograder.data import DatasetError, fetch_data
from autograder.execution.events import Reporter
from autograder.execution.limits import Limits
from autograder.grade import GradeOptions, grade_paths, verify_references
from autograder.output.folder import OutputFolder
from autograder.reference import ReferenceCheckFailed
from autograder.reports import rewrite_reports
from autograder.results import SubmissionResult
from autograder.statuses import Status

__all__ = [
    "BuildError",
    "BuildResult",
    "DatasetError",
    "GradeOptions",
    "Limits",
    "OutputFolder",
    "ReferenceCheckFailed",
    "Reporter",
    "RunRefused",
    "ScaffoldError",
    "SlurmError",
    "SlurmEvent",
    "SlurmOptions",
    "SlurmResult",
    "Status",
    "SubmissionResult",
    "build",
    "fetch_data",
    "grade_on_slurm",
    "grade_paths",
    "rewrite_reports",
    "scaffold",
    "verify_references",
]
