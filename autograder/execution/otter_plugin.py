"""The otter plugin that puts :mod:`kernel_setup` at the top of a graded notebook."""

from __future__ import annotations

import nbformat
from otter.plugins import AbstractOtterPlugin

SETUP_SOURCE = (
    "import autograder.execution.kernel_setup as _densegrade_setup\n"
    "_densegrade_setup.prepare_grading_kernel()\n"
    "del _densegrade_setup"
)
PLUGIN_NAME = f"{__name__}.GradingKernelPlugin"


class GradingKernelPlugin(AbstractOtterPlugin):
    """Seeds the kernel and serves data sets through the data layer during grading."""

    def before_execution(self, submission: nbformat.NotebookNode) -> nbformat.NotebookNode:
        setup_cell = nbformat.v4.new_code_cell(SETUP_SOURCE)
        submission.cells.insert(0, setup_cell)
        return submission
