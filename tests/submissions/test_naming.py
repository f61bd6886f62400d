from pathlib import Path

from autograder.contracts.results import safe_file_stem
from autograder.submissions import (
    REFERENCE_PREFIX,
    Submission,
    find_submissions,
    is_reference,
    reference_name,
    submission_names,
)


def test_names_are_students_qualified_only_where_they_clash():
    solution = Submission("mnist_dense", Path("/s/solutions/mnist_dense.ipynb"), "solutions")
    student = Submission(
        "mnist_dense", Path("/s/assignments/mnist_dense/mnist_dense.ipynb"), "assignments"
    )
    alice_mnist = Submission("alice", Path("/s/alice/mnist_dense.ipynb"), "class")
    alice_cifar = Submission("alice", Path("/s/alice/cifar10_dense.ipynb"), "class")
    bob = Submission("bob", Path("/s/bob/work.ipynb"), "class")
    names = submission_names([solution, student, alice_mnist, alice_cifar, bob])
    assert names == {
        solution: "solutions-mnist_dense",
        student: "assignments-mnist_dense",
        alice_mnist: "alice-mnist_dense",
        alice_cifar: "alice-cifar10_dense",
        bob: "bob",
    }


def test_no_submission_name_can_pose_as_a_reference(tmp_path):
    posing = tmp_path / f"{REFERENCE_PREFIX}mnist_dense.ipynb"
    posing.write_text("{}")
    names = [submission.student for submission in find_submissions([tmp_path])]
    assert names and not any(is_reference(name) for name in names)
    assert is_reference(reference_name("mnist_dense"))
    assert not safe_file_stem(reference_name("mnist_dense")).startswith("+")
