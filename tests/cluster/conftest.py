"""What the cluster tests share: a small class to plan runs for."""

import shutil

import pytest


@pytest.fixture
def three_students(tmp_path, project_root, data_dir):
    """A class of three byte-identical notebooks (graded once)."""
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    for student in ("ann", "bob", "cid"):
        (tmp_path / "class" / student).mkdir(parents=True)
        shutil.copy(stub, tmp_path / "class" / student / "mnist_dense.ipynb")
    return tmp_path / "class"
