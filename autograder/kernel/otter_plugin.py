"""The otter plugin that puts :mod:`autograder.kernel.setup` at the top of a graded notebook."""

from __future__ import annotations

import nbformat
from otter.plugins import AbstractOtterPlugin

from autograder.kernel.setup import setup_source

SETUP_SOURCE = setup_source()


class GradingKernelPlugin(AbstractOtterPlugin):
    """Seeds the kernel and serves data sets through the data layer during grading."""

    def before_execution(self, submission: nbformat.NotebookNode) -> nbformat.NotebookNode:
        setup_cell = nbformat.v4.new_code_cell(SETUP_SOURCE)
        submission.cells.insert(0, setup_cell)
        return submission
