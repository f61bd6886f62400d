"""The demo's pages in headless Chromium: what a TA and a student actually see.

Screenshots go to ``test-artifacts/reports/`` (not committed; docs/ta-guide.md uses
copies). Every page must render its figures, log no console error and ask for
nothing beyond its own file.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from autograder.contracts.assignments import ASSIGNMENTS
from autograder.contracts.bundle import bundle_dir
from autograder.contracts.otter_format import read_test_file
from tests.reports.browser import browser_session, images_rendered, visit

pytestmark = pytest.mark.notebook
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with browser_session(tmp_path_factory.mktemp("chromium")) as context:
        yield context


def opened(browser, path: Path, screenshot: str):
    page_visit = visit(browser, path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page_visit.page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)
    assert page_visit.console_errors == []
    assert page_visit.outside_requests == []
    rendered = images_rendered(page_visit.page)
    assert rendered and all(image["complete"] and image["width"] > 0 for image in rendered)
    return page_visit.page


def test_dashboard_shows_the_class_and_filters_and_sorts(browser, demo_output):
    out, _ = demo_output
    page = opened(browser, out / "index.html", "dashboard.png")
    assert page.inner_text("#total-submissions") == "8"
    assert "Checks, most failed first" in page.inner_text("body")
    assert "Dense(32, relu) → Dense(10, softmax)" in page.inner_text("body")  # erin's model
    rows = page.locator("#submissions tbody tr")
    assert rows.count() == 8
    page.fill("#filter", "carol")
    assert page.inner_text("#shown-count") == "1 shown"
    assert rows.locator("visible=true").count() == 1
    page.fill("#filter", "")
    page.select_option("#status-filter", "invalid")
    assert page.inner_text("#shown-count") == "1 shown"
    page.select_option("#status-filter", "")
    page.click("#submissions th:has-text('score')")
    first = page.inner_text("#submissions tbody tr:first-child td:first-child")
    assert first == "grace_mnist_dense"  # 0 points sorts first
    page.click("#submissions th:has-text('student')")
    page.click("#submissions tbody tr:first-child a:has-text('TA view')")
    assert page.url.endswith("/ta/alice_mnist_dense.html")


def test_student_page_shows_scores_failing_check_plots_and_mistakes(browser, demo_output):
    out, _ = demo_output
    page = opened(browser, out / "feedback" / "carol_mnist_dense.html", "feedback-student.png")
    assert page.inner_text("#total-score") == "10 / 13"
    failed = page.locator("li.check.failed").all_inner_texts()
    assert any("`X_train` ranges from 0 to 255" in text for text in failed)
    assert page.locator("#curves img").count() == 2
    assert page.locator("#confusion tr").count() == 11
    assert page.locator("#mistakes img").count() == 8
    assert page.locator("tr.diff").count() >= 2  # X_train and X_test are not scaled
    assert "TA view" not in page.inner_text("body")


def test_ta_page_names_the_hidden_checks(browser, demo_output):
    out, _ = demo_output
    page = opened(browser, out / "ta" / "dave_mnist_dense.html", "feedback-ta.png")
    names = page.locator("code.check-name").all_inner_texts()
    assert {"accuracy_full", "input_size", "trained", "matches_dataset"} <= set(names)
    assert "Dense(10, sigmoid)" in page.inner_text("body")


def test_markup_in_a_hostile_answer_neither_runs_nor_loads(browser, demo_output):
    out, _ = demo_output
    page = opened(browser, out / "feedback" / "heidi_mnist_dense.html", "feedback-hostile.png")
    assert page.title() != "pwned"
    answers = page.locator(".answer").all_inner_texts()
    assert any("<script>document.title = 'pwned'</script>" in text for text in answers)


def hidden_cases() -> list[tuple[str, str, list[str]]]:
    """Every hidden check of every bundle: name, test function, lines of its code."""
    cases = []
    for assignment in ASSIGNMENTS:
        for path in (bundle_dir(assignment) / "tests").glob("*.py"):
            for case in read_test_file(path).cases:
                if case.hidden:
                    lines = [line.strip() for line in case.body.splitlines() if line.strip()]
                    cases.append((case.name, case.function, lines))
    return cases


def leaks(page_html: str) -> list[str]:
    found = []
    shown_names = set(re.findall(r'class="check-name">([^<]+)<', page_html))
    for name, function, lines in hidden_cases():
        if name in shown_names or function in page_html:
            found.append(name)
        for line in lines:
            if line in page_html or html.escape(line) in page_html:
                found.append(line)
    return found


def test_no_student_page_holds_hidden_check_names_or_code(demo_output):
    out, _ = demo_output
    assert len(hidden_cases()) >= 8  # both bundles' hidden checks were found
    for page in sorted((out / "feedback").glob("*.html")):
        assert leaks(page.read_text()) == [], page.name
    # The same scan finds them on a TA page, so it can fail.
    assert leaks((out / "ta" / "alice_mnist_dense.html").read_text())


def test_the_similarity_report_is_for_tas_and_opens_from_the_dashboard(browser, demo_output):
    """The demo's samples are made from the reference solution, so the report finds them
    matching it; its pages open in Chromium and no student view links to them."""
    out, _ = demo_output
    dashboard = visit(browser, out / "index.html").page
    with dashboard.expect_navigation():
        dashboard.click("#assignment-mnist_dense .similarity-link a")
    assert dashboard.url.endswith("/ta/similarity/mnist_dense.html")
    page_visit = visit(browser, out / "ta" / "similarity" / "mnist_dense.html")
    page_visit.page.screenshot(path=str(ARTIFACTS / "similarity.png"), full_page=True)
    assert page_visit.console_errors == [] and page_visit.outside_requests == []
    body = page_visit.page.inner_text("body")
    assert "never a penalty" in body and "Matches the hidden reference" in body
    assert page_visit.page.locator("table[data-kind='reference'] tr").count() >= 2
    assert "The class as the yardstick" in body  # every pair's score, the threshold drawn
    plot = page_visit.page.locator("img.distribution")
    assert plot.evaluate("image => image.complete && image.naturalWidth") > 300
    for pair_page in (out / "ta" / "similarity" / "mnist_dense").glob("*.html"):
        pair = visit(browser, pair_page)
        assert pair.console_errors == [] and pair.outside_requests == []
    for student_page in (out / "feedback").glob("*.html"):
        assert "similarity" not in student_page.read_text(encoding="utf-8")
    assert not [p for p in (out / "gradescope").rglob("*") if "similarity" in p.name]
