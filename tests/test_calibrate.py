import dataclasses
import json
import shutil
import tomllib

import pytest
from click.testing import CliRunner

from autograder.authoring import calibrate
from autograder.authoring.calibrate import CalibrationReport, SeedRun
from autograder.cli import main
from autograder.contracts.assignments import get_assignment


def _report(assignment, accuracies, images):
    runs = [SeedRun(seed, acc, 1.5, 20.0) for seed, acc in enumerate(accuracies, 1)]
    return CalibrationReport(assignment, images, get_assignment(assignment).thresholds, "f", runs)


def test_proposal_keeps_two_standard_errors_under_the_worst_seed():
    report = _report("cifar10_dense", [0.44, 0.42, 0.45], images=1000)
    assert report.summary()["min"] == 0.42 and report.summary()["median"] == 0.44
    # 0.42 - 2 * sqrt(0.42 * 0.58 / 1000) = 0.3888, rounded down to 0.385
    assert report.proposed_full_credit() == 0.385


def test_proposal_never_asks_more_than_the_lesson():
    report = _report("mnist_dense", [0.95, 0.955], images=10000)
    assert report.proposed_full_credit() == 0.90


def test_report_says_whether_every_seed_clears_the_shipped_threshold():
    good = calibrate.render_markdown(_report("mnist_dense", [0.95, 0.94], 10000))
    assert "every seed clears it: yes" in good and "| 2 | 0.9400 |" in good
    bad = calibrate.render_markdown(_report("mnist_dense", [0.95, 0.85], 10000))
    assert "every seed clears it: NO" in bad


def test_failed_seeds_are_reported_not_counted():
    report = _report("mnist_dense", [0.95], 10000)
    report.runs.append(SeedRun(9, None, None, 3.0, "DeadKernelError: kernel died"))
    assert report.accuracies == [0.95]
    assert "DeadKernelError" in calibrate.render_markdown(report)


def test_a_partial_threshold_not_below_the_proposal_is_dropped():
    report = _report("cifar10_dense", [0.31, 0.33], images=1000)
    assert report.proposed_full_credit() == 0.28 and report.proposed_partial_credit() is None
    assert "dropped (not below full)" in calibrate.render_markdown(report)


@pytest.mark.notebook
def test_calibrate_trains_the_reference_and_writes_its_settings(project_root, data_dir, tmp_path):
    """As an instructor runs it, from the project folder: the spec read from the reference,
    one seed trained, the proposal and the fingerprint written beside the reference."""
    shutil.copytree(project_root / "solutions", tmp_path / "solutions")
    settings = tmp_path / "solutions" / "mnist_dense.toml"
    before = settings.read_text()
    result = CliRunner().invoke(
        main, ["calibrate", "mnist_dense", "--seeds", "1", "--first-seed", "3", "--root",
               str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    saved = json.loads((tmp_path / "solutions" / "mnist_dense.calibration.json").read_text())
    run = saved["runs"][0]
    assert run["seed"] == 3 and run["error"] == ""
    assert run["accuracy"] > 0.9 and run["seconds_per_epoch"] > 0
    report = (tmp_path / "solutions" / "mnist_dense.calibration.md").read_text()
    assert report.startswith("# Calibration: `mnist_dense`")
    written = tomllib.loads(settings.read_text())
    spec = get_assignment("mnist_dense")
    assert written["thresholds"]["calibrated_for"] == spec.thresholds.calibrated_for
    assert written["thresholds"]["full_credit_accuracy"] == 0.9  # capped by the notebook's bar
    assert settings.read_text().splitlines()[0] == before.splitlines()[0]  # comments kept
    assert "Run `densegrade build` next." in result.output


def test_calibrate_names_a_reference_that_is_not_there(tmp_path):
    (tmp_path / "solutions").mkdir()
    result = CliRunner().invoke(main, ["calibrate", "fashion", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "no reference notebook" in result.output


def test_a_proposal_the_notebook_s_bar_lowers_says_so():
    report = _report("mnist_dense", [0.97, 0.975], images=10000)
    assert report.proposed_full_credit() == 0.90
    assert "Capped by lesson_accuracy = 0.9" in report.capped()
    assert "the seeds alone give 0.965" in calibrate.render_markdown(report)
    assert _report("cifar10_dense", [0.40], images=1000).capped() == ""


def test_a_perfect_score_leaves_room_for_one_image():
    report = _report("mnist_dense", [1.0, 1.0], images=600)
    report.shipped = dataclasses.replace(report.shipped, lesson=1.0)
    assert report.proposed_full_credit() == 0.995  # 1 - 2 * sqrt(1/600 * 599/600), rounded down
    assert "no lesson_accuracy cap" in calibrate.render_markdown(report)
