"""The demo as a user runs it, then its grading app in Chromium: `densegrade demo --out
demo-output`, then the `densegrade serve demo-output` it prints, run from the same folder
(a relative output folder), and every page the app links, reached by following links.

The other browser tests start the server with an absolute folder; a relative one once
made every report page 404 (Flask's send_from_directory resolved it against the package).
"""

from __future__ import annotations

import csv
import re
import shlex
import socket
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import quote, urldefrag, urlsplit

import pytest

from autograder.contracts.output.folder import OutputFolder
from tests.serve.test_browser import browser

pytestmark = pytest.mark.notebook  # the demo and a browser: the slow set

SERVE = "densegrade serve"
ADDRESS = re.compile(r"http://[^\s/]+:\d+/\?token=[0-9A-Za-z_-]+")
MOST_PAGES = 1000  # the crawl's bound: the demo's app links fewer than 200


def printed_serve_command(stderr: str) -> list[str]:
    """The `densegrade serve ...` line the demo ends with, as words."""
    lines = [line.strip() for line in stderr.splitlines()]
    commands = [line for line in lines if line.startswith(f"{SERVE} ")]
    assert commands, f"the demo printed no `{SERVE}` command:\n{stderr[-2000:]}"
    return shlex.split(commands[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(demo_output):
    """The printed command run as printed, with `--port` added, from the demo's working
    folder: (the address it printed, with the token; the output folder)."""
    folder, stderr = demo_output
    cwd = folder.parent
    words = printed_serve_command(stderr)
    assert words == ["densegrade", "serve", "demo-output"]  # relative, as `make demo` prints
    program = Path(sys.executable).with_name(words[0])  # the console script pip installed
    assert program.is_file(), program
    log_path = cwd / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(program), *words[1:], "--port", str(free_port())],
            cwd=cwd,
            stdout=log,
            stderr=log,
        )
    try:
        deadline = time.monotonic() + 120
        while not (found := ADDRESS.search(log_path.read_text(errors="replace"))):
            assert process.poll() is None, log_path.read_text(errors="replace")
            assert time.monotonic() < deadline, "the server printed no address"
            time.sleep(0.2)
        yield found[0], cwd / words[2]
    finally:
        process.terminate()
        process.wait(timeout=30)


class Crawl:
    """Every page reachable by GET links from ``starts``, within ``origin``: each URL is
    requested with the browser's session (status and type), and each HTML page is also
    opened in Chromium, which records what it loads and where its links lead."""

    def __init__(self, context, origin: str) -> None:
        self.context, self.origin = context, origin
        self.statuses: dict[str, int] = {}
        self.linked_from: dict[str, str] = {}
        self.dead: list[str] = []  # "404 URL (linked from URL)"
        self.outside: list[str] = []  # requests the pages made beyond the origin
        self.outside_links: list[str] = []
        self.console: list[str] = []
        self.page = context.new_page()
        context.on("request", self._request)
        self.page.on("console", lambda m: m.type == "error" and self._error(m.text))
        self.page.on("pageerror", lambda error: self._error(str(error)))

    def _request(self, request) -> None:
        if not request.url.startswith((f"{self.origin}/", "data:")):
            self.outside.append(request.url)

    def _error(self, text: str) -> None:
        self.console.append(f"{self.page.url}: {text}")

    def run(self, *starts: str) -> Crawl:
        waiting = deque(starts)
        self.linked_from.update((url, "(start)") for url in starts)
        while waiting:
            url = waiting.popleft()
            assert len(self.statuses) < MOST_PAGES, "the crawl does not end"
            response = self.context.request.get(url, max_redirects=0)
            self.statuses[url] = response.status
            if response.status != 200:
                self.dead.append(f"{response.status} {url} (linked from {self.linked_from[url]})")
                continue
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            self.page.goto(url)
            for target in self._links():
                if target not in self.linked_from:
                    self.linked_from[target] = url
                    waiting.append(target)
        return self

    def _links(self) -> list[str]:
        found = []
        hrefs = self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            target = urldefrag(href)[0]
            if not target.startswith(f"{self.origin}/"):
                self.outside_links.append(f"{target} (on {self.page.url})")
            elif "reveal=1" not in urlsplit(target).query:  # the same answer, its name shown
                found.append(target)
        return found

    def paths(self) -> set[str]:
        return {urlsplit(url).path for url in self.statuses}


def test_every_page_the_app_links_opens_when_served_as_the_demo_says(served):
    address, folder = served
    origin = f"{urlsplit(address).scheme}://{urlsplit(address).netloc}"
    with browser() as launched:
        context = launched.new_context(viewport={"width": 1200, "height": 900})
        signed_in = context.new_page().goto(address)
        assert signed_in.status == 200 and "token" not in signed_in.url
        crawl = Crawl(context, origin).run(f"{origin}/", f"{origin}/index.html")
    assert crawl.dead == []
    assert crawl.outside == [] and crawl.outside_links == []
    assert crawl.console == []
    # Every kind of page was reached: every page the batch wrote (TA and student views,
    # similarity pages and pairs), each log, the CSVs. A file never run (invalid) has no
    # log, and its TA view says so instead of linking one.
    paths = crawl.paths()
    out = OutputFolder(folder)
    with out.grades_csv.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["status"] for row in rows} >= {"ok", "invalid"}
    written = [*out.ta_dir.rglob("*.html"), *out.feedback_dir.rglob("*.html")]
    run = [row["submission"] for row in rows if row["status"] != "invalid"]
    written += [out.log_file(submission) for submission in run]
    for row in rows:
        if row["status"] == "invalid":
            assert 'id="no-log"' in out.ta_page(row["submission"]).read_text()
    for assignment in {row["assignment"] for row in rows if row["assignment"]}:
        written += [out.question_scores(assignment), out.similarity_csv(assignment)]
    assert len(written) > 2 * len(rows)
    names = [out.relative(path) for path in written]
    assert [name for name in names if f"/{quote(name)}" not in paths] == []
    kinds = ("/student/", "/grade/", "/notebooks/", "/ta/similarity/")
    assert all(any(path.startswith(kind) for path in paths) for kind in kinds), sorted(paths)
