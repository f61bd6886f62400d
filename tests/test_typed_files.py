"""Typed files: frozen dataclasses written as versioned JSON, read back checked."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest

from autograder.contracts import typed_files
from autograder.contracts.typed_files import FileFormatError


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True)
class Inner:
    name: str
    weight: float = 1.0


@dataclass(frozen=True)
class Outer:
    FORMAT: ClassVar[str] = "test.outer"
    VERSION: ClassVar[int] = 3

    colour: Colour
    inners: list[Inner]
    optional: Inner | None = None
    pair: tuple[int, str] = (0, "")
    table: dict[str, int] = field(default_factory=dict)
    free: Any = None


def test_a_file_round_trips_with_its_nested_types(tmp_path):
    original = Outer(
        Colour.BLUE, [Inner("a"), Inner("b", 2)], Inner("c"), (4, "x"), {"k": 1}, {"any": [1]}
    )
    path = typed_files.write(tmp_path / "deep" / "outer.json", original)
    text = path.read_text()
    assert '"format": "test.outer"' in text and '"version": 3' in text
    again = typed_files.read(Outer, path)
    assert again == original
    assert isinstance(again.colour, Colour) and isinstance(again.inners[1].weight, float)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('{"format": "test.outer", "version": 2, "colour": "red", "inners": []}', "version 2"),
        ('{"format": "other", "version": 3, "colour": "red", "inners": []}', "other"),
        ('{"colour": "red", "inners": []}', "unknown format"),
        ('{"format": "test.outer", "version": 3, "colour": "red", "inners": [], "x": 1}', "'x'"),
        ('{"format": "test.outer", "version": 3, "colour": "red"}', "missing key 'inners'"),
        ('{"format": "test.outer", "version": 3, "colour": "green", "inners": []}', "green"),
        ('{"format": "test.outer", "version": 3, "colour": "red", "inners": [{"name": 5}]}', "5"),
        ("not json", "not JSON"),
        ("[1]", "not a test.outer file"),
    ],
)
def test_a_file_of_another_shape_is_refused_with_the_reason(text, complaint):
    with pytest.raises(FileFormatError, match="outer.json") as raised:
        typed_files.loads(Outer, text, "outer.json")
    assert complaint in str(raised.value)


def test_an_absent_file_is_a_format_error(tmp_path):
    with pytest.raises(FileFormatError, match="cannot be read"):
        typed_files.read(Outer, tmp_path / "absent.json")


@dataclass(frozen=True)
class Sequences:
    FORMAT: ClassVar[str] = "test.sequences"
    VERSION: ClassVar[int] = 1

    inners: tuple[Inner, ...]
    grid: tuple[tuple[int, ...], ...]
    series: dict[str, tuple[float, ...]] | None = None
    maybe: tuple[Inner, ...] | None = None


def test_variable_length_tuples_come_back_as_tuples_of_their_items():
    original = Sequences((Inner("a"), Inner("b", 0.5)), ((1, 2), (3,)), {"loss": (0.5, 1.0)})
    again = typed_files.loads(Sequences, typed_files.dumps(original))
    assert again == original and again.maybe is None
    assert isinstance(again.inners[0], Inner) and isinstance(again.grid[1], tuple)
    assert isinstance(again.series, dict) and again.series["loss"] == (0.5, 1.0)


def test_an_item_of_a_variable_length_tuple_is_checked():
    text = '{"format": "test.sequences", "version": 1, "inners": [], "grid": [[1, "x"]]}'
    with pytest.raises(FileFormatError, match=r"grid\[0\]\[1\]: 'x' is not int"):
        typed_files.loads(Sequences, text)
