import pytest
from otter.test_files.exception_test import ExceptionTestFile

from autograder.contracts.otter_format import (
    load_test_file,
    name_test_cases,
    parse_test_file,
    read_test_file,
    total_points,
)

UNNAMED = """from otter.test_files import test_case

name = "q"
points = 4

@test_case(points=None, hidden=False)
def test_first(x):
    pass

@test_case(points=1,
    failure_message='no')
def test_second(x, y):
    pass

@test_case()
def test_third():
    pass
"""


def test_bundle_test_files_are_read_by_otters_parser(project_root):
    path = project_root / "autograder/bundles/mnist_dense/tests/model.py"
    assert isinstance(load_test_file(path), ExceptionTestFile)
    test_file = read_test_file(path)
    assert test_file.name == "model" and test_file.points == 3.0
    case = next(case for case in test_file.cases if case.hidden)
    assert (case.name, case.function, case.parameters) == (
        "input_size",
        "test_input_size",
        ("model",),
    )
    assert case.source.startswith('@test_case(name="input_size", points=1, hidden=True)\n')
    assert case.source.endswith(case.body) and "def " not in case.body


def test_test_cases_are_named_after_their_functions():
    named = name_test_cases(UNNAMED)
    assert '@test_case(name="first", points=None, hidden=False)' in named
    assert "@test_case(name=\"second\", points=1,\n    failure_message='no')" in named
    assert '@test_case(name="third")' in named
    assert name_test_cases(named) == named  # a named case keeps its name
    assert [case.name for case in parse_test_file(named).cases] == ["first", "second", "third"]


def test_points_are_resolved_as_otter_resolves_them():
    # The file is worth 4: the second case asks for 1, the others share the other 3.
    cases = parse_test_file(UNNAMED).cases
    assert [case.points for case in cases] == [1.5, 1.0, 1.5]
    assert [case.parameters for case in cases] == [("x",), ("x", "y"), ()]


def test_a_folder_of_test_files_adds_up(tmp_path):
    (tmp_path / "a.py").write_text(UNNAMED)
    (tmp_path / "b.py").write_text(UNNAMED.replace('name = "q"', 'name = "r"'))
    assert total_points(tmp_path) == 8.0
    assert total_points(tmp_path / "missing") == 0.0


def test_a_broken_test_file_is_an_error():
    with pytest.raises(ValueError, match="does not define 'name'"):
        parse_test_file("x = 1\n", "broken.py")
