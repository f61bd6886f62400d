"""Runs inside the grading kernel: the grader's own work gets memory the student's code cannot.

The sandbox sets the kernel's memory cap (``RLIMIT_DATA``) soft at the student's
limit and hard a reserve above it (:func:`autograder.execution.sandbox.apply_limits`).
Recording a training call and exporting the state raise the soft cap to the hard
one while they run, then put it back, so a notebook that lives close to its limit
is not pushed over it by the grader. The functions are bound when this module is
imported, at kernel setup, before any student code could replace them.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager

_getrlimit = resource.getrlimit
_setrlimit = resource.setrlimit
_DATA = resource.RLIMIT_DATA


@contextmanager
def grader_headroom() -> Iterator[None]:
    """Lift the memory cap to its hard value for the grader's work, then restore it."""
    soft, hard = _getrlimit(_DATA)
    if soft == hard:
        yield
        return
    _setrlimit(_DATA, (hard, hard))
    try:
        yield
    finally:
        _setrlimit(_DATA, (soft, hard))
