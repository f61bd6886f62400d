"""``autograder.api``: the stable surface names what it promises, and loading it is cheap."""

import re
import subprocess
import sys

import autograder.api as api
from autograder import reports
from autograder.drivers import course_build, grade
from autograder.drivers.cluster import submit

PROMISED = {
    "grade_paths",
    "GradeOptions",
    "grade_on_slurm",
    "build",
    "rewrite_reports",
    "fetch_data",
    "Limits",
    "SlurmOptions",
    "Status",
    "SubmissionResult",
    "OutputFolder",
}


def test_every_public_name_resolves_and_the_promised_ones_are_public():
    assert PROMISED <= set(api.__all__)
    assert len(api.__all__) == len(set(api.__all__))
    for name in api.__all__:
        assert getattr(api, name) is not None, name


def test_the_api_is_the_functions_the_commands_call():
    assert api.grade_paths is grade.grade_paths
    assert api.grade_on_slurm is submit.grade_on_slurm
    assert api.build is course_build.build
    assert api.rewrite_reports is reports.rewrite_reports


def test_importing_the_api_loads_no_tensorflow():
    probe = "import sys, autograder.api; print(sorted({'tensorflow', 'keras'} & set(sys.modules)))"
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "[]"


def test_docs_api_names_only_what_the_api_has_and_every_command(project_root):
    from autograder.cli import main

    text = (project_root / "docs" / "api.md").read_text(encoding="utf-8")
    called = set(re.findall(r"`([a-z_]+)\(", text))
    assert called and called <= set(api.__all__), called - set(api.__all__)
    commands = {name for name, command in main.commands.items() if not command.hidden}
    assert {c for c in commands if f"densegrade {c}" not in text} == set()
