"""The assignments this package grades, and the facts every check relies on."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
THRESHOLDS_FILE = PACKAGE_DIR / "thresholds.toml"
BUNDLES_DIR = PACKAGE_DIR / "bundles"

# The lesson's network: Dense 32 relu -> 16 relu -> 10 softmax.
EXPECTED_LAYERS: tuple[tuple[int, str], ...] = ((32, "relu"), (16, "relu"), (10, "softmax"))
NUM_CLASSES = 10
EPOCHS = 10


@dataclass(frozen=True)
class Thresholds:
    """Test-set accuracy needed for the accuracy question (see thresholds.toml)."""

    full_credit: float
    lesson: float
    partial_credit: float | None = None


@dataclass(frozen=True)
class Assignment:
    name: str
    dataset: str
    input_size: int

    @property
    def thresholds(self) -> Thresholds:
        return load_thresholds()[self.name]

    @property
    def bundle_dir(self) -> Path:
        return BUNDLES_DIR / self.name

    def autograded_points(self) -> float:
        """The bundle's points (``@test_case(points=N)``), for rows that could not be scored."""
        total = 0.0
        for path in (self.bundle_dir / "tests").glob("*.py"):
            found = re.findall(r"@test_case\([^)]*points=([\d.]+)", path.read_text("utf-8"))
            total += sum(float(points) for points in found)
        return total

    def expected_parameter_count(self) -> int:
        count, inputs = 0, self.input_size
        for units, _ in EXPECTED_LAYERS:
            count += inputs * units + units
            inputs = units
        return count


ASSIGNMENTS: dict[str, Assignment] = {
    "mnist_dense": Assignment("mnist_dense", "mnist", 784),
    "cifar10_dense": Assignment("cifar10_dense", "cifar10", 3072),
}


class UnknownAssignment(KeyError):
    def __str__(self) -> str:
        return f"unknown assignment {self.args[0]!r}; known: {', '.join(ASSIGNMENTS)}"


def get_assignment(name: str) -> Assignment:
    try:
        return ASSIGNMENTS[name]
    except KeyError:
        raise UnknownAssignment(name) from None


@cache
def load_thresholds() -> dict[str, Thresholds]:
    with THRESHOLDS_FILE.open("rb") as handle:
        table = tomllib.load(handle)
    return {
        name: Thresholds(
            full_credit=float(values["full_credit_accuracy"]),
            lesson=float(values["lesson_accuracy"]),
            partial_credit=values.get("partial_credit_accuracy"),
        )
        for name, values in table.items()
        if name in ASSIGNMENTS
    }
