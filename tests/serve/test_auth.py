"""Sign-in: the staff file read with a memory of the last good list, token rotation and
removal signing sessions out, sessions that expire, ``--session-hours``."""

import hashlib
import os
import re
import time

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.desk.serve import auth, server
from autograder.desk.serve.app import create_app
from autograder.desk.serve.staff import StaffFileError, parse_staff
from tests.serve.test_app import QUEUE, signed_in

LAST_GOOD = "the last good staff list is in use"


def rewrite(path, text):
    """Save as an editor does: a new file moved over the old one."""
    spare = path.with_name(path.name + ".new")
    spare.write_text(text, encoding="utf-8")
    os.replace(spare, path)


def line_of(text, start, occurrence=1):
    """The number of the line that starts with ``start`` (its ``occurrence``-th)."""
    numbers = [n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start)]
    return numbers[occurrence - 1]


def banner(response) -> str:
    found = re.search(rb'<p class="warning staff-problem" role="alert">([^<]*)</p>', response.data)
    return found[1].decode() if found else ""


def test_a_half_edited_staff_file_keeps_the_last_good_list(app, staff, class_folder, caplog):
    path = class_folder / "staff.toml"
    good = path.read_text(encoding="utf-8")
    bea = signed_in(app, staff["Bea"])

    unclosed = good + '\n[[ta]]\nname = "Cy\n'  # an unclosed string
    rewrite(path, unclosed)
    for address in ("/", QUEUE, "/", QUEUE):
        response = bea.get(address)
        assert response.status_code == 200, address
        line = line_of(unclosed, 'name = "Cy')
        assert banner(response).startswith(f"staff.toml line {line}: not valid TOML: ")
        assert banner(response).endswith(LAST_GOOD)
    logged = [record for record in caplog.records if f"staff.toml line {line}" in record.message]
    assert len(logged) == 1 and str(path) in logged[0].message  # once, with the whole path

    no_token = good + '\n[[ta]]\nname = "Cy"\n'  # an entry missing its token
    rewrite(path, no_token)
    response = bea.get("/")
    header = line_of(no_token, "[[ta]]", occurrence=3)
    assert response.status_code == 200
    assert banner(response) == f"staff.toml line {header}: [[ta]] has no token: {LAST_GOOD}"

    newcomer = signed_in(app, staff["instructor"])  # a token from the last good list
    assert newcomer.get(QUEUE).status_code == 200

    rewrite(path, good)  # mended: the banner goes
    response = bea.get("/")
    assert response.status_code == 200 and banner(response) == ""


def test_a_removed_staff_file_keeps_the_last_good_list(app, staff, class_folder):
    bea = signed_in(app, staff["Bea"])
    (class_folder / "staff.toml").unlink()
    response = bea.get("/")
    assert response.status_code == 200
    assert banner(response) == f"staff.toml: staff file missing: {LAST_GOOD}"
    assert signed_in(app, staff["instructor"]).get("/").status_code == 200


def test_strangers_see_no_banner(app, class_folder):
    rewrite(class_folder / "staff.toml", "[[ta]\n")
    response = app.test_client().get("/")
    assert response.status_code == 401 and b"staff.toml" not in response.data


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('name = "Cy"', "[[ta]] has no token"),
        ('token = "%s"' % ("c" * 64), "[[ta]] has no name"),
        ('name = "Cy"\ntoken = "%s"\nrole = "head"' % ("c" * 64), "unknown key 'role'"),
        ('name = "<Cy>"\ntoken = "%s"' % ("c" * 64), "[[ta]] name '<Cy>'"),
        ('name = "Cy"\ntoken = "short"', "[[ta]] Cy: the token is shorter than 16"),
        ('name = "Bea"\ntoken = "%s"' % ("c" * 64), "a second TA named 'Bea'"),
    ],
)
def test_each_entry_problem_names_the_line_of_its_header(class_folder, entry, problem):
    path = class_folder / "staff.toml"
    text = path.read_text(encoding="utf-8") + f"\n\n# a comment\n[[ta]]\n{entry}\n"
    with pytest.raises(StaffFileError) as refused:
        parse_staff(text, path)
    assert refused.value.line == line_of(text, "[[ta]]", occurrence=3)
    assert str(refused.value).startswith(f"{path} line {refused.value.line}: ")
    assert problem in str(refused.value)


