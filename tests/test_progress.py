import io
import json
from pathlib import Path

from autograder.contracts.results import SubmissionResult
from autograder.drivers.progress import BarReporter, JsonLinesReporter, Tally
from autograder.submissions import Submission


def _result(name: str, status: str = "ok", score: float = 13, seconds: float = 30):
    return SubmissionResult(
        submission=name,
        student=name,
        path=f"{name}.ipynb",
        assignment="mnist_dense",
        status=status,
        score=score,
        max_score=13,
        seconds=seconds,
        reason="" if status == "ok" else "the notebook ran longer than 900 s",
    )


def test_the_bar_counts_and_estimates_the_time_left():
    tally = Tally()
    tally.total = 10
    tally.counts.update({"ok": 3, "timeout": 1, "error": 1})
    tally.graded_seconds = [30.0, 30.0, 30.0]
    assert tally.eta_seconds(workers=2) == 75.0  # 5 left, 30 s each, 2 at a time
    assert tally.line(workers=2).startswith("5/10 done, 1 failed, 1 timed out")


def test_without_a_terminal_each_result_is_a_line_then_a_table():
    stream = io.StringIO()
    reporter = BarReporter(workers=2, stream=stream, table_stream=stream)
    reporter.start(total=2, skipped=1)
    reporter.finished(_result("ann"), skipped=True)
    reporter.started(Submission("ben", Path("ben.ipynb"), "class"), "ben")
    reporter.finished(_result("ben", "timeout", 0))
    reporter.summary([_result("ann"), _result("ben", "timeout", 0)])
    text = stream.getvalue()
    assert "Grading 2 submissions (1 unchanged since the last run: skipped)" in text
    assert "timeout ben: the notebook ran longer than 900 s" in text
    assert "ann" in text.split("submission")[-1]  # the summary table lists everyone
    assert "1 ok, 1 timeout" in text
    assert "\r" not in text  # no live redrawing outside a terminal


def test_json_lines_are_one_event_each():
    stream = io.StringIO()
    reporter = JsonLinesReporter(stream)
    reporter.start(total=1, skipped=0)
    reporter.finished(_result("ann"))
    reporter.summary([_result("ann")])
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [event["event"] for event in events] == ["start", "graded", "summary"]
    assert events[1]["score"] == 13 and events[2]["statuses"] == {"ok": 1}
