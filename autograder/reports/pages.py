"""HTML from the Jinja templates beside this module, with every value escaped.

Each page carries a Content-Security-Policy: nothing may load from the network,
and the only script that may run is the page's own file, allowed by its hash, so
markup a student smuggled into a page could neither run nor call out.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from typing import Any

import jinja2


@cache
def environment(*packages: str) -> jinja2.Environment:
    """Templates from each package's ``templates/`` folder, the first found first (the
    grading app's pages extend this package's base), this package's last."""
    loaders = [jinja2.PackageLoader(package, "templates") for package in packages]
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([*loaders, jinja2.PackageLoader(__package__, "templates")]),
        autoescape=True,  # student text (names, answers, errors) is never HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def script(name: str, package: str = __package__) -> str:
    return resources.files(package).joinpath("templates", name).read_text("utf-8")


def script_source(code: str | None) -> str:
    """The CSP ``script-src`` that lets exactly ``code`` run, or nothing at all."""
    if not code:
        return "'none'"
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def render(template: str, script_file: str | None = None, **context: Any) -> str:
    code = script(script_file) if script_file else None
    page = environment().get_template(template)
    return page.render(
        script=code, script_source=jinja2.filters.Markup(script_source(code)), **context
    )
