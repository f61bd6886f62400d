import pytest

from autograder.contracts.assignments import (
    ASSIGNMENTS,
    Assignment,
    UnknownAssignment,
    get_assignment,
)


def test_parameter_counts_match_the_references():
    assert get_assignment("mnist_dense").expected_parameter_count() == 25_818
    assert get_assignment("cifar10_dense").expected_parameter_count() == 99_034


def test_the_catalog_is_what_the_build_recorded(project_root):
    assert sorted(ASSIGNMENTS) == ["cifar10_dense", "mnist_dense"]
    for name in ASSIGNMENTS:
        assert (project_root / "solutions" / f"{name}.ipynb").is_file()
        assert (project_root / "solutions" / f"{name}.toml").is_file()


def test_a_spec_reads_back_as_it_was_written():
    spec = get_assignment("cifar10_dense")
    assert Assignment.from_json(spec.to_json()) == spec
    assert spec.input_size == 3072 and spec.num_classes == 10 and spec.epochs == 10
    assert spec.step("model") == "Build the model"


def test_unknown_assignment_lists_the_known_ones():
    with pytest.raises(UnknownAssignment, match="cifar10_dense, mnist_dense"):
        get_assignment("fashion")


def test_the_docs_show_each_recorded_spec(project_root):
    text = (project_root / "docs" / "authoring.md").read_text(encoding="utf-8")
    block = text.split("<!-- specs -->")[1].split("<!-- /specs -->")[0]
    expected = "\n\n".join(
        "\n".join(line for line in spec.summary() if line) for spec in ASSIGNMENTS.values()
    )
    assert block.strip() == f"```\n{expected}\n```"
