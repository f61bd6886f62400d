"""Shared fixtures: the project root and the offline data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder.data import DATA_DIR_ENV

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The verified data sets; tests that need real data fail loudly without them."""
    value = os.environ.get(DATA_DIR_ENV)
    if not value:
        pytest.fail(f"{DATA_DIR_ENV} is not set: run the tests with `make test`.")
    return Path(value)
