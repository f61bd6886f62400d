"""The feedback pages show the mistakes' images as recorded at grading, never loading the
data set (which an offline machine may not have) to draw them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from autograder import data
from autograder.contracts.evidence import Mistake
from autograder.judging.evidence import png_uri
from autograder.reports import comparison, feedback, pages
from tests.reports.made_results import result

LINKS = {"dashboard": "../index.html", "student_view": "../feedback/x.html", "log": "x.log"}


@pytest.fixture(autouse=True)
def no_data_set(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page loaded the data set")

    for name in ("read_only_data", "load_data", "_cached_arrays"):
        monkeypatch.setattr(data, name, refuse)


def with_mistakes(*mistakes: Mistake):
    made = result()
    assert made.evidence is not None and made.evidence.test is not None
    made.evidence = replace(made.evidence, test=replace(made.evidence.test, mistakes=mistakes))
    return made


def test_the_test_section_shows_each_recorded_image():
    drawn = png_uri(np.arange(784, dtype=np.uint16).reshape(28, 28).astype(np.uint8))
    made = with_mistakes(Mistake(3, 0, 6, 0.91, drawn), Mistake(8, 2, 7, 0.5))
    assert made.evidence is not None
    shown = comparison.test_section(made.evidence, made.assignment)["mistakes"]
    assert [(m["index"], m["image"], m["predicted_name"]) for m in shown] == [
        (3, drawn, "6"),
        (8, "", "7"),
    ]


def test_a_page_shows_the_recorded_image_and_labels_one_without():
    drawn = png_uri(np.full((28, 28), 200, np.uint8))
    made = with_mistakes(Mistake(3, 0, 6, 0.91, drawn), Mistake(8, 2, 7, 0.5))
    context = feedback.feedback_context(made, None, feedback.STUDENT)
    html = pages.render("feedback.html.j2", links=LINKS, **context)
    assert f'<img src="{drawn}" alt="test image 3">' in html
    assert '<span class="muted">test image 8</span>' in html and 'alt="test image 8"' not in html
