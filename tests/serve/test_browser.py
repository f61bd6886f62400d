"""The grading app in Debian's Chromium, as TAs use it: a real ``densegrade serve``
process, real keyboard input, two TAs at once, and the server killed mid-grading."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from autograder.desk.gradebook.store import Gradebook
from tests.reports.browser import FLAGS, chromium_path

pytestmark = pytest.mark.notebook  # a browser: the slow set
QUESTION = "curves_reading"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, out: Path) -> None:
        self.out, self.port = out, free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        command = [sys.executable, "-m", "autograder.cli", "serve", str(self.out)]
        self.log = (self.out.parent / "serve.log").open("ab")
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)], stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url("/"), timeout=2)
            except urllib.error.HTTPError:
                return self  # 401: it answers
            except OSError:
                assert self.process.poll() is None, (self.out.parent / "serve.log").read_text()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()


@pytest.fixture
def server(class_folder):
    running = Server(class_folder).start()
    yield running
    if running.process.poll() is None:
        running.kill()


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()


def sign_in(chromium, server, token):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(server.url(f"/?token={token}"))
    assert "token" not in page.url  # the token does not stay in the address bar
    return page


def queue_url(server, at=None):
    path = f"/grade/mnist_dense/{QUESTION}"
    return server.url(path + (f"?at={at}" if at else ""))


def saved(out, question=QUESTION) -> dict[str, tuple[float, str]]:
    with Gradebook.of(out) as book:
        scores = {
            entry.submission: book.manual(entry.submission, question) for entry in book.entries()
        }
    return {name: (score.points, score.grader) for name, score in scores.items() if score}


def grade_with_keys(page, points: str) -> None:
    page.wait_for_selector("#points:focus")
    page.keyboard.type(points)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_ta_grades_three_answers_with_the_keyboard_and_they_stay(server, staff, class_folder):
    with browser() as chromium:
        page = sign_in(chromium, server, staff["Bea"])
        page.goto(queue_url(server))
        for points in ("2", "1.5", "0"):
            grade_with_keys(page, points)
        assert "Every answer to this question is graded" in page.content()
        page.reload()
        assert page.locator(".queue a.graded").count() == 3
        page.goto(queue_url(server, at=2))
        assert page.input_value("#points") == "1.5"
    assert sorted(points for points, _ in saved(class_folder).values()) == [0, 1.5, 2]
    assert {grader for _, grader in saved(class_folder).values()} == {"Bea"}


def test_no_token_is_refused(server):
    with browser() as chromium:
        page = chromium.new_page()
        response = page.goto(queue_url(server))
        assert response.status == 401 and "token" in page.content()
        response = page.goto(server.url("/?token=not-a-token-of-anyone"))
        assert response.status == 403


def test_student_markup_shows_as_text(server, staff):
    with browser() as chromium:
        page = sign_in(chromium, server, staff["Bea"])
        alerts = []
        page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
        for at in (1, 2, 3):
            page.goto(queue_url(server, at))
            text = page.inner_text("#answer")
            if "alert(" in text:
                assert '<script>alert("x")</script>' in text
                assert page.locator("#answer b").count() == 0
                break
        else:
            pytest.fail("the hostile answer was not found")
        assert alerts == []


def test_two_tas_at_once_lose_no_write(server, staff, class_folder):
    with browser() as chromium:
        bea = sign_in(chromium, server, staff["Bea"])
        boss = sign_in(chromium, server, staff["instructor"])
        bea.goto(queue_url(server, at=1))
        boss.goto(queue_url(server, at=1))  # both opened the same answer
        grade_with_keys(bea, "2")
        boss.fill("#points", "1")
        boss.press("#points", "Enter")
        boss.wait_for_load_state()
        assert "Not saved" in boss.content() and "Bea saved 2" in boss.content()
        (only,) = saved(class_folder).values()
        assert only == (2, "Bea")
        boss.fill("#points", "1")  # having seen Bea's score, the instructor replaces it
        with boss.expect_navigation():
            boss.press("#points", "Enter")
        (only,) = saved(class_folder).values()
        assert only == (1, "instructor")
        # Meanwhile each grades a different answer: both are kept.
        bea.goto(queue_url(server, at=2))
        boss.goto(queue_url(server, at=3))
        grade_with_keys(bea, "2")
        grade_with_keys(boss, "0.5")
    assert sorted(saved(class_folder).values()) == [
        (0.5, "instructor"),
        (1, "instructor"),
        (2, "Bea"),
    ]


def test_a_server_killed_mid_grading_loses_no_saved_score(server, staff, class_folder):
    with browser() as chromium:
        page = sign_in(chromium, server, staff["Bea"])
        page.goto(queue_url(server))
        grade_with_keys(page, "2")
        grade_with_keys(page, "1")
        page.keyboard.type("0.5")  # typed, not saved, when the server dies
        server.kill()
        before = saved(class_folder)
        server.start()
        page.goto(queue_url(server))  # the session cookie still signs Bea in
        assert "signed in as" in page.content()
        assert saved(class_folder) == before and len(before) == 2
        grade_with_keys(page, "0.5")
    assert sorted(points for points, _ in saved(class_folder).values()) == [0.5, 1, 2]


def test_pages_load_nothing_from_outside(server, staff):
    with browser() as chromium:
        page = sign_in(chromium, server, staff["Bea"])
        outside, errors = [], []
        page.on("request", lambda r: r.url.startswith(server.url("")) or outside.append(r.url))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        for path in ("/", f"/grade/mnist_dense/{QUESTION}", "/student/ann_mnist_dense"):
            page.goto(server.url(path))
        assert outside == [] and errors == []


def test_a_comment_without_spaces_wraps_on_every_page(server, staff, class_folder):
    """The longest comment the app takes, one word, leaves every page as wide as the
    window (a 100,000-character one made a page 947,042 px wide; it is now refused)."""
    with browser() as chromium:
        page = sign_in(chromium, server, staff["Bea"])
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(queue_url(server, at=1))
        page.fill("#comment", "x" * 5000)
        page.fill("#points", "2")
        with page.expect_navigation():
            page.press("#points", "Enter")
        (submission,) = saved(class_folder)
        for path in (f"/student/{submission}", queue_url(server, at=1)[len(server.url("")) :]):
            page.goto(server.url(path))
            assert "x" * 200 in page.content()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 1280, (path, width)
