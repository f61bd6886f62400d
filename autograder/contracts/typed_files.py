"""Files that cross a process, declared as frozen dataclasses and written as versioned JSON.

Every JSON file one densegrade process writes and another reads (a job, a sandbox spec,
the kernel's export state, a verdict, a result, a cluster manifest, ...) is a frozen
dataclass with two class variables: ``FORMAT``, the file's name in messages, and
``VERSION``, bumped whenever a field changes meaning. :func:`dumps` writes the fields with
``format`` and ``version`` beside them; :func:`loads` refuses another format or version, a
missing field and an unknown one, naming the file and the key, and rebuilds nested
dataclasses, enums, tuples, lists, dicts and optional values from the type hints.

A reader that gets :class:`FileFormatError` knows the file is not this version's: a batch
grades such a result again, a task refuses such a manifest.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import os
import tempfile
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

T = TypeVar("T")
HEADER = ("format", "version")


class TypedFile(Protocol):
    """A frozen dataclass that crosses a process as a file."""

    FORMAT: ClassVar[str]
    VERSION: ClassVar[int]


class FileFormatError(ValueError):
    """A file that is not what this version of densegrade writes: the message says why."""


def to_plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses as dicts, enums as their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value


def dumps(obj: TypedFile, indent: int | None = 2) -> str:
    cls = type(obj)
    plain = {"format": cls.FORMAT, "version": cls.VERSION, **to_plain(obj)}
    return json.dumps(plain, indent=indent) + "\n"


def loads(cls: type[T], text: str, source: str = "") -> T:
    """The ``cls`` written in ``text``; :class:`FileFormatError` if it is not one."""
    where = source or cls.FORMAT  # type: ignore[attr-defined]
    try:
        data = json.loads(text)
    except ValueError as error:
        raise FileFormatError(f"{where}: not JSON ({error})") from error
    if not isinstance(data, dict):
        raise FileFormatError(f"{where}: not a {cls.FORMAT} file")  # type: ignore[attr-defined]
    found = (data.get("format"), data.get("version"))
    expected = (cls.FORMAT, cls.VERSION)  # type: ignore[attr-defined]
    if found != expected:
        raise FileFormatError(
            f"{where}: written as {found[0] or 'an unknown format'} version {found[1]}, "
            f"this densegrade reads {expected[0]} version {expected[1]}"
        )
    body = {key: value for key, value in data.items() if key not in HEADER}
    return from_plain(cls, body, where)


def write(path: Path, obj: TypedFile, indent: int | None = 2) -> Path:
    """``obj`` in ``path``, atomically: a reader sees the old file or the new, never half."""
    write_atomically(path, dumps(obj, indent))
    return path


def read(cls: type[T], path: Path) -> T:
    """The ``cls`` in ``path``; :class:`FileFormatError` if it is absent or not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FileFormatError(f"{path}: cannot be read ({error})") from error
    return loads(cls, text, str(path))


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def from_plain(kind: Any, value: Any, where: str) -> Any:
    """``value`` (parsed JSON) as the type ``kind``, checked on the way."""
    if kind is Any:
        return value
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in arguments:
            return None
        errors = []
        for option in (a for a in arguments if a is not type(None)):
            try:
                return from_plain(option, value, where)
            except FileFormatError as error:
                errors.append(str(error))
        raise FileFormatError(errors[0] if len(errors) == 1 else f"{where}: {value!r} fits no type")
    if dataclasses.is_dataclass(kind):
        return _dataclass(kind, value, where)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(value)
        except ValueError as error:
            raise FileFormatError(f"{where}: {value!r} is not a {kind.__name__}") from error
    if origin in (list, tuple) or kind in (list, tuple):
        _expect(value, list, where)
        if origin is tuple and arguments and arguments[-1] is not Ellipsis:
            if len(value) != len(arguments):
                raise FileFormatError(f"{where}: expected {len(arguments)} items, found {value!r}")
            pairs = enumerate(zip(arguments, value, strict=True))
            return tuple(from_plain(a, v, f"{where}[{i}]") for i, (a, v) in pairs)
        item = arguments[0] if arguments else Any
        items = [from_plain(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
        return tuple(items) if (origin or kind) is tuple else items
    if origin is dict or kind is dict:
        _expect(value, dict, where)
        item = arguments[1] if arguments else Any
        return {key: from_plain(item, v, f"{where}.{key}") for key, v in value.items()}
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FileFormatError(f"{where}: {value!r} is not a number")
        return float(value)
    if kind in (int, str, bool):
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise FileFormatError(f"{where}: {value!r} is not {kind.__name__}")
        return value
    raise TypeError(f"{where}: typed files cannot hold {kind!r}")


def _dataclass(cls: type, value: Any, where: str) -> Any:
    _expect(value, dict, where)
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise FileFormatError(f"{where}: unknown key {', '.join(map(repr, unknown))}")
    missing = [
        name
        for name, f in fields.items()
        if name not in value
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise FileFormatError(f"{where}: missing key {', '.join(map(repr, missing))}")
    built = {name: from_plain(hints[name], item, f"{where}.{name}") for name, item in value.items()}
    return cls(**built)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _expect(value: Any, kind: type, where: str) -> None:
    if not isinstance(value, kind):
        raise FileFormatError(f"{where}: expected a {kind.__name__}, found {value!r}")
