"""The package's own start-up: importing it keeps notebook readers quick to start."""

import subprocess
import sys

IMPORTS_OF_EACH_PROCESS = {  # the CLI, a submission's supervisor and its kernel
    "CLI": "import autograder.cli",
    "supervisor": "import autograder.execution.supervisor",
    "kernel": "import autograder.kernel.setup, otter",
}


def test_no_grading_process_builds_the_iri_parser_and_notebooks_still_validate():
    for process, imports in IMPORTS_OF_EACH_PROCESS.items():
        code = (
            f"{imports}\nimport sys, nbformat\n"
            "assert sys.modules['rfc3987_syntax'] is None, 'the parser was built'\n"
            "nbformat.validate(nbformat.v4.new_notebook())"
        )
        finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert finished.returncode == 0, (process, finished.stderr[-2000:])


def test_without_the_package_the_parser_is_built_so_the_test_above_can_fail():
    code = "import sys, nbformat\nprint(sys.modules.get('rfc3987_syntax') is not None)"
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert finished.stdout.strip() == "True", finished.stderr[-2000:]
