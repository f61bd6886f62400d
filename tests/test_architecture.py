"""The package's shape: its parts import each other in one direction only, in the order of
``LAYERS``; every module is short enough to read in one sitting, and the batch module
stays a thin driver.

Imports are read with ``ast`` from every module of ``autograder`` except the generated
otter test files in ``autograder/bundles/``. All of them count, also those inside
functions and under ``TYPE_CHECKING``: a deferred import still ties two parts together.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

from autograder.package_imports import (
    PACKAGE_DIR,
    Import,
    module_files,
    package_imports,
)

MAX_MODULE_LINES = 300
MAX_GRADE_LINES = 200
TESTS_AND_BENCHMARKS_ONLY = "autograder.corpus"

# The parts of the package, lowest first: each part imports only the parts before it. The
# README's layout section tells the same order. A submission's story runs submissions ->
# data -> execution -> judging -> reports; execution runs the kernel and then judging (in
# its supervisor), so the kernel, the checks and judging come before it here.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "contracts",
        (
            "autograder",  # the version
            "text",
            "typed_files",
            "statuses",
            "archive",
            "handoff",
            "package_imports",
            "otter_format",
            "assignments",
            "student_environment",
            "student_imports",
            "tested_set",
            "bundle",
            "evidence",
            "results",
            "identity",
            "output",
        ),
    ),
    ("submissions", ("submissions", "free_response", "samples")),
    ("data", ("data",)),
    ("kernel", ("kernel",)),
    ("checks", ("checks",)),
    ("judging", ("verdicts", "judging")),
    ("execution", ("execution",)),
    # Authoring: the reference read into a spec (by running it), built, calibrated, handed out.
    ("authoring", ("authoring",)),
    ("similarity", ("similarity",)),
    ("reports", ("reports",)),
    ("desk", ("desk",)),  # the gradebook, the grading app and the LMS exports
    (
        "drivers",
        (
            "reference",
            "resume",
            "progress",
            "grade",
            "demo",
            "cluster",
            "gradescope",
            "course_build",
            "corpus",
        ),
    ),
    ("interface", ("api", "cli")),
)


# --- the graph of the package's parts ------------------------------------------------------


def part(module: str) -> str:
    """The part a module belongs to: ``autograder.execution.runner`` -> ``autograder.execution``."""
    return ".".join(module.split(".")[:2])


def part_graph(found: Iterable[Import]) -> dict[str, dict[str, list[Import]]]:
    """Which part imports which, with the imports behind each edge (within a part: none)."""
    graph: dict[str, dict[str, list[Import]]] = {}
    for each in found:
        source, target = part(each.importer), part(each.imported)
        graph.setdefault(source, {})
        graph.setdefault(target, {})
        if source != target:
            graph[source].setdefault(target, []).append(each)
    return graph


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's components of more than one node, each sorted, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def shortest_cycle(graph: Mapping[str, Iterable[str]], start: str) -> list[str]:
    """The shortest way from ``start`` back to itself, as nodes (``start`` at both ends);
    empty when there is none."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph.get(node, ())):
            if successor == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if successor not in previous:
                previous[successor] = node
                queue.append(successor)
    return []


