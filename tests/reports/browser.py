"""Headless Chromium for the report tests: Debian's ``chromium`` driven by Playwright.

Every page is opened from disk (``file://``), as a TA would open it. What the page
asks for beyond the file itself, and every console error, is recorded so a test
can assert that nothing leaves the machine and nothing breaks.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",  # root in CI; the pages are our own files
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@dataclass
class PageVisit:
    page: object
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)  # anything but file: and data:


@contextmanager
def browser_session(tmp_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not installed: `make test` installs it (see Makefile)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),  # a fresh, empty profile
            executable_path=executable,
            headless=True,
            args=FLAGS,
            viewport={"width": 1200, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


def visit(context, path: Path) -> PageVisit:
    page = context.new_page()
    visit = PageVisit(page)
    page.on(
        "console",
        lambda message: message.type == "error" and visit.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))

    def record(request) -> None:
        if not request.url.startswith(("file://", "data:")):
            visit.outside_requests.append(request.url)

    page.on("request", record)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return visit


def images_rendered(page) -> list[dict]:
    """Every <img>'s natural size: 0 means the browser could not decode it."""
    return page.eval_on_selector_all(
        "img",
        "images => images.map(i => ({alt: i.alt, width: i.naturalWidth, complete: i.complete}))",
    )
