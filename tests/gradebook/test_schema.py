import sqlite3

import pytest

from autograder.desk.gradebook.schema import SCHEMA_VERSION, GradebookError, connect


def test_a_new_gradebook_is_at_the_latest_schema_version(tmp_path):
    db = connect(tmp_path / "g.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    connect(tmp_path / "g.sqlite").close()  # opening again migrates nothing


def test_a_newer_gradebook_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "g.sqlite"
    connect(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(GradebookError, match="newer than this densegrade"):
        connect(path)
    assert path.read_bytes() == before


def test_a_corrupt_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "g.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(GradebookError, match="not an SQLite database"):
        connect(path)
    assert path.read_bytes() == b"not a database at all" * 100


def test_a_damaged_database_is_refused(tmp_path):
    path = tmp_path / "g.sqlite"
    connect(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(GradebookError, match="corrupt|not a densegrade"):
        connect(path)


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE photos (id INTEGER)")
    raw.commit()
    raw.close()
    with pytest.raises(GradebookError, match="not a densegrade gradebook"):
        connect(path)
