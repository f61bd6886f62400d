import json

import pytest
from click.testing import CliRunner

from autograder.authoring import calibrate
from autograder.authoring.calibrate import CalibrationReport, SeedRun
from autograder.cli import main


def _report(assignment, accuracies, images):
    runs = [SeedRun(seed, acc, 1.5, 20.0) for seed, acc in enumerate(accuracies, 1)]
    return CalibrationReport(assignment, images, runs)


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


@pytest.mark.notebook
def test_calibrate_trains_the_reference_in_a_real_kernel(project_root, data_dir, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "calibrate",
            "mnist_dense",
            "--seeds",
            "1",
            "--first-seed",
            "3",
            "--root",
            str(project_root),
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    saved = json.loads((tmp_path / "mnist_dense.json").read_text())
    run = saved["runs"][0]
    assert run["seed"] == 3 and run["error"] == ""
    assert run["accuracy"] > 0.9 and run["seconds_per_epoch"] > 0
    assert (tmp_path / "mnist_dense.md").read_text().startswith("# Calibration: `mnist_dense`")
