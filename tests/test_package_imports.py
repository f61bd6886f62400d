from autograder.contracts.package_imports import _absolute, closure, imports_of, module_files


def test_imports_are_found_anywhere_and_resolved_to_modules():
    known = {"autograder", "autograder.a", "autograder.a.inner", "autograder.b", "autograder.c"}
    source = (
        "import os\n"
        "from autograder import a, __version__\n"
        "from autograder.a import inner, helper, other\n"
        "def later():\n"
        "    import autograder.b\n"
        "    from . import c\n"
        "    from .a.inner import thing\n"
    )
    found = imports_of("autograder.mod", source, False, known)
    assert [(each.imported, each.line) for each in found] == [
        ("autograder.a", 2),
        ("autograder", 2),
        ("autograder.a.inner", 3),
        ("autograder.a", 3),
        ("autograder.b", 5),
        ("autograder.c", 6),
        ("autograder.a.inner", 7),
    ]


def test_relative_imports_resolve_from_a_package_and_from_a_module():
    assert _absolute("autograder.x", True, 1, "y") == "autograder.x.y"
    assert _absolute("autograder.x.m", False, 1, "y") == "autograder.x.y"
    assert _absolute("autograder.x.m", False, 2, None) == "autograder"


def test_the_closure_follows_imports_through_modules_and_their_packages():
    source = "def test_x():\n    from autograder.checks import compile\n"
    needed = closure([source])
    assert {"autograder", "autograder.checks", "autograder.checks.compile"} <= set(needed)
    assert "autograder.checks.model" in needed  # compile imports it
    assert not any(
        name.startswith(("autograder.execution", "autograder.corpus")) for name in needed
    )
    assert set(needed) <= set(module_files())
