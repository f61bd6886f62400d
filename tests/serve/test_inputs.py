"""Every input a TA can send is checked on the server: a refusal says why and writes
nothing (issue 33: overrides of -5, 1e308, inf or nan, a student who does not exist, a
score saved through another question's queue, a banner taken from the URL, a comment
that never ends), and the pages say what is not final yet."""

from __future__ import annotations

import re

import pytest

from autograder.desk.gradebook import current
from autograder.desk.gradebook.store import MAX_COMMENT_CHARS, Gradebook
from autograder.desk.serve.app import create_app
from tests.serve.test_app import QUEUE, csrf, signed_in

BEN = "/student/ben_mnist_dense"


def written(folder) -> tuple:
    """Everything a refusal must leave as it was: overrides, scores and the audit."""
    with Gradebook.of(folder) as book:
        entries = [(e.submission, e.override, e.manual) for e in book.entries()]
        return entries, book.audit(), book.manual_scores("ann_mnist_dense")


@pytest.fixture
def client(app, staff):
    return signed_in(app, staff["Bea"])


@pytest.mark.parametrize("points", ["-5", "1000", "1e308", "inf", "-inf", "nan", "17.001"])
def test_an_override_out_of_range_or_not_finite_is_refused(client, class_folder, points):
    before = written(class_folder)
    token = csrf(client.get(BEN).data)
    response = client.post(BEN, data={"csrf_token": token, "points": points, "reason": "why"})
    assert response.status_code == 400 and b"Not saved" in response.data
    assert written(class_folder) == before


def test_an_override_for_a_student_who_does_not_exist_writes_nothing(client, class_folder):
    before = written(class_folder)
    token = csrf(client.get(BEN).data)
    data = {"csrf_token": token, "points": "10", "reason": "why"}
    assert client.post("/student/nobody_mnist_dense", data=data).status_code == 404
    assert written(class_folder) == before


def test_an_override_reason_has_a_limit(client, class_folder):
    before = written(class_folder)
    token = csrf(client.get(BEN).data)
    data = {"csrf_token": token, "points": "10", "reason": "x" * 501}
    response = client.post(BEN, data=data)
    assert response.status_code == 400 and b"at most 500 characters" in response.data
    assert written(class_folder) == before
    assert client.post(BEN, data={**data, "reason": "regraded"}).status_code == 302


def queue_form(client, queue=QUEUE) -> dict:
    page = client.get(queue).data
    submission = re.search(rb'name="submission" value="([^"]+)"', page)[1].decode()
    return {"csrf_token": csrf(page), "submission": submission, "version": "0"}


def test_a_score_through_another_assignments_queue_is_refused(client, class_folder):
    form = queue_form(client)
    before = written(class_folder)
    other = "/grade/cifar10_dense/curves_reading"  # the answer is mnist_dense's
    assert client.post(other, data={**form, "points": "2"}).status_code == 404
    assert client.post("/grade/mnist_dense/no_such_question", data=form).status_code == 404
    assert written(class_folder) == before


def test_a_comment_over_the_limit_is_refused_and_kept_in_the_form(client, class_folder):
    form = queue_form(client)
    before = written(class_folder)
    comment = "x" * (MAX_COMMENT_CHARS + 1)
    response = client.post(QUEUE, data={**form, "points": "2", "comment": comment})
    assert response.status_code == 400 and b"a comment is at most 5,000" in response.data
    assert written(class_folder) == before


def test_the_banner_is_the_apps_words_never_the_urls(client):
    page = client.get(QUEUE + "?saved=Your+grade+is+revoked").data.decode()
    assert "revoked" not in page
    form = queue_form(client)
    response = client.post(QUEUE, data={**form, "points": "2"}, follow_redirects=True)
    assert "Saved 2 for answer" in response.data.decode()
    assert "Saved 2" not in client.get(QUEUE).data.decode()  # said once


def test_a_student_page_says_what_is_still_to_grade_and_links_this_answer(client):
    page = client.get(BEN).data.decode()
    assert "Not final: 2 written answers still to grade" in page
    link = re.search(r'href="([^"]*submission=ben_mnist_dense[^"]*)"', page)[1]
    queue = client.get(link.replace("&amp;", "&")).data.decode()
    number = re.search(r'id="answer-title">Answer (\d+)', queue)[1]
    shown = re.search(r'name="submission" value="([^"]+)"', queue)[1]
    assert shown == "ben_mnist_dense", number


def test_a_conflict_shows_the_other_tas_score_comment_and_time(app, staff, class_folder):
    (class_folder / "course.toml").write_text(
        '[assignments.mnist_dense]\ndue = 2026-12-10T23:59:00\ntimezone = "America/Toronto"\n'
    )
    bea, boss = signed_in(app, staff["Bea"]), signed_in(app, staff["instructor"])
    form, late = queue_form(bea), queue_form(boss)  # both loaded the same answer
    bea.post(QUEUE, data={**form, "points": "2", "comment": "Clear and backed."})
    response = boss.post(QUEUE, data={**late, "points": "1"})
    page = response.data.decode()
    assert response.status_code == 409 and "Bea</strong> saved <strong>2" in page
    assert "Clear and backed." in page and "(America/Toronto)" in page


def test_the_course_file_edited_while_serving_shows_at_the_next_page(client, class_folder):
    course = class_folder / "course.toml"
    times = class_folder / "times.csv"
    course.write_text(
        'submission_times = "times.csv"\n\n[late]\nper = "day"\npercent = 10\n\n'
        '[assignments.mnist_dense]\ndue = 2026-12-10T23:59:00\ntimezone = "UTC"\n'
    )
    times.write_text("student,assignment,submitted_at\nben,mnist_dense,2026-12-11T12:00\n")
    assert 'id="final">8.1 / 17' in client.get(BEN).data.decode()  # 9, a day late
    times.write_text("student,assignment,submitted_at\nben,mnist_dense,2026-12-13T12:00\n")
    assert 'id="final">6.3 / 17' in client.get(BEN).data.decode()  # three days late
    with current(class_folder) as book:  # what an export reads: the same
        assert book.grade("ben_mnist_dense").final == pytest.approx(6.3)
    course.write_text("[late]\nper = 'week'\n")  # a half-edited course file
    broken = client.get(BEN)
    assert broken.status_code == 503 and b"late.per" in broken.data


def test_a_long_comment_wraps(app, staff, class_folder):
    page = create_app(class_folder).test_client()
    assert page is not None
    layout = (
        __import__("autograder.desk.serve.app", fromlist=["x"]).__file__.rsplit("/", 1)[0]
        + "/templates/layout.html.j2"
    )
    assert "overflow-wrap: anywhere" in open(layout).read()
