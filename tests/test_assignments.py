import pytest

from autograder.assignments import ASSIGNMENTS, UnknownAssignment, get_assignment


def test_parameter_counts_match_the_lesson():
    assert get_assignment("mnist_dense").expected_parameter_count() == 25_818
    assert get_assignment("cifar10_dense").expected_parameter_count() == 99_034


def test_every_assignment_has_a_reference_solution(project_root):
    for name in ASSIGNMENTS:
        assert (project_root / "solutions" / f"{name}.ipynb").is_file()


def test_unknown_assignment_lists_the_known_ones():
    with pytest.raises(UnknownAssignment, match="mnist_dense, cifar10_dense"):
        get_assignment("fashion")
