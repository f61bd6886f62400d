"""The package's shape: its parts import each other in one direction only, in the order
``pyproject.toml`` declares (import-linter's contracts, run here as ``lint-imports``);
the README's layout says the same; every module is short enough to read in one sitting,
the batch module stays a thin driver, and the commands reach the package only through
the API.

Why import-linter rather than our own graph code: the layer order and the ban on cycles
are two declarations in ``pyproject.toml`` that a reader takes in at once, the tool
counts every import (inside functions too, and indirect ones through other parts) and
names the chain that breaks a contract; the made-up package below shows it fails.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from autograder.contracts.package_imports import PACKAGE_DIR, module_files, package_imports

MAX_MODULE_LINES = 300
MAX_GRADE_LINES = 200
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path, *, path: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(path) if path else ""}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True, text=True, env=env
    )


def declared_layers(project_root: Path) -> list[list[str]]:
    """The layers contract of ``pyproject.toml``, lowest first, each a list of modules."""
    config = tomllib.loads((project_root / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [[name.strip() for name in layer.split(":")] for layer in reversed(contract["layers"])]


def test_the_declared_contracts_hold(project_root):
    finished = lint_imports(project_root)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "2 kept, 0 broken" in finished.stdout


def test_the_contracts_fail_on_an_import_against_the_layers_and_on_a_cycle(tmp_path):
    package = tmp_path / "made_up"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("from made_up import high\n")  # up: against the layers
    (package / "high.py").write_text("")
    (package / "one.py").write_text("def f():\n    from made_up import two\n")  # deferred
    (package / "two.py").write_text("import made_up.one\n")
    (tmp_path / ".importlinter").write_text(
        "[importlinter]\nroot_package = made_up\n\n"
        "[importlinter:contract:layers]\nname = layers\ntype = layers\n"
        "containers = made_up\nlayers =\n    high\n    low\n\n"
        "[importlinter:contract:cycles]\nname = cycles\ntype = acyclic_siblings\n"
        "ancestors = made_up\n"
    )
    finished = lint_imports(tmp_path, path=tmp_path)
    assert finished.returncode != 0
    assert "made_up.low -> made_up.high" in finished.stdout
    assert "0 kept, 2 broken" in finished.stdout


def readme_layout(readme: str) -> dict[str, str]:
    """The README's layout tree: each entry under ``autograder/`` -> its description."""
    layout = readme[readme.index("## Layout") :]
    start = layout.index("```\n") + 4
    entries: dict[str, str] = {}
    current = ""
    for line in layout[start : layout.index("```", start)].splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            current, _, text = line.strip().partition(" ")
            entries[current] = text
        elif line.startswith("   ") and current:
            entries[current] += " " + line.strip()
        else:
            current = ""
    return entries


def test_the_readme_layout_names_every_part_and_every_module(project_root):
    entries = readme_layout((project_root / "README.md").read_text(encoding="utf-8"))
    on_disk = {"bundles/<name>/"} | {
        f"{path.name}/" if path.is_dir() else path.name
        for path in PACKAGE_DIR.iterdir()
        if path.suffix in (".py", ".toml")
        and path.name != "__init__.py"
        or path.is_dir()
        and (path / "__init__.py").exists()
    }
    assert set(entries) == on_disk, (
        f"README's layout names what is not there: {sorted(set(entries) - on_disk)}; "
        f"leaves out: {sorted(on_disk - set(entries))}"
    )
    unnamed = [
        f"{package}{module.stem}"
        for package in sorted(entries)
        if package.endswith("/") and package != "bundles/<name>/"
        for module in sorted((PACKAGE_DIR / package).glob("*.py"))
        if module.stem not in ("__init__", "__main__")
        and not re.search(rf"\b{module.stem}\b", entries[package])
    ]
    assert not unnamed, f"modules README's layout does not name: {unnamed}"


LAYER_ITEM = re.compile(r"\b\d+\. \*\*[\w ]+\*\* \(([^)]*)\)")


def test_the_readmes_layers_are_the_declared_ones(project_root):
    """Each numbered layer of the README names its parts, in the order pyproject.toml
    declares them, lowest first."""
    layout = (project_root / "README.md").read_text(encoding="utf-8").split("## Layout")[1]
    told = [
        [re.sub(r"(\.py|/)$", "", name.strip().strip("`")) for name in item.split(",")]
        for item in LAYER_ITEM.findall(layout)
    ]
    assert told == declared_layers(project_root)


def test_each_room_says_what_it_may_import(project_root):
    """A room's docstring ends with the rooms it may import: those below it in the
    declared order (the command modules: the API alone)."""
    below: list[str] = []
    for layer in declared_layers(project_root):
        for room in layer:
            init = PACKAGE_DIR / room / "__init__.py"
            if init.exists():
                allowed = below + [other for other in layer if other != room]
                said = (ast.get_docstring(ast.parse(init.read_text())) or "").split("May import:")
                assert len(said) == 2, f"{room}'s docstring does not say what it may import"
                names = re.findall(r"[a-z_]+", said[1].split(".")[0])
                expected = ["api", "only"] if room == "cli" else allowed or "nothing".split()
                assert names[: len(expected)] == expected, (room, names, expected)
        below += layer


def test_each_recipe_names_rooms_and_files_that_exist(project_root):
    """The README's "Where a change goes": every folder and file it names is there."""
    readme = (project_root / "README.md").read_text(encoding="utf-8")
    recipes = readme.split("### Where a change goes")[1].split("\n#")[0]
    named = re.findall(r"`((?:[a-z_]+/)+(?:[a-z_]+\.(?:py|ipynb|md))?|[a-z_]+\.py)`", recipes)
    assert len(named) >= 15
    missing = [
        path
        for path in named
        if "<" not in path
        and not (PACKAGE_DIR / path).exists()
        and not (project_root / path).exists()
    ]
    assert missing == []


def test_no_module_is_longer_than_the_limit():
    too_long = {
        name: lines
        for name, path in module_files().items()
        if (lines := _line_count(path)) > MAX_MODULE_LINES
    }
    listing = "\n".join(f"    {name}: {lines} lines" for name, lines in sorted(too_long.items()))
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines:\n{listing}"


def test_the_batch_module_stays_a_thin_driver():
    lines = _line_count(PACKAGE_DIR / "drivers" / "grade.py")
    assert lines < MAX_GRADE_LINES, (
        f"autograder/drivers/grade.py has {lines} lines; it should stay under "
        f"{MAX_GRADE_LINES}: the batch drives the parts, the work belongs in them"
    )


def test_only_tests_and_benchmarks_use_the_corpus():
    # The corpus is fixture data shipped beside the grader, never part of grading.
    offenders = [
        each.where()
        for each in package_imports()
        if each.imported.startswith("autograder.corpus")
        and not each.importer.startswith("autograder.corpus")
    ]
    assert not offenders, "autograder.corpus imported by the grader:\n" + "\n".join(offenders)


def test_the_commands_reach_the_package_only_through_the_api():
    """Each ``densegrade`` command is a thin mirror of :mod:`autograder.api`: whatever it
    does, a script does through the API (and a test checks without click)."""
    allowed = ("autograder.api", "autograder.cli")
    through_elsewhere = sorted(
        f"{each.importer} imports {each.imported}"
        for each in package_imports()
        if each.importer.startswith("autograder.cli")
        and each.imported != "autograder"
        and not each.imported.startswith(allowed)
    )
    assert through_elsewhere == []


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())
