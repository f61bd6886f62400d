"""Who may grade: the staff file, one name and access token per TA.

``OUT/staff.toml`` (readable by its owner only), created by the first ``densegrade serve``
with one entry for the instructor; ``densegrade add-ta OUT NAME`` adds a TA. A token is
32 random bytes, compared in constant time; the name is what the gradebook records as
the grader of each score. Every problem with the file names its line: tomllib's for a
TOML syntax error, the entry's ``[[ta]]`` header for a bad entry. While the app runs,
:class:`StaffList` reads the file again whenever it changes and keeps the last good list
when the new one is broken or gone.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.typed_files import write_atomically

FIRST_TA = "instructor"
NAME = re.compile(r"^[\w .'-]{1,60}$")
SHORTEST_TOKEN = 16
ENTRY_HEADER = re.compile(r"""^\s*\[\[\s*(ta|"ta"|'ta')\s*\]\]""")
TA_KEY = re.compile(r"""^\s*(ta|"ta"|'ta')\s*=""")
TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


class StaffFileError(ValueError):
    """A staff file that cannot be used: names the file and the line."""

    def __init__(self, reason: str, path: Path | None = None, line: int | None = None):
        self.reason, self.path, self.line = reason, path, line
        super().__init__(self.where(str(path)) if path else reason)

    def where(self, file: str) -> str:
        """The problem, its file called ``file``: "staff.toml line 7: [[ta]] has no token"."""
        return f"{file} line {self.line}: {self.reason}" if self.line else f"{file}: {self.reason}"


@dataclass(frozen=True)
class Member:
    name: str
    token: str


def staff_path(out_dir: Path) -> Path:
    return OutputFolder(out_dir).staff_file


def read_staff(path: Path) -> list[Member]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StaffFileError(f"cannot read the staff file: {error}", path) from error
    return parse_staff(text, path)


def parse_staff(text: str, path: Path) -> list[Member]:
    """The members a staff file's text lists, in order; the first problem found raises."""
    try:
        entries = tomllib.loads(text).get("ta", [])
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(str(error), text, path) from error
    lines = _lines_matching(ENTRY_HEADER, text) or _lines_matching(TA_KEY, text)
    if not isinstance(entries, list):
        raise StaffFileError("ta must be [[ta]] entries", path, lines[0] if lines else None)
    members: list[Member] = []
    for number, entry in enumerate(entries):
        line = lines[min(number, len(lines) - 1)] if lines else None
        problem = _entry_problem(entry)
        if not problem and any(str(entry["name"]) == earlier.name for earlier in members):
            problem = f"a second TA named {entry['name']!r}"
        if problem:
            raise StaffFileError(problem, path, line)
        members.append(Member(str(entry["name"]), str(entry["token"])))
    return members


def _entry_problem(entry: object) -> str:
    """What is wrong with one ``[[ta]]`` entry, or "" when nothing is."""
    if not isinstance(entry, dict):
        return "a [[ta]] entry must be a table of name and token"
    unknown = sorted(set(entry) - {"name", "token"})
    if unknown:
        return f"[[ta]] has an unknown key {unknown[0]!r} (only name and token)"
    missing = [key for key in ("name", "token") if key not in entry]
    if missing:
        return f"[[ta]] has no {missing[0]}"
    name, token = str(entry["name"]), str(entry["token"])
    if not NAME.match(name):
        return f"[[ta]] name {name!r}: a name is letters, digits, spaces, . ' - _"
    if len(token) < SHORTEST_TOKEN:
        return f"[[ta]] {name}: the token is shorter than {SHORTEST_TOKEN} characters"
    return ""


def _syntax_error(message: str, text: str, path: Path) -> StaffFileError:
    at = TOML_AT.search(message)
    if at:
        reason = f"not valid TOML: {message[: at.start()]} (column {at[2]})"
        return StaffFileError(reason, path, int(at[1]))
    reason = message.removesuffix(" (at end of document)")  # an unclosed string, array...
    return StaffFileError(
        f"not valid TOML from this line on: {reason}", path, _first_bad_line(text)
    )


def _first_bad_line(text: str) -> int:
    """The line after the longest start of the file that is valid TOML, where a person
    would look when tomllib only says "at end of document" (staff files are short)."""
    lines = text.split("\n")
    good = 0
    for count in range(1, len(lines)):
        try:
            tomllib.loads("\n".join(lines[:count]))
        except tomllib.TOMLDecodeError:
            continue
        good = count
    return good + 1


def _lines_matching(pattern: re.Pattern, text: str) -> list[int]:
    """The numbers of the lines ``pattern`` matches, counted as TOML counts: by newlines."""
    return [n for n, line in enumerate(text.split("\n"), start=1) if pattern.match(line)]


class StaffList:
    """The staff file as last read well. Read again when it changes on disk (another
    inode, mtime or size); a broken or missing file keeps the last good list, and
    ``problem`` says why (logged once per change)."""

    def __init__(self, path: Path, log: Callable[[str], None] = print):
        self.path, self._log = Path(path), log
        self._lock = threading.Lock()
        self._stamp = _stamp(self.path)
        self._members = read_staff(self.path)  # no good list yet: the error goes up
        self.problem: StaffFileError | None = None

    def members(self) -> list[Member]:
        stamp = _stamp(self.path)
        with self._lock:
            if stamp != self._stamp:
                self._stamp = stamp
                self._read_again(stamp is not None)
            return self._members

    def _read_again(self, present: bool) -> None:
        try:
            if not present:
                raise StaffFileError("staff file missing", self.path)
            self._members, self.problem = read_staff(self.path), None
        except StaffFileError as error:
            self.problem = error
            self._log(f"{error}: the last good staff list is in use")


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns, found.st_size


def ensure_staff(out_dir: Path) -> list[Member]:
    """The staff, creating the file with the instructor alone on first use."""
    path = staff_path(out_dir)
    if not path.exists():
        _write(path, [Member(FIRST_TA, secrets.token_hex(32))])
    return read_staff(path)


def add_member(out_dir: Path, name: str) -> Member:
    if not NAME.match(name):
        raise StaffFileError(f"{name!r}: a TA's name is letters, digits, spaces, . ' - _")
    members = ensure_staff(out_dir)
    if any(member.name == name for member in members):
        raise StaffFileError(f"{staff_path(out_dir)}: {name} is already there")
    member = Member(name, secrets.token_hex(32))
    _write(staff_path(out_dir), [*members, member])
    return member


def member_with(token: str | None, members: list[Member]) -> Member | None:
    if not token:
        return None
    found = None
    for member in members:  # every comparison made: no timing tells which was close
        if hmac.compare_digest(member.token.encode(), token.encode()):
            found = member
    return found


def _write(path: Path, members: list[Member]) -> None:
    lines = ["# Who may grade in `densegrade serve`: keep this file private.\n"]
    for member in members:
        lines.append(f'\n[[ta]]\nname = "{member.name}"\ntoken = "{member.token}"\n')
    write_atomically(path, "".join(lines))
    os.chmod(path, 0o600)
