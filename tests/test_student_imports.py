"""Which imports a notebook's cell makes, and which of them the grader lacks."""

from autograder import student_imports
from autograder.student_imports import imported_modules, missing_from_grader, warning

GRADER = frozenset({"numpy", "sklearn", "pandas", "PIL"})


def test_every_way_of_importing_names_its_top_level_module_once():
    source = (
        "import numpy as np, os.path\n"
        "from sklearn.preprocessing import LabelBinarizer\n"
        "from . import local\n"
        "def f():\n    import xgboost.sklearn\n"
        "try:\n    import numpy\nexcept ImportError:\n    pass\n"
    )
    assert imported_modules(source) == ["numpy", "os", "sklearn", "xgboost"]


def test_a_cell_that_is_not_python_imports_nothing():
    assert imported_modules("%%bash\nimport xgboost") == []
    assert imported_modules("import (") == []


def test_python_s_own_kernel_s_and_the_grader_s_modules_are_never_missing():
    modules = ["os", "IPython", "numpy", "PIL", "xgboost", "torch"]
    assert missing_from_grader(modules, GRADER) == ["xgboost", "torch"]


def test_the_warning_names_the_module_and_what_to_use_instead():
    text = warning("xgboost")
    assert "`xgboost`" in text and "scikit-learn" in text and "requirements.txt" in text


def test_the_grader_s_modules_come_from_the_installed_packages_here(monkeypatch, tmp_path):
    assert {"numpy", "sklearn", "tensorflow"} <= student_imports.grading_modules()
    listed = tmp_path / "grading_modules.txt"
    listed.write_text("numpy\nkeras\n")
    monkeypatch.setattr(student_imports, "MODULES_FILE", listed)
    assert student_imports.grading_modules() == {"numpy", "keras"}


def test_an_import_error_names_the_module_it_could_not_find():
    assert student_imports.not_found_module("ModuleNotFoundError", "No module named 'xgboost'")
    assert student_imports.not_found_module("ImportError", "No module named 'a.b'") == "a.b"
    assert student_imports.not_found_module("ImportError", "cannot import name 'x'") is None
    assert student_imports.not_found_module("ValueError", "No module named 'a'") is None


def test_a_misspelt_submodule_of_an_installed_package_is_not_absent():
    absent = student_imports.absent_packages(["numpy.lnalg", "xgboost.core", "xgboost", "helpers"])
    assert absent == ["xgboost", "helpers"]
