"""A whole run through :func:`autograder.drivers.cluster.submit.grade_on_slurm` and ``grade
--backend slurm --wait``, with Slurm's three steps stubbed (the real cluster:
tests/test_slurm_end_to_end.py): the events told, the result returned, what is printed."""

import json

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.drivers.cluster import run as run_api
from autograder.drivers.cluster.slurm import SlurmOptions
from autograder.drivers.cluster.status import CollectStatus
from autograder.drivers.cluster.submit import (
    CollectEnded,
    JobsQueued,
    NodesChecked,
    RunPlanned,
    grade_on_slurm,
)
from autograder.execution.limits import Limits
from tests.cluster.test_run import report

ENDED = CollectStatus(4, {"ok": 1, "grader_error": 2})
SMALL = ["--cpus-per-task", "1", "--time-per-task", "30", "--no-reports"]


@pytest.fixture
def stub_slurm(monkeypatch):
    """The doctor job, sbatch and squeue: a node that may grade, three jobs, an ending."""

    def queue(run: run_api.Run) -> dict[str, str]:
        run.jobs = {"references": "7", "array": "8", "collect": "9"}
        return dict(run.jobs)

    ended = {"status": ENDED}
    monkeypatch.setattr(run_api, "check_nodes", lambda run, options, allow: report())
    monkeypatch.setattr(run_api, "queue", queue)
    monkeypatch.setattr(run_api, "wait", lambda run: ended["status"])
    return ended


def test_a_run_is_planned_checked_queued_and_waited_for(stub_slurm, three_students, tmp_path):
    events = []
    options = SlurmOptions(cpus_per_task=1, time_per_task="30", reports=False)
    run = grade_on_slurm(
        [three_students], tmp_path / "out", Limits(), options, wait=True, on_event=events.append
    )
    assert [type(e) for e in events] == [RunPlanned, NodesChecked, JobsQueued, CollectEnded]
    assert run.queued and run.jobs == {"references": "7", "array": "8", "collect": "9"}
    assert run.node == report() and run.status == ENDED
    assert events[2].grades_csv == tmp_path / "out" / "grades.csv"


def grade(three_students, tmp_path, *extra: str):
    command = ["grade", str(three_students), "--out", str(tmp_path / "out"), "--backend"]
    return CliRunner().invoke(main, [*command, "slurm", *SMALL, "--wait", *extra])


def test_json_lines_tell_each_step_and_the_exit_is_the_runs(stub_slurm, three_students, tmp_path):
    result = grade(three_students, tmp_path, "--json-lines")
    assert result.exit_code == 4, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["event"] for e in events] == ["planned", "nodes_checked", "queued", "collected"]
    assert events[1]["host"] == "node7" and events[1]["isolation"] == "namespaces without root"
    assert events[2]["jobs"] == {"references": "7", "array": "8", "collect": "9"}
    assert events[3] == {
        "event": "collected",
        "job": "9",
        "exit_status": 4,
        "counts": {"ok": 1, "grader_error": 2},
        "error": "",
    }


def test_people_read_the_steps_and_quiet_prints_only_errors(stub_slurm, three_students, tmp_path):
    told = grade(three_students, tmp_path)
    assert told.exit_code == 4, told.output
    assert "Queued: references job 7, array job 8, collect job 9." in told.stderr
    assert "Collect job 9 ended (exit 4): 2 grader_error, 1 ok." in told.stderr
    assert "Ready to grade." in told.stderr  # the doctor's report
    quiet = grade(three_students, tmp_path, "--quiet")
    assert (quiet.exit_code, quiet.output) == (4, "")
    stub_slurm["status"] = CollectStatus(1, error="the collect job left no status")
    failed = grade(three_students, tmp_path, "--quiet")
    assert failed.exit_code == 1 and failed.output == "Error: the collect job left no status\n"
