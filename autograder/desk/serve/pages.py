"""The app's pages: its templates beside this module, on the report pages' base.

The same Jinja settings as :mod:`autograder.reports.pages` (everything escaped, strict
undefined) and the same base template and style; the one script a page may run is
allowed by its hash, in the page and in the Content-Security-Policy header.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import jinja2
from flask import url_for
from flask_wtf.csrf import generate_csrf

from autograder.reports.pages import environment, script, script_source

SECURITY_HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY"}


def local_time(iso: str, zone: tzinfo) -> str:
    """A stored UTC time as a TA reads it: in the course's time zone, named."""
    if not iso:
        return ""
    at = datetime.fromisoformat(iso).astimezone(zone)
    return f"{at:%Y-%m-%d %H:%M} ({getattr(zone, 'key', None) or at.tzname()})"


def page(template: str, status: int = 200, script_file: str | None = None, **context: Any):
    """A Flask response: the page, its status and its headers."""
    code = script(script_file, __package__) if script_file else None
    source = script_source(code)
    body = (
        environment(__package__)
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
