from pathlib import Path

import nbformat
import pytest

from autograder import grade


def _notebook(path: Path, assignment: str | None = None) -> Path:
    notebook = nbformat.v4.new_notebook()
    if assignment:
        notebook.metadata["otter"] = {"assignment_name": assignment}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def test_finds_notebooks_in_files_and_folders_skipping_checkpoints(tmp_path):
    first = _notebook(tmp_path / "a/one.ipynb")
    second = _notebook(tmp_path / "a/b/two.ipynb")
    _notebook(tmp_path / "a/.ipynb_checkpoints/one-checkpoint.ipynb")
    (tmp_path / "a/notes.txt").write_text("x")
    found = grade.find_notebooks([tmp_path / "a", first])
    assert found == [second.resolve(), first.resolve()]


def test_a_missing_path_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        grade.find_notebooks([tmp_path / "missing"])


def test_submission_names_are_stems_qualified_by_folders_only_where_they_clash():
    solution = Path("/s/solutions/mnist_dense.ipynb")
    student = Path("/s/assignments/mnist_dense/mnist_dense.ipynb")
    alice = Path("/s/alice.ipynb")
    names = grade.submission_names([solution, student, alice])
    assert names == {
        solution: "solutions-mnist_dense",
        student: "assignments-mnist_dense",
        alice: "alice",
    }
    nested = [Path("/a/x/x.ipynb"), Path("/a/x.ipynb")]
    assert len(set(grade.submission_names(nested).values())) == 2


def test_assignment_from_metadata_then_file_name():
    tagged = nbformat.v4.new_notebook(metadata={"otter": {"assignment_name": "cifar10_dense"}})
    untagged = nbformat.v4.new_notebook()
    assert grade.identify_assignment(tagged, Path("mnist_dense.ipynb")) == "cifar10_dense"
    assert grade.identify_assignment(untagged, Path("bob_mnist_dense.ipynb")) == "mnist_dense"
    assert grade.identify_assignment(untagged, Path("homework.ipynb")) is None


def test_unreadable_and_unidentified_notebooks_are_invalid_without_stopping(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ not json")
    unknown = _notebook(tmp_path / "homework.ipynb")
    results = grade.grade_paths([tmp_path], tmp_path / "out")
    by_name = {result.submission: result for result in results}
    assert by_name["broken"].status == "invalid"
    assert "not a readable notebook" in by_name["broken"].reason
    assert by_name["homework"].status == "invalid"
    assert "cannot tell the assignment" in by_name["homework"].reason
    assert (tmp_path / "out/results/broken.json").is_file()
    assert unknown.exists()
    assert (tmp_path / "out/grades.csv").read_text().count("invalid") == 2
