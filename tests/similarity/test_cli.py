"""``densegrade similarity OUT``: the report again from a graded folder, without grading."""

from __future__ import annotations

import nbformat
from click.testing import CliRunner

from autograder.cli import main
from autograder.contracts import typed_files
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import SubmissionResult
from autograder.contracts.statuses import Status
from autograder.corpus.integrity import build_class


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
    strict = CliRunner().invoke(
        main, ["similarity", str(out.root), "--min-statements", "99", "--min-shared", "999"]
    )
    assert "mnist_dense: 12 compared, 1 finding(s)" in strict.output  # the outputs pair alone
    csv = out.similarity_csv("mnist_dense").read_text()
    assert "ranked,copy_of_own_0,own_0," in csv  # still the class's top pair, with its rank


def test_thresholds_out_of_range_are_refused_and_nothing_is_written(tmp_path):
    out = OutputFolder(tmp_path / "out")
    for name, notebook in list(build_class(12).items())[:3]:
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(notebook, path)
        result = SubmissionResult(name, name, str(path), "mnist_dense", Status.OK)
        typed_files.write(out.result_file(name), result)
    for option, value in (("--pair-score", "1.01"), ("--common-share", "-1"), ("--top-pairs", "-1"),
                          ("--min-statements", "0"), ("--reference-score", "nan")):  # fmt: skip
        finished = CliRunner().invoke(main, ["similarity", str(out.root), option, value])
        assert finished.exit_code == 2 and f"Invalid value for '{option}'" in finished.output
    assert not out.similarity_csv("mnist_dense").exists()


def test_a_folder_without_results_is_refused(tmp_path):
    finished = CliRunner().invoke(main, ["similarity", str(tmp_path)])
    assert finished.exit_code != 0 and "no results to compare" in finished.output
