"""``densegrade similarity OUT``: the report again from a graded folder, without grading."""

from __future__ import annotations

import nbformat
from click.testing import CliRunner

from autograder import typed_files
from autograder.cli import main
from autograder.corpus.integrity import build_class
from autograder.output.folder import OutputFolder
from autograder.results import SubmissionResult
from autograder.statuses import Status


def test_the_report_is_written_from_the_results_with_the_thresholds_given(tmp_path):
    out = OutputFolder(tmp_path / "out")
    for name, notebook in build_class(12).items():
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(notebook, path)
        result = SubmissionResult(name, name, str(path), "mnist_dense", Status.OK)
        typed_files.write(out.result_file(name), result)
    finished = CliRunner().invoke(main, ["similarity", str(out.root)])
    assert finished.exit_code == 0, finished.output
    assert "mnist_dense: 12 compared, 3 finding(s)" in finished.output
    assert "code,copy_of_own_0,own_0," in out.similarity_csv("mnist_dense").read_text()
    assert out.similarity_page("mnist_dense").is_file()
    strict = CliRunner().invoke(main, ["similarity", str(out.root), "--pair-score", "1.01"])
    assert "mnist_dense: 12 compared, 2 finding(s)" in strict.output  # no code pair now


def test_a_folder_without_results_is_refused(tmp_path):
    finished = CliRunner().invoke(main, ["similarity", str(tmp_path)])
    assert finished.exit_code != 0 and "no results to compare" in finished.output
