"""Which modules of the package import which, read from their source with ``ast``.

Every import counts, also those inside functions: a deferred import still ties two
modules together. The architecture test reads the package's shape from here, and the
student handout ships exactly the modules its public tests import, and what those import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from autograder.contracts.project import PACKAGE_DIR

ROOT = "autograder"
GENERATED = "bundles"  # otter test files written by `densegrade build`, not modules of ours


@dataclass(frozen=True)
class Import:
    """One import statement of one module, resolved to the module it names."""

    importer: str
    imported: str
    line: int

    def where(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported}"


def module_files(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        if path.is_relative_to(package_dir / GENERATED):
            continue
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imports_of(
    module: str, source: str, is_package: bool, known: Iterable[str], filename: str = "<source>"
) -> list[Import]:
    """The ``autograder`` imports in ``source``, anywhere in it, each resolved to a known
    module: ``from autograder.x import y`` names ``autograder.x.y`` when that is a module
    (or subpackage) and ``autograder.x`` when ``y`` is only an attribute of it."""
    known = set(known)
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        found += [
            Import(module, target, node.lineno)
            for target in targets
            if target == ROOT or target.startswith(f"{ROOT}.")
        ]
    return list(dict.fromkeys(found))  # `from m import a, b`: one import of m, not two


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of a ``from`` import's module (``level`` dots before ``name``)."""
    if level == 0:
        return name or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, name] if name else parts)


def package_imports() -> list[Import]:
    modules = module_files()
    found = []
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        source = path.read_text(encoding="utf-8")
        found += imports_of(name, source, is_package, modules, str(path))
    return found


def closure(sources: Iterable[str], modules: dict[str, Path] | None = None) -> list[str]:
    """Every module the code in ``sources`` imports, directly or through each other, with
    the packages that hold them (their ``__init__`` runs first on import)."""
    modules = modules or module_files()
    needed: set[str] = set()
    pending = [
        each.imported for source in sources for each in imports_of("", source, False, modules)
    ]
    while pending:
        name = pending.pop()
        for enclosing in _enclosing_packages(name):
            if enclosing in needed or enclosing not in modules:
                continue
            needed.add(enclosing)
            path = modules[enclosing]
            is_package = path.name == "__init__.py"
            text = path.read_text(encoding="utf-8")
            pending += [each.imported for each in imports_of(enclosing, text, is_package, modules)]
    return sorted(needed)


def _enclosing_packages(module: str) -> list[str]:
    """``a.b.c`` -> ``a``, ``a.b``, ``a.b.c``."""
    parts = module.split(".")
    return [".".join(parts[: index + 1]) for index in range(len(parts))]