def import_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One shortest cycle through the first node of every tangle of parts."""
    return [shortest_cycle(graph, component[0]) for component in strongly_connected(graph)]


# --- the rules -----------------------------------------------------------------------------


def test_the_parts_of_the_package_import_each_other_in_one_direction_only():
    graph = part_graph(package_imports())
    tangles = strongly_connected(graph)
    report = []
    for component, cycle in zip(tangles, import_cycles(graph), strict=True):
        report.append(f"cycle: {' -> '.join(cycle)} (tangled: {', '.join(component)})")
        # Every import inside the tangle, not only the cycle's: any of them may be the one
        # to move.
        report += [
            f"    {each.where()}"
            for source in component
            for target in sorted(set(graph[source]) & set(component))
            for each in graph[source][target]
        ]
    assert not tangles, "import cycles between parts of autograder:\n" + "\n".join(report)


def layer_order(layers: Iterable[tuple[str, Iterable[str]]]) -> dict[str, tuple[int, str]]:
    """Each part's place in the order and its layer's name: ``text`` -> ``(1, "contracts")``."""
    parts = [
        ("autograder" if name == "autograder" else f"autograder.{name}", layer)
        for layer, names in layers
        for name in names
    ]
    return {part: (place, layer) for place, (part, layer) in enumerate(parts)}


def layer_violations(
    graph: Mapping[str, Mapping[str, list[Import]]], order: Mapping[str, tuple[int, str]]
) -> list[str]:
    """Every part not placed in a layer, and every import of a part placed later."""
    unplaced = [f"{part}: in no layer (place it in LAYERS)" for part in sorted(graph)]
    problems = [problem for problem in unplaced if problem.split(":")[0] not in order]
    for source in sorted(set(graph) & set(order)):
        for target in sorted(set(graph[source]) & set(order)):
            if order[target][0] > order[source][0]:
                layers = f"{order[source][1]} imports {order[target][1]}"
                problems += [
                    f"{each.where()} ({layers}, placed after it)" for each in graph[source][target]
                ]
    return problems


def test_each_part_imports_only_the_parts_before_it():
    problems = layer_violations(part_graph(package_imports()), layer_order(LAYERS))
    assert not problems, "imports against the layer order:\n" + "\n".join(problems)


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
    layout = (project_root / "README.md").read_text(encoding="utf-8").split("## Layout")[1]
    missing = [layer for layer, _ in LAYERS if f"**{layer}**" not in layout]
    assert not missing, f"README's layout leaves out the layers {missing}"


def test_no_module_is_longer_than_the_limit():
    too_long = {
        name: lines
        for name, path in module_files().items()
        if (lines := _line_count(path)) > MAX_MODULE_LINES
    }
    listing = "\n".join(f"    {name}: {lines} lines" for name, lines in sorted(too_long.items()))
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines:\n{listing}"


def test_the_batch_module_stays_a_thin_driver():
    lines = _line_count(PACKAGE_DIR / "grade.py")
    assert lines < MAX_GRADE_LINES, (
        f"autograder/grade.py has {lines} lines; it should stay under {MAX_GRADE_LINES}: the "
        "batch drives the parts, the work belongs in them"
    )


def test_only_tests_and_benchmarks_use_the_corpus():
    # The corpus is fixture data shipped beside the grader, never part of grading.
    offenders = [
        each.where()
        for each in package_imports()
        if part(each.imported) == TESTS_AND_BENCHMARKS_ONLY
        and part(each.importer) != TESTS_AND_BENCHMARKS_ONLY
    ]
    assert not offenders, f"{TESTS_AND_BENCHMARKS_ONLY} imported by the grader:\n" + "\n".join(
        offenders
    )


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


# --- the rules' own machinery, on made-up packages -------------------------------------------


def test_parts_are_the_first_name_under_the_package():
    found = [
        Import("autograder.x.one", "autograder.x.two", 1),  # within a part: no edge
        Import("autograder.x.one", "autograder.y.deep.three", 2),
        Import("autograder.y", "autograder.z", 3),
    ]
    graph = part_graph(found)
    assert {source: set(targets) for source, targets in graph.items()} == {
        "autograder.x": {"autograder.y"},
        "autograder.y": {"autograder.z"},
        "autograder.z": set(),
    }


def test_the_cycle_finder_on_made_up_graphs():
    acyclic = {"a": {"b", "c"}, "b": {"c"}, "c": set(), "d": {"a"}}
    assert strongly_connected(acyclic) == [] and import_cycles(acyclic) == []

    # a -> b -> c -> a, entered from d; and a separate pair e <-> f.
    tangled = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"f"}, "f": {"e"}}
    assert strongly_connected(tangled) == [["a", "b", "c"], ["e", "f"]]
    assert import_cycles(tangled) == [["a", "b", "c", "a"], ["e", "f", "e"]]

    # A shortcut inside a tangle: the shortest way back is reported.
    shortcut = {"a": {"b", "c"}, "b": {"c"}, "c": {"d"}, "d": {"a"}}
    assert import_cycles(shortcut) == [["a", "c", "d", "a"]]


def test_the_layer_rule_on_a_made_up_package():
    order = layer_order([("low", ["a", "b"]), ("high", ["c"])])
    assert order["autograder.a"] == (0, "low") and order["autograder.c"] == (2, "high")
    found = [
        Import("autograder.c.x", "autograder.a", 1),  # down: fine
        Import("autograder.a", "autograder.b.y", 2),  # to a later part of the same layer
        Import("autograder.b", "autograder.c", 3),  # up
        Import("autograder.d", "autograder.a", 4),  # a part in no layer
    ]
    assert layer_violations(part_graph(found), order) == [
        "autograder.d: in no layer (place it in LAYERS)",
        "autograder.a:2 imports autograder.b.y (low imports low, placed after it)",
        "autograder.b:3 imports autograder.c (low imports high, placed after it)",
    ]


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
