import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from autograder.authoring import build
from autograder.cli import main
from autograder.drivers.course_build import build as build_course


@pytest.fixture(scope="module")
def rendering(project_root):
    return build.render_all(project_root)


def test_committed_files_equal_a_fresh_build(rendering, project_root):
    assert build.differences(rendering, project_root) == []


def test_a_rebuild_is_byte_identical(rendering, project_root):
    again = build.render_all(project_root)
    assert again.files == rendering.files


def test_builds_student_notebooks_public_tests_and_bundles(rendering):
    files = {path.as_posix() for path in rendering.files}
    for name in ("mnist_dense", "cifar10_dense"):
        assert f"assignments/{name}/{name}.ipynb" in files
        assert f"assignments/{name}/tests/preprocessing.py" in files
        assert f"autograder/bundles/{name}/otter_config.json" in files
        assert f"autograder/bundles/{name}/tests/evaluation.py" in files


def test_bundle_configures_the_grading_plugin(rendering):
    config = rendering.files[Path("autograder/bundles/mnist_dense/otter_config.json")]
    assert b"autograder.kernel.otter_plugin.GradingKernelPlugin" in config


def test_test_cases_are_named_after_their_functions(rendering):
    public = rendering.files[Path("assignments/mnist_dense/tests/preprocessing.py")].decode()
    assert '@test_case(name="flattened", points=1, hidden=False)' in public
    assert "hidden=True" not in public


def test_stale_and_extra_files_are_reported(rendering, tmp_path, project_root):
    copy = tmp_path / "project"
    for folder in ("solutions", "assignments", "autograder/bundles"):
        shutil.copytree(project_root / folder, copy / folder)
    notebook = copy / "assignments/mnist_dense/mnist_dense.ipynb"
    notebook.write_text(notebook.read_text() + " ")
    (copy / "assignments/mnist_dense/tests/extra.py").write_text("x = 1\n")
    problems = build.differences(rendering, copy)
    assert "differs: assignments/mnist_dense/mnist_dense.ipynb" in problems
    assert "not generated: assignments/mnist_dense/tests/extra.py" in problems


def test_write_replaces_stale_files(rendering, tmp_path):
    stale = tmp_path / "assignments/mnist_dense/tests/old.py"
    stale.parent.mkdir(parents=True)
    stale.write_text("old\n")
    build.write(rendering, tmp_path)
    assert not stale.exists()
    assert build.differences(rendering, tmp_path) == []


def test_a_reference_without_its_settings_is_refused(tmp_path, project_root):
    (tmp_path / "solutions").mkdir()
    shutil.copy(project_root / "solutions/mnist_dense.ipynb", tmp_path / "solutions/fashion.ipynb")
    with pytest.raises(build.BuildError, match=r"fashion.toml is missing: every reference"):
        build.render_all(tmp_path)


def test_a_test_asking_for_an_undeclared_variable_fails_the_build(tmp_path):
    config = (
        "# ASSIGNMENT CONFIG\nname: mnist_dense\nexport_cell: false\nrun_tests: false\n"
        "tests:\n  files: true\n  ok_format: false\ngenerate: false"
    )
    raw, markdown, code = (
        nbformat.v4.new_raw_cell,
        nbformat.v4.new_markdown_cell,
        nbformat.v4.new_code_cell,
    )
    cells = [
        raw(config),
        raw("# BEGIN QUESTION\nname: model"),
        markdown("**Question 1.** Build a model."),
        raw("# BEGIN TESTS"),
        code("def test_weights(model, weights):\n    assert weights is not None"),
        raw("# END TESTS"),
        raw("# END QUESTION"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    (tmp_path / "solutions").mkdir()
    nbformat.write(notebook, tmp_path / "solutions/mnist_dense.ipynb")
    for check in ([], ["--check"]):
        result = CliRunner().invoke(main, ["build", *check, "--root", str(tmp_path)])
        assert result.exit_code == 1
        assert (
            "mnist_dense: test file tests/model.py, test case 'weights' (test_weights) asks for "
            "the undeclared variable 'weights'" in result.output
        )
        assert "GRADABLE_VARIABLES in autograder/contracts/assignments.py" in result.output
        assert "'model'" not in result.output  # a declared variable is fine
    assert not (tmp_path / "assignments").exists()  # nothing written


def test_a_test_that_requires_no_check_outcome_fails_the_build(tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "model.py").write_text(
        "from otter.test_files import test_case\n\n"
        "OK_FORMAT = False\nname = 'model'\npoints = None\n\n"
        "@test_case(points=1)\ndef test_layers(model):\n    assert model is not None\n\n"
        "@test_case(points=1)\ndef test_compiled(model):\n"
        "    from autograder.checks import compile\n"
        "    compile.check_compiled(model, 'mnist_dense').require()\n"
    )
    with pytest.raises(build.BuildError) as raised:
        build.check_test_cases("mnist_dense", tests)
    message = str(raised.value)
    assert (
        "mnist_dense: test file tests/model.py, test case 'layers' (test_layers) requires 0 "
        "check outcomes, not one" in message
    )
    assert "'compiled'" not in message and "undeclared" not in message


def test_the_build_function_checks_the_project_and_finds_it_up_to_date(project_root):
    built = build_course(project_root, check=True)
    assert built.checked and built.up_to_date and built.problems == []
    assert Path("assignments/mnist_dense/mnist_dense.ipynb") in built.files
    assert built.handouts == [] and built.zips == []  # a check writes nothing


def test_the_build_function_writes_what_the_check_then_accepts(tmp_path, project_root):
    shutil.copytree(project_root / "solutions", tmp_path / "solutions")
    built = build_course(tmp_path)
    assert not built.checked and all((tmp_path / path).is_file() for path in built.files)
    assert [path.name for path in built.handouts] == [
        "cifar10_dense-student.zip",
        "mnist_dense-student.zip",
    ]
    notebook = tmp_path / "assignments/mnist_dense/mnist_dense.ipynb"
    notebook.write_text(notebook.read_text() + " ")
    stale = build_course(tmp_path, check=True)
    assert not stale.up_to_date
    assert stale.problems == ["differs: assignments/mnist_dense/mnist_dense.ipynb"]


def test_the_build_function_refuses_what_it_cannot_honour(tmp_path, project_root):
    with pytest.raises(ValueError, match="a check writes nothing"):
        build_course(project_root, check=True, zip_dir=tmp_path)
    with pytest.raises(ValueError, match="at least 300 s"):
        build_course(project_root, zip_dir=tmp_path, gradescope_timeout=100)
    assert list(tmp_path.iterdir()) == []
