"""What the doctor's report lets a run do (the report itself: tests/test_slurm_end_to_end.py)."""

from autograder.cluster.doctor import problems, render
from autograder.cluster.run import LARGE_RUN, refusal
from autograder.execution import isolation


def report(level: str = isolation.ROOTLESS, data: str = "verified") -> dict:
    return {
        "host": "node7",
        "isolation": level,
        "user": "ann (uid 1000)",
        "cpus": 4.0,
        "memory_gib": 24.0,
        "python": "3.11.7",
        "data": {"mnist": data},
        "scratch": "writable",
        "packages": {"tensorflow": "2.21.0", "densegrade": "0.1.0"},
        "slurm": {},
    }


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
