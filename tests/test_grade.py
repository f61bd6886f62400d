from pathlib import Path

import nbformat

from autograder import grade
from autograder.submissions import Submission


def _notebook(path: Path, assignment: str | None = None) -> Path:
    notebook = nbformat.v4.new_notebook()
    if assignment:
        notebook.metadata["otter"] = {"assignment_name": assignment}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def test_names_are_students_qualified_only_where_they_clash():
    solution = Submission("mnist_dense", Path("/s/solutions/mnist_dense.ipynb"), "solutions")
    student = Submission(
        "mnist_dense", Path("/s/assignments/mnist_dense/mnist_dense.ipynb"), "assignments"
    )
    alice_mnist = Submission("alice", Path("/s/alice/mnist_dense.ipynb"), "class")
    alice_cifar = Submission("alice", Path("/s/alice/cifar10_dense.ipynb"), "class")
    bob = Submission("bob", Path("/s/bob/work.ipynb"), "class")
    names = grade.submission_names([solution, student, alice_mnist, alice_cifar, bob])
    assert names == {
        solution: "solutions-mnist_dense",
        student: "assignments-mnist_dense",
        alice_mnist: "alice-mnist_dense",
        alice_cifar: "alice-cifar10_dense",
        bob: "bob",
    }


def test_assignment_from_metadata_then_file_name():
    tagged = nbformat.v4.new_notebook(metadata={"otter": {"assignment_name": "cifar10_dense"}})
    untagged = nbformat.v4.new_notebook()
    assert grade.identify_assignment(tagged, "mnist_dense.ipynb") == "cifar10_dense"
    assert grade.identify_assignment(untagged, "bob_mnist_dense.ipynb") == "mnist_dense"
    assert grade.identify_assignment(untagged, "homework.ipynb") is None


def test_unreadable_and_unidentified_notebooks_are_invalid_without_stopping(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ not json")
    (tmp_path / "empty.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
    unknown = _notebook(tmp_path / "homework.ipynb")
    results = grade.grade_paths([tmp_path], tmp_path / "out")
    by_name = {result.submission: result for result in results}
    assert by_name["broken"].status == "invalid"
    assert "not a readable notebook" in by_name["broken"].reason
    assert by_name["homework"].status == "invalid"
    assert "cannot tell the assignment" in by_name["homework"].reason
    assert by_name["empty"].status == "invalid"
    assert "the zip holds no notebook" in by_name["empty"].reason
    assert (tmp_path / "out/results/broken.json").is_file()
    assert unknown.exists()
    assert (tmp_path / "out/grades.csv").read_text().count("invalid") == 3
