from autograder.contracts import bundle
from autograder.contracts.assignments import ASSIGNMENTS, get_assignment


def test_thresholds_stay_true_to_the_lesson():
    mnist = get_assignment("mnist_dense").thresholds
    cifar = get_assignment("cifar10_dense").thresholds
    assert mnist.full_credit >= 0.90
    assert 0.35 <= cifar.full_credit <= 0.42
    assert cifar.partial_credit is not None and cifar.partial_credit < cifar.full_credit


def test_autograded_points_come_from_the_bundle():
    assert {name: bundle.autograded_points(name) for name in ASSIGNMENTS} == {
        "mnist_dense": 13,
        "cifar10_dense": 13,
    }


def test_the_questions_are_the_bundles_in_notebook_order():
    assert bundle.autograded_questions("mnist_dense") == [
        "preprocessing",
        "model",
        "compile",
        "training",
        "evaluation",
    ]
