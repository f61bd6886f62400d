"""Who may grade: the staff file, one name and access token per TA.

``OUT/staff.toml`` (readable by its owner only), created by the first ``densegrade serve``
with one entry for the instructor; ``densegrade add-ta OUT NAME`` adds a TA. A token is
32 random bytes, compared in constant time; the name is what the gradebook records as
the grader of each score.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

from autograder.typed_files import write_atomically

STAFF_FILE = "staff.toml"
FIRST_TA = "instructor"
NAME = re.compile(r"^[\w .'-]{1,60}$")


class StaffFileError(ValueError):
    """A staff file that cannot be used: names the file and the entry."""


@dataclass(frozen=True)
class Member:
    name: str
    token: str


def staff_path(out_dir: Path) -> Path:
    return Path(out_dir) / STAFF_FILE


def read_staff(path: Path) -> list[Member]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise StaffFileError(f"{path}: cannot read the staff file: {error}") from error
    members = []
    for number, entry in enumerate(data.get("ta", []), start=1):
        if not isinstance(entry, dict) or set(entry) != {"name", "token"}:
            raise StaffFileError(f"{path}: [[ta]] number {number} needs name and token only")
        name, token = str(entry["name"]), str(entry["token"])
        if not NAME.match(name) or len(token) < 16:
            raise StaffFileError(f"{path}: [[ta]] number {number}: a bad name or a short token")
        members.append(Member(name, token))
    names = [member.name for member in members]
    if len(set(names)) != len(names):
        raise StaffFileError(f"{path}: two TAs share a name")
    return members


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
