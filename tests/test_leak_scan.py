import shutil

import pytest

from autograder.authoring import leak_scan


def test_student_facing_files_hold_no_solution_or_hidden_test(project_root):
    scanned = leak_scan.student_facing_files(project_root)
    assert len(scanned) >= 12  # two notebooks and their public test files
    assert leak_scan.find_leaks(project_root) == []


def test_secrets_are_read_from_solutions_and_hidden_tests(project_root):
    solution = leak_scan.solution_lines(project_root / "solutions/mnist_dense.ipynb")
    assert "X_train.reshape(X_train.shape[0], 784)" in solution
    assert any(line.startswith("model.compile(") for line in solution)
    hidden = leak_scan.hidden_test_secrets(project_root / "autograder/bundles/mnist_dense/tests")
    assert "def test_accuracy_full(" in hidden


@pytest.fixture
def project_copy(tmp_path, project_root):
    copy = tmp_path / "project"
    for folder in ("solutions", "assignments", "autograder/bundles"):
        shutil.copytree(project_root / folder, copy / folder)
    return copy


@pytest.mark.parametrize(
    "planted",
    [
        "X_train = X_train.reshape(X_train.shape[0], 784)",
        "def test_matches_dataset(X_train):",
        "# BEGIN SOLUTION",
    ],
)
def test_a_planted_leak_is_found(project_copy, planted):
    target = project_copy / "assignments/mnist_dense/tests/model.py"
    target.write_text(target.read_text() + f"\n{planted}\n")
    leaks = leak_scan.find_leaks(project_copy)
    assert leaks and all(
        leak.startswith("assignments/mnist_dense/tests/model.py") for leak in leaks
    )