def test_a_malformed_staff_file_at_startup_is_refused_with_its_line(class_folder, monkeypatch):
    path = class_folder / "staff.toml"
    text = path.read_text(encoding="utf-8").replace("token = ", "token = '", 1)
    rewrite(path, text)
    line = line_of(text, "token = '")
    with pytest.raises(StaffFileError, match=rf"staff\.toml line {line}: not valid TOML"):
        create_app(class_folder)
    monkeypatch.setattr(server, "_bind", lambda *_: pytest.fail("served a broken staff file"))
    with pytest.raises(StaffFileError, match=rf"staff\.toml line {line}: "):
        server.serve(class_folder, port=0, echo=lambda _: None)


def test_rotating_a_token_signs_its_sessions_out(app, staff, class_folder):
    path = class_folder / "staff.toml"
    bea, instructor = signed_in(app, staff["Bea"]), signed_in(app, staff["instructor"])
    new_token = "b" * 64
    rewrite(path, path.read_text(encoding="utf-8").replace(staff["Bea"], new_token))
    response = bea.get(QUEUE)
    assert response.status_code == 401 and b"?token=" in response.data
    assert bea.get("/").status_code == 401  # the session was cleared, not only refused
    assert app.test_client().get(f"/?token={staff['Bea']}").status_code == 403
    assert signed_in(app, new_token).get(QUEUE).status_code == 200
    assert instructor.get(QUEUE).status_code == 200  # another TA's session stays


def test_removing_a_ta_signs_them_out(app, staff, class_folder):
    path = class_folder / "staff.toml"
    bea, instructor = signed_in(app, staff["Bea"]), signed_in(app, staff["instructor"])
    text = path.read_text(encoding="utf-8")
    rewrite(path, text[: text.rindex("[[ta]]")])  # Bea is the last entry
    assert bea.get("/").status_code == 401
    assert instructor.get("/").status_code == 200


def test_the_session_keeps_a_fingerprint_never_the_token(app, staff):
    client = app.test_client()
    response = client.get(f"/?token={staff['Bea']}")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Expires=" in cookie
    value = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    stored = app.session_interface.get_signing_serializer(app).loads(value)
    assert stored["ta"] == "Bea" and staff["Bea"] not in str(stored)
    assert stored["key"] == hashlib.sha256(staff["Bea"].encode()).hexdigest()[:16]


def test_a_session_older_than_its_hours_is_refused(class_folder, staff, monkeypatch):
    app = create_app(class_folder, session_hours=0.5)
    client = signed_in(app, staff["Bea"])
    start = time.time()
    monkeypatch.setattr(auth, "clock", lambda: start + 0.4 * 3600)
    assert client.get("/").status_code == 200
    monkeypatch.setattr(auth, "clock", lambda: start + 0.5 * 3600 + 5)  # the cookie is fresh
    response = client.get("/")
    assert response.status_code == 401 and b"Your session expired" in response.data
    assert client.get("/").status_code == 401


def test_a_cookie_replayed_after_its_hours_is_refused(app, staff, monkeypatch):
    client = signed_in(app, staff["Bea"])
    later = time.time() + 13 * 3600  # past the default 12 hours: Flask drops the cookie
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/")
    assert response.status_code == 401 and b"Your session expired" in response.data


def test_session_hours_must_be_more_than_zero(class_folder):
    with pytest.raises(ValueError, match="session hours"):
        create_app(class_folder, session_hours=0)
    for hours in ("0", "-1"):
        result = CliRunner().invoke(main, ["serve", str(class_folder), "--session-hours", hours])
        assert result.exit_code == 2, result.output
        assert "Invalid value for '--session-hours'" in result.output
        assert "is not in the range 0<x" in result.output
