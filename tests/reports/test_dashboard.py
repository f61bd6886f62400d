from __future__ import annotations

import csv
import io

from autograder.reports import dashboard
from tests.reports.made_results import layers, result


def class_results():
    return [
        result("ana"),
        result("ben", passed=(False, True, False), accuracy=0.2),
        result("cy", passed=(False, False, True), layer_rows=layers((32, "relu"), (10, "softmax"))),
        result("di", passed=(True, False, True), layer_rows=layers((32, "relu"), (10, "softmax"))),
    ]


def test_item_analysis_puts_the_most_failed_check_first():
    items = dashboard.item_analysis(class_results())
    assert [(item.check, item.failed, item.graded) for item in items] == [
        ("architecture", 2, 4),
        ("scaled", 2, 4),
        ("accuracy_full", 1, 4),
    ]
    assert items[0].common_messages == [("Layers differ:", 2)]  # tables grouped by first line


def test_wrong_architectures_are_counted_with_their_students():
    ranked = dashboard.wrong_architectures(class_results())
    assert ranked == [("Dense(32, relu) → Dense(10, softmax)", ["cy", "di"])]


def test_question_scores_csv_has_a_column_per_question_and_blank_manual_columns():
    text = dashboard.question_scores_csv(class_results(), ["curves_reading"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "student", "submission", "status", "preprocessing", "model", "evaluation",
        "curves_reading", "autograded_total",
    ]  # fmt: skip
    ben = next(row for row in rows if row["student"] == "ben")
    assert (ben["preprocessing"], ben["model"], ben["evaluation"]) == ("0", "2", "0")
    assert ben["curves_reading"] == "" and ben["autograded_total"] == "2"


def test_assignment_section_has_both_distributions():
    section = dashboard.assignment_section("mnist_dense", class_results())
    assert section["score_figure"].startswith("data:image/png;base64,")
    assert section["accuracy_figure"].startswith("data:image/png;base64,")
    assert section["accuracy_count"] == 4 and section["threshold"] == 0.9


def test_not_graded_and_flagged_rows_on_the_dashboard(tmp_path):
    from autograder.contracts.output.folder import OutputFolder
    from autograder.reports import write_reports

    flagged, failed = result("ana"), result("bo")
    flagged.checks[2].review = "Training not verified: its weights changed."
    failed.status, failed.score, failed.checks = "grader_error", None, []
    write_reports([flagged, failed], OutputFolder(tmp_path), {})
    html = (tmp_path / "index.html").read_text()
    assert "To review: Training not verified: its weights changed." in html
    assert "not graded" in html
    rows = (tmp_path / "question_scores_mnist_dense.csv").read_text().splitlines()
    assert rows[2].endswith(",")  # bo: no total, not a 0
