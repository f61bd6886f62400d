"""An output folder with a small class's results, and the app over it."""

from __future__ import annotations

import pytest

from autograder.desk.gradebook import current
from autograder.desk.serve.app import create_app
from autograder.desk.serve.staff import add_member, ensure_staff
from tests.gradebook.conftest import result, write_results

HOSTILE = '<script>alert("x")</script> and <b>bold</b>'


@pytest.fixture
def class_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    write_results(
        out,
        result("ann"),
        result("ben", score=9.0),
        result("cat", answers=(HOSTILE, "Epochs.")),
    )
    current(out).close()
    ensure_staff(out)
    add_member(out, "Bea")
    return out


@pytest.fixture
def staff(class_folder):
    return {member.name: member.token for member in ensure_staff(class_folder)}


@pytest.fixture
def app(class_folder):
    app = create_app(class_folder)
    app.config["TESTING"] = True
    return app
