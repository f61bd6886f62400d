import nbformat

from autograder.submissions import identify_assignment


def test_assignment_from_metadata_then_file_name():
    tagged = nbformat.v4.new_notebook(metadata={"otter": {"assignment_name": "cifar10_dense"}})
    untagged = nbformat.v4.new_notebook()
    assert identify_assignment(tagged, "mnist_dense.ipynb") == "cifar10_dense"
    assert identify_assignment(untagged, "bob_mnist_dense.ipynb") == "mnist_dense"
    assert identify_assignment(untagged, "homework.ipynb") is None
