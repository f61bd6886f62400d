"""densegrade's stable Python surface, and the only door of the ``densegrade`` command.

Every command of ``densegrade`` is a thin mirror of a function here, with the same
options as arguments, the same defaults and the same errors: ``new`` of
:func:`scaffold`, ``build`` of :func:`build`, ``fetch-data`` of :func:`fetch_data`,
``calibrate`` of :func:`calibrate`, ``verify`` of :func:`verify_references`, ``grade``
of :func:`grade_paths` (``--backend slurm``: :func:`grade_on_slurm`), ``report`` of
:func:`rewrite_reports`, ``similarity`` of :func:`rewrite_similarity`, ``demo`` of
:func:`run_demo`, ``serve`` of :func:`serve`, ``add-ta`` of :func:`add_ta`, ``export``
of :func:`export_canvas`, :func:`export_moodle`, :func:`export_plain` and
:func:`export_feedback`, ``doctor`` of :func:`node_report`, and the cluster's own
``worker`` and ``collect`` of :func:`grade_cluster_chunk`,
:func:`grade_cluster_references` and :func:`collect_run`. The command modules import
nothing of the package but this module (tests/test_architecture.py), so whatever a TA or
an instructor does on the command line, a script does here and a test checks without
click.

Names not listed in ``__all__`` may change between versions; these are kept. Each name
is loaded when first used (PEP 562), so importing this module is cheap and loads no
TensorFlow (the kernels that grade do, in their own processes).

Example::

    from pathlib import Path
    from autograder.api import GradeOptions, Limits, grade_paths

    options = GradeOptions(workers=2, limits=Limits(timeout=600))
    results = grade_paths([Path("submissions")], Path("grades"), options)
    print(sum(result.status == "ok" for result in results), "graded")
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name -> (module, its name there), in the order of a course's story.
_EXPORTS: dict[str, tuple[str, str]] = {
    # authoring: a new assignment, the build, calibration
    "scaffold": ("autograder.authoring.new", "scaffold"),
    "ScaffoldError": ("autograder.authoring.new", "ScaffoldError"),
    "build": ("autograder.drivers.course_build", "build"),
    "BuildResult": ("autograder.drivers.course_build", "BuildResult"),
    "BuildError": ("autograder.authoring.build", "BuildError"),
    "MIN_GRADESCOPE_TIMEOUT": ("autograder.drivers.course_build", "MIN_GRADESCOPE_TIMEOUT"),
    "GradescopeConfig": ("autograder.drivers.gradescope.config", "GradescopeConfig"),
    "PackageError": ("autograder.drivers.gradescope.package", "PackageError"),
    "calibrate": ("autograder.authoring.calibrate", "calibrate"),
    "SeedRun": ("autograder.authoring.calibrate", "SeedRun"),
    "CALIBRATION_SEED_COUNT": ("autograder.authoring.calibrate", "SEED_COUNT"),
    "CALIBRATION_FIRST_SEED": ("autograder.authoring.calibrate", "FIRST_SEED"),
    "write_calibration_report": ("autograder.authoring.calibrate", "write_report"),
    "render_calibration": ("autograder.authoring.calibrate", "render_markdown"),
    "write_thresholds": ("autograder.authoring.calibrate", "write_thresholds"),
    "SettingsError": ("autograder.authoring.settings", "SettingsError"),
    "SpecError": ("autograder.authoring.spec", "SpecError"),
    "ASSIGNMENTS": ("autograder.contracts.assignments", "ASSIGNMENTS"),
    "UnknownAssignment": ("autograder.contracts.assignments", "UnknownAssignment"),
    # data
    "fetch_data": ("autograder.data", "fetch_data"),
    "DatasetError": ("autograder.data", "DatasetError"),
    "DATA_DIR_ENV": ("autograder.data", "DATA_DIR_ENV"),
    "configured_data_dir": ("autograder.data", "configured_data_dir"),
    # grading a batch on this machine
    "grade_paths": ("autograder.drivers.grade", "grade_paths"),
    "GradeOptions": ("autograder.drivers.grade", "GradeOptions"),
    "verify_references": ("autograder.drivers.grade", "verify_references"),
    "Limits": ("autograder.execution.limits", "Limits"),
    "GIB": ("autograder.execution.limits", "GIB"),
    "isolation_level": ("autograder.execution.isolation", "isolation_level"),
    "whole_cpus": ("autograder.execution.quotas", "whole_cpus"),
    "Reporter": ("autograder.execution.events", "Reporter"),
    "SilentReporter": ("autograder.execution.events", "SilentReporter"),
    "BarReporter": ("autograder.drivers.progress", "BarReporter"),
    "JsonLinesReporter": ("autograder.drivers.progress", "JsonLinesReporter"),
    "ReferenceCheckFailed": ("autograder.drivers.reference", "ReferenceCheckFailed"),
    "REFERENCE_FAILED": ("autograder.drivers.reference", "REFERENCE_FAILED"),
    "reference_verdict": ("autograder.drivers.reference", "verdict"),
    "likely_cause": ("autograder.drivers.reference", "likely_cause"),
    "OutputFolder": ("autograder.contracts.output.folder", "OutputFolder"),
    "SubmissionResult": ("autograder.contracts.results", "SubmissionResult"),
    "Status": ("autograder.contracts.statuses", "Status"),
    "run_demo": ("autograder.drivers.demo", "run_demo"),
    "describe_samples": ("autograder.drivers.demo", "describe_samples"),
    # results and reports
    "rewrite_reports": ("autograder.reports", "rewrite_reports"),
    "rewrite_similarity": ("autograder.reports.similarity", "rewrite_similarity"),
    "NoResultsToCompare": ("autograder.reports.similarity", "NoResultsToCompare"),
    "SimilarityThresholds": ("autograder.similarity.pairs", "Thresholds"),
    # a batch on Slurm
    "grade_on_slurm": ("autograder.drivers.cluster.submit", "grade_on_slurm"),
    "SlurmOptions": ("autograder.drivers.cluster.slurm", "SlurmOptions"),
    "SlurmError": ("autograder.drivers.cluster.slurm", "SlurmError"),
    "SlurmEvent": ("autograder.drivers.cluster.submit", "SlurmEvent"),
    "SlurmResult": ("autograder.drivers.cluster.submit", "SlurmResult"),
    "RunPlanned": ("autograder.drivers.cluster.submit", "RunPlanned"),
    "NodesChecked": ("autograder.drivers.cluster.submit", "NodesChecked"),
    "ScriptsWritten": ("autograder.drivers.cluster.submit", "ScriptsWritten"),
    "JobsQueued": ("autograder.drivers.cluster.submit", "JobsQueued"),
    "CollectEnded": ("autograder.drivers.cluster.submit", "CollectEnded"),
    "slurm_event_payload": ("autograder.drivers.cluster.submit", "payload"),
    "RunRefused": ("autograder.drivers.cluster.run", "RunRefused"),
    "run_manifest": ("autograder.drivers.cluster.manifest", "run_manifest"),
    "grade_cluster_chunk": ("autograder.drivers.cluster.worker", "grade_chunk"),
    "grade_cluster_references": ("autograder.drivers.cluster.worker", "grade_references"),
    "collect_run": ("autograder.drivers.cluster.collect", "collect_run"),
    "node_report": ("autograder.drivers.cluster.doctor", "node_report"),
    "render_node_report": ("autograder.drivers.cluster.doctor", "render"),
    "write_node_report": ("autograder.drivers.cluster.doctor", "write_report"),
    # the course desk: the grading app, its staff, the LMS
    "serve": ("autograder.desk.serve.server", "serve"),
    "SERVE_HINT": ("autograder.desk.serve.server", "SERVE_HINT"),
    "DEFAULT_PORT": ("autograder.desk.serve.server", "DEFAULT_PORT"),
    "LOCAL": ("autograder.desk.serve.server", "LOCAL"),
    "DEFAULT_SESSION_HOURS": ("autograder.desk.serve.auth", "DEFAULT_SESSION_HOURS"),
    "LONGEST_SESSION_HOURS": ("autograder.desk.serve.auth", "LONGEST_SESSION_HOURS"),
    "add_ta": ("autograder.desk.serve.staff", "add_member"),
    "StaffFileError": ("autograder.desk.serve.staff", "StaffFileError"),
    "GradebookError": ("autograder.desk.gradebook.schema", "GradebookError"),
    "CourseFileError": ("autograder.desk.gradebook.course", "CourseFileError"),
    "export_canvas": ("autograder.desk.lms.export", "export_canvas"),
    "export_moodle": ("autograder.desk.lms.export", "export_moodle"),
    "export_plain": ("autograder.desk.lms.export", "export_plain"),
    "export_feedback": ("autograder.desk.lms.export", "export_feedback"),
    "ExportOptions": ("autograder.desk.lms.export", "Options"),
    "Exported": ("autograder.desk.lms.export", "Exported"),
    "ExportRefused": ("autograder.desk.lms.grades", "ExportRefused"),
    "CanvasFileError": ("autograder.desk.lms.canvas", "CanvasFileError"),
    "MoodleFileError": ("autograder.desk.lms.moodle", "MoodleFileError"),
    "MOODLE_IDENTIFIERS": ("autograder.desk.lms.moodle", "IDENTIFIERS"),
    "MOODLE_MATCH_BY": ("autograder.desk.lms.moodle", "MATCH_BY"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # loaded once
    return value


def __dir__() -> list[str]:
    return __all__
