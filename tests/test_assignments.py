import pytest

from autograder.assignments import ASSIGNMENTS, UnknownAssignment, get_assignment


def test_parameter_counts_match_the_lesson():
    assert get_assignment("mnist_dense").expected_parameter_count() == 25_818
    assert get_assignment("cifar10_dense").expected_parameter_count() == 99_034


def test_thresholds_stay_true_to_the_lesson():
    mnist = get_assignment("mnist_dense").thresholds
    cifar = get_assignment("cifar10_dense").thresholds
    assert mnist.full_credit >= 0.90
    assert 0.35 <= cifar.full_credit <= 0.42
    assert cifar.partial_credit is not None and cifar.partial_credit < cifar.full_credit


def test_every_assignment_has_a_reference_solution(project_root):
    for name in ASSIGNMENTS:
        assert (project_root / "solutions" / f"{name}.ipynb").is_file()


def test_unknown_assignment_lists_the_known_ones():
    with pytest.raises(UnknownAssignment, match="mnist_dense, cifar10_dense"):
        get_assignment("fashion")


def test_autograded_points_come_from_the_bundle():
    assert {name: a.autograded_points() for name, a in ASSIGNMENTS.items()} == {
        "mnist_dense": 13,
        "cifar10_dense": 13,
    }
