import zipfile
from pathlib import Path

import pytest

from autograder.submissions import SubmissionError, find_submissions


def _touch(path: Path, text: str = "{}") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _students(submissions) -> list[tuple[str, str]]:
    return [(s.student, s.file_name) for s in submissions]


def test_loose_files_and_a_flat_folder(tmp_path):
    loose = _touch(tmp_path / "carol.ipynb")
    _touch(tmp_path / "class/alice.ipynb")
    _touch(tmp_path / "class/.ipynb_checkpoints/alice-checkpoint.ipynb")
    _touch(tmp_path / "class/notes.txt")
    found = find_submissions([loose, tmp_path / "class"])
    assert _students(found) == [("alice", "alice.ipynb"), ("carol", "carol.ipynb")]


def test_one_folder_per_student(tmp_path):
    _touch(tmp_path / "class/alice/mnist_dense.ipynb")
    _touch(tmp_path / "class/alice/sub/cifar10_dense.ipynb")
    _touch(tmp_path / "class/bob/mnist_dense.ipynb")
    found = find_submissions([tmp_path / "class"])
    assert sorted(_students(found)) == [
        ("alice", "cifar10_dense.ipynb"),
        ("alice", "mnist_dense.ipynb"),
        ("bob", "mnist_dense.ipynb"),
    ]
    assert {s.origin for s in found} == {"class"}


def test_otter_export_zips_are_opened(tmp_path):
    archive = tmp_path / "dana" / "mnist_dense_2026_11_25T10_00_00.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("mnist_dense.ipynb", '{"cells": []}')
        bundle.writestr(".OTTER_LOG", "log")
    (submission,) = find_submissions([tmp_path])
    assert submission.student == "dana" and submission.member == "mnist_dense.ipynb"
    assert submission.read_bytes() == b'{"cells": []}'


def test_a_broken_zip_is_kept_with_its_problem(tmp_path):
    _touch(tmp_path / "erin.zip", "not a zip")
    (submission,) = find_submissions([tmp_path])
    assert submission.student == "erin"
    with pytest.raises(SubmissionError, match="not a readable zip file"):
        submission.read_bytes()


def test_canvas_bulk_download_names(tmp_path):
    _touch(tmp_path / "canvas/doejohn_123456_7890123_mnist_dense.ipynb")
    _touch(tmp_path / "canvas/roefrank_LATE_222333_4445556_mnist_dense-1.ipynb")
    found = find_submissions([tmp_path / "canvas"])
    assert _students(found) == [
        ("doejohn_123456", "doejohn_123456_7890123_mnist_dense.ipynb"),
        ("roefrank_222333", "roefrank_LATE_222333_4445556_mnist_dense-1.ipynb"),
    ]


def test_gradescope_export(tmp_path):
    root = tmp_path / "assignment_42_export"
    _touch(root / "submission_1001/mnist_dense.ipynb")
    _touch(root / "submission_1002/work/mnist_dense.ipynb")
    _touch(root / "submission_1003/mnist_dense.ipynb")
    _touch(
        root / "submission_metadata.yml",
        "submission_1001:\n  :submitters:\n  - :name: Ann Lee\n    :sid: '9001'\n"
        "    :email: ann@example.edu\n"
        "submission_1002:\n  :submitters:\n  - :name: Ben Roe\n    :email: ben@example.edu\n"
        "submission_1003:\n  :status: processed\n",
    )
    found = find_submissions([root])
    assert sorted(s.student for s in found) == ["9001", "ben_example.edu", "submission_1003"]


def test_unsupported_paths_are_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        find_submissions([tmp_path / "missing"])
    with pytest.raises(ValueError, match="not a notebook, a zip or a folder"):
        find_submissions([_touch(tmp_path / "notes.txt")])
