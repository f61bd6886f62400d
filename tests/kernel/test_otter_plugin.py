import nbformat

from autograder.kernel.otter_plugin import SETUP_SOURCE, GradingKernelPlugin


def test_setup_cell_goes_first():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    plugin = GradingKernelPlugin("submission.ipynb", {}, {})
    prepared = plugin.before_execution(notebook)
    assert [cell.source for cell in prepared.cells] == [SETUP_SOURCE, "x = 1"]
    nbformat.validate(prepared)
