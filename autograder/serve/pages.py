"""The app's pages: its templates beside this module, on the report pages' base.

The same Jinja settings as :mod:`autograder.reports.pages` (everything escaped, strict
undefined) and the same base template and style; the one script a page may run is
allowed by its hash, in the page and in the Content-Security-Policy header.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jinja2
from flask import url_for
from flask_wtf.csrf import generate_csrf

from autograder.reports.pages import script_source

SECURITY_HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY"}


@cache
def environment() -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PackageLoader("autograder.serve", "templates"),
            jinja2.PackageLoader("autograder.reports", "templates"),  # base.html.j2
        ]
    )
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def script(name: str) -> str:
    return resources.files("autograder.serve").joinpath("templates", name).read_text("utf-8")


def page(template: str, status: int = 200, script_file: str | None = None, **context: Any):
    """A Flask response: the page, its status and its headers."""
    code = script(script_file) if script_file else None
    source = script_source(code)
    body = (
        environment()
        .get_template(template)
        .render(
            script=code,
            script_source=jinja2.filters.Markup(source),
            csrf_token=generate_csrf,
            url_for=url_for,
            **context,
        )
    )
    policy = (
        f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src {source}; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    return body, status, {**SECURITY_HEADERS, "Content-Security-Policy": policy}
