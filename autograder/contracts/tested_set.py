"""The tested set of packages: ``constraints.txt``, pinned, and the grader's share of it.

``make install`` installs the project with ``pip install -c constraints.txt``, so the
suite runs on exactly these versions. The Gradescope zip's ``requirements.txt`` pins
every package the grader needs at run time (its dependencies, theirs, and so on) to
the same versions; :func:`runtime_pins` refuses to build one that would differ.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

CONSTRAINTS_FILE = "constraints.txt"
DISTRIBUTION = "densegrade"


class PinError(RuntimeError):
    """The installed packages are not the tested set; the message says which differ."""


def read_pins(path: Path) -> dict[str, str]:
    """``name==version`` lines (comments and blanks skipped): canonical name -> version."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def runtime_closure(distribution: str = DISTRIBUTION) -> dict[str, str]:
    """Every installed package ``distribution`` needs at run time: canonical name -> version."""
    found: dict[str, str] = {}
    pending: list[tuple[str, frozenset[str]]] = [(distribution, frozenset())]
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        name, extras = pending.pop()
        if (canonicalize_name(name), extras) in seen:
            continue
        seen.add((canonicalize_name(name), extras))
        installed = metadata.distribution(name)
        if canonicalize_name(name) != canonicalize_name(distribution):
            found[canonicalize_name(name)] = installed.version
        for text in installed.requires or []:
            requirement = Requirement(text)
            wanted = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker is None or any(requirement.marker.evaluate(e) for e in wanted):
                pending.append((requirement.name, frozenset(requirement.extras)))
    return found


def runtime_pins(project_root: Path) -> list[str]:
    """``name==version`` for every run-time package, as tested (installed and pinned)."""
    pins = read_pins(project_root / CONSTRAINTS_FILE)
    installed = runtime_closure()
    problems = [
        f"{name} {version} is installed but {CONSTRAINTS_FILE} pins {pins.get(name, 'nothing')}"
        for name, version in sorted(installed.items())
        if pins.get(name) != version
    ]
    if problems:
        raise PinError(
            "the installed packages are not the tested set (run `make install`):\n"
            + "\n".join(problems)
        )
    return [f"{name}=={version}" for name, version in sorted(installed.items())]
