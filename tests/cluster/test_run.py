"""What the doctor's report lets a run do (the report itself: tests/test_slurm_end_to_end.py)."""

import dataclasses
import json

import pytest

from autograder.contracts import typed_files
from autograder.contracts.typed_files import FileFormatError
from autograder.drivers.cluster import doctor
from autograder.drivers.cluster.doctor import NodeReport, problems, render
from autograder.drivers.cluster.run import LARGE_RUN, refusal
from autograder.drivers.cluster.status import CollectStatus, QueuedJobs
from autograder.execution import isolation
from autograder.execution.isolation import Isolation


def report(level: Isolation = isolation.ROOTLESS, data: str = "verified") -> NodeReport:
    return NodeReport(
        host="node7",
        isolation=level,
        user="ann (uid 1000)",
        cpus=4.0,
        memory_gib=24.0,
        python="3.11.7",
        data={"mnist": data},
        scratch="writable",
        packages={"tensorflow": "2.21.0", "densegrade": "0.1.0"},
        slurm={"SLURM_JOB_ID": "12"},
    )


def test_a_node_with_user_namespaces_may_grade_a_class():
    assert refusal(report(), 2000, allow_weak_isolation=False) == ""
    assert "Ready to grade." in render(report())


def test_a_large_run_on_nodes_without_isolation_needs_the_instructors_word():
    weak = report(isolation.LIMITS_ONLY)
    assert "pass --allow-weak-isolation" in refusal(weak, LARGE_RUN + 1, False)
    assert refusal(weak, LARGE_RUN + 1, True) == ""
    assert refusal(weak, LARGE_RUN, False) == ""  # a small trial run may go ahead
    assert "WEAK" in render(weak)


def test_a_node_that_cannot_grade_stops_every_run():
    broken = report(data="DatasetError: mnist.npz is not a readable .npz file")
    assert problems(broken) == [
        "data set mnist: DatasetError: mnist.npz is not a readable .npz file"
    ]
    assert "cannot grade" in refusal(broken, 1, allow_weak_isolation=True)
    assert "NOT ready" in render(broken)


def test_the_doctors_report_reaches_the_submit_step_as_written(tmp_path):
    path = tmp_path / "doctor.json"
    written = dataclasses.replace(report(isolation.LIMITS_ONLY), packages={"keras": None})
    doctor.write_report(written, path)
    back = doctor.read_report(path)
    assert back == written and back.isolation is Isolation.LIMITS_ONLY
    assert '"isolation": "limits only"' in path.read_text()
    assert problems(back) == ["keras is not installed"]
    path.write_text(json.dumps({**json.loads(path.read_text()), "gpus": 2}))
    with pytest.raises(FileFormatError, match="unknown key 'gpus'"):
        doctor.read_report(path)


def test_this_nodes_own_report_is_a_typed_file(tmp_path):
    own = doctor.node_report()
    path = tmp_path / "doctor.json"
    doctor.write_report(own, path)
    assert doctor.read_report(path) == own and isinstance(own.isolation, Isolation)


@pytest.mark.parametrize(
    "written",
    [QueuedJobs({"array": "12", "collect": "13"}), CollectStatus(4, {"ok": 3, "grader_error": 1})],
)
def test_the_runs_files_round_trip_and_refuse_unknown_keys(tmp_path, written):
    path = typed_files.write(tmp_path / "file.json", written)
    assert typed_files.read(type(written), path) == written
    path.write_text(json.dumps({**json.loads(path.read_text()), "extra": 1}))
    with pytest.raises(FileFormatError, match="unknown key 'extra'"):
        typed_files.read(type(written), path)
