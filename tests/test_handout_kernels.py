"""The handout's notebook in real Jupyter kernels, where students open it."""

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.notebook


def run_cells(notebook_path, cells, cwd):
    """Execute ``cells`` (indices into the notebook) in a fresh kernel working in ``cwd``."""
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.cells = [notebook.cells[index] for index in cells]
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(cwd)}}).execute()
    return notebook.cells


def printed(cell) -> str:
    return "".join(output.get("text", "") for output in cell.get("outputs", []))


@pytest.mark.parametrize("assignment", ["mnist_dense"])
def test_a_notebook_opened_without_its_checks_says_what_to_do_at_the_first_check(
    tmp_path, project_root, assignment
):
    notebook = tmp_path / f"{assignment}.ipynb"
    shutil.copy(project_root / "assignments" / assignment / f"{assignment}.ipynb", notebook)
    cells = nbformat.read(notebook, as_version=4).cells
    first_check = next(i for i, c in enumerate(cells) if c.source.startswith("grader.check("))
    init, check = run_cells(notebook, [0, first_check], tmp_path)
    sentence = (
        "The checks cannot run here (the tests/ folder is not beside the notebook): open "
        "this notebook in its unzipped handout folder as its README.md says, then run this "
        "first cell again."
    )
    assert printed(check).strip() == sentence
    assert printed(init).strip() == sentence  # said at once, too
    assert not [o for cell in (init, check) for o in cell.outputs if o.output_type == "error"]


def test_the_first_cell_says_once_when_a_cell_imports_what_the_grader_lacks(tmp_path, project_root):
    from autograder.authoring import handout
    from tests.test_handout import generated_files

    for name, content in handout.handout_files(
        "mnist_dense", generated_files(project_root, "mnist_dense")
    ).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    folder = tmp_path / "mnist_dense"
    notebook = nbformat.read(folder / "mnist_dense.ipynb", as_version=4)
    imports = (
        "from sklearn.preprocessing import LabelBinarizer\nimport pandas, seaborn, PIL, json",
        "try:\n    import xgboost\nexcept ImportError:\n    pass",
        "%matplotlib inline\nimport xgboost.sklearn as xs, lightgbm",
    )
    notebook.cells = [notebook.cells[0], *map(nbformat.v4.new_code_cell, imports)]
    resources = {"metadata": {"path": str(folder)}}
    NotebookClient(notebook, timeout=120, resources=resources, allow_errors=True).execute()
    setup, declared, guarded, more = notebook.cells
    assert printed(declared) == ""
    assert printed(guarded).startswith("Note: the grader will not have `xgboost`, so this import")
    assert "`lightgbm`" in printed(more) and "`xgboost`" not in printed(more)  # said once
    assert "requirements.txt" in printed(more) and not printed(setup)
