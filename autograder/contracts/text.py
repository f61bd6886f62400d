"""Small text helpers every step shares."""

from __future__ import annotations


def first_line(text: str, limit: int | None = None, default: str = "") -> str:
    """The first non-blank line of ``text`` (cut to ``limit`` characters), or ``default``."""
    line = (text.strip().splitlines() or [default])[0]
    return line[:limit] if limit else line
