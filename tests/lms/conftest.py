"""The gradebook tests' output folder, for the exports' tests too."""

from tests.gradebook.conftest import out  # noqa: F401 (a fixture)
