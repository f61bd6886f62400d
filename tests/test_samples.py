import json

import nbformat
import pytest

from autograder.drivers.samples import SAMPLES, edited_reference, write_samples


def test_every_sample_is_written_and_every_edit_applies(tmp_path):
    paths = write_samples(tmp_path)
    assert [path.name for path in paths] == [
        f"{sample.student}_{sample.assignment}.ipynb" for sample in SAMPLES
    ]
    kinds = {sample.description.split(":")[0] for sample in SAMPLES}
    assert {"correct", "a broken file", "hostile"} <= kinds
    assignments = {sample.assignment for sample in SAMPLES}
    assert assignments == {"mnist_dense", "cifar10_dense"}


def test_a_sample_is_the_reference_without_markers_with_its_edits():
    notebook = edited_reference(
        "mnist_dense", (('Dense(10, activation="softmax"),', 'Dense(10, activation="sigmoid"),'),)
    )
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert 'Dense(10, activation="sigmoid")' in code
    assert "# SOLUTION" not in code and "BEGIN" not in code
    assert notebook.metadata["otter"]["assignment_name"] == "mnist_dense"
    json.loads(nbformat.writes(notebook))  # a valid notebook file


def test_an_edit_that_no_longer_matches_fails_loudly():
    with pytest.raises(ValueError, match="stale: edit 'no such code' matches 0 times"):
        edited_reference("mnist_dense", (("no such code", ""),), label="stale")
