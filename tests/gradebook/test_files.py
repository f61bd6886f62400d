"""The desk's files as the output folder declares them: private where they hold grades,
comments and the audit, and the same whether the folder is named relatively or not."""

from __future__ import annotations

import os
import stat

from autograder.contracts.output.folder import OutputFolder
from autograder.desk.gradebook import current
from tests.gradebook.conftest import result, write_results


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_gradebook_and_its_log_are_the_owners_only(out):
    write_results(out, result("ann"))
    with current(out) as book:
        book.save_manual("mnist_dense", "ann_mnist_dense", "curves_reading", 2, "Good.", "ta", 0)
        files = OutputFolder(out).gradebook_files()
        assert [path.name for path in files if path.exists()] == [
            "gradebook.sqlite", "gradebook.sqlite-wal", "gradebook.sqlite-shm",
        ]  # fmt: skip
        assert {mode(path) for path in files} == {0o600}


def test_an_older_world_readable_gradebook_is_made_private(out):
    write_results(out, result("ann"))
    current(out).close()
    (out / "gradebook.sqlite").chmod(0o644)
    current(out).close()
    assert mode(out / "gradebook.sqlite") == 0o600


def test_a_relative_folder_names_the_same_files(out, monkeypatch):
    monkeypatch.chdir(out.parent)
    relative = OutputFolder(out.name)
    assert relative.root == OutputFolder(out).root == out
    assert relative.gradebook_file.is_absolute()
    os.chdir("/")  # elsewhere, the folder declared before still means the same files
    assert relative.gradebook_file == out / "gradebook.sqlite"
