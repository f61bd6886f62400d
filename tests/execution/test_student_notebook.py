"""The student notebook in a real Jupyter kernel: stubs, public checks, export cell."""

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.kernel.otter_plugin import SETUP_SOURCE

pytestmark = pytest.mark.notebook


def _check_output(notebook, question: str) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source == f'grader.check("{question}")':
            return "\n".join(
                output.get("text", "") + output.get("data", {}).get("text/plain", "")
                for output in cell.outputs
            )
    raise AssertionError(f"no grader.check cell for {question}")


@pytest.fixture(scope="module")
def executed_student_notebook(project_root, data_dir, tmp_path_factory):
    """The MNIST notebook as a student has it, with only the preprocessing step done."""
    workdir = tmp_path_factory.mktemp("student") / "mnist_dense"
    shutil.copytree(project_root / "assignments/mnist_dense", workdir)
    notebook = nbformat.read(workdir / "mnist_dense.ipynb", as_version=4)
    answer = next(cell for cell in notebook.cells if cell.source.startswith("X_train = ..."))
    answer.source = (
        "X_train = X_train.reshape(len(X_train), -1).astype('float32') / 255\n"
        "X_test = X_test.reshape(len(X_test), -1).astype('float32') / 255\n"
        "y_train = keras.utils.to_categorical(y_train, 10)\n"
        "y_test = keras.utils.to_categorical(y_test, 10)"
    )
    # The machine is offline: serve mnist.load_data() as the grader does.
    notebook.cells.insert(0, nbformat.v4.new_code_cell(SETUP_SOURCE))
    client = NotebookClient(
        notebook, timeout=600, allow_errors=True, resources={"metadata": {"path": str(workdir)}}
    )
    return client.execute()


def test_public_checks_pass_a_done_step(executed_student_notebook):
    output = _check_output(executed_student_notebook, "preprocessing")
    assert "All test cases passed" in output


def test_public_checks_explain_an_unfinished_step(executed_student_notebook):
    output = _check_output(executed_student_notebook, "model")
    assert "`model` is still the placeholder `...`" in output
    assert "'Build the model'" in output
    assert "input_size" not in output  # the hidden check stays hidden


def test_the_notebook_offers_an_export_cell(executed_student_notebook):
    sources = [cell.source for cell in executed_student_notebook.cells]
    assert any("grader.export(" in source for source in sources)
