"""A CSV file's records as raw fields: each field's exact text, quotes included.

Python's :mod:`csv` gives values, not the bytes they came from, and writing them back
may quote differently. To hand Canvas its own file with one column filled and every
other byte unchanged, records are split here into raw fields (RFC 4180: quoted fields
may hold commas, doubled quotes and line breaks) and joined back as they were.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass
class Record:
    fields: list[str]  # raw text of each field, quotes and all
    ending: str  # the line break after it ("\r\n", "\n" or "" at the end of the file)

    def values(self) -> list[str]:
        return [value(field) for field in self.fields]

    def text(self) -> str:
        return ",".join(self.fields) + self.ending


def split_records(text: str) -> list[Record]:
    records, fields, start, quoted, i = [], [], 0, False, 0
    while i < len(text):
        char = text[i]
        if quoted:
            if char == '"':
                if text[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif char == '"':
            quoted = True
        elif char == ",":
            fields.append(text[start:i])
            start = i + 1
        elif char in "\r\n":
            ending = "\r\n" if text[i : i + 2] == "\r\n" else char
            fields.append(text[start:i])
            records.append(Record(fields, ending))
            fields, i = [], i + len(ending)
            start = i
            continue
        i += 1
    if start < len(text) or fields:
        fields.append(text[start:])
        records.append(Record(fields, ""))
    return records


def value(field: str) -> str:
    """The value of one raw field, as :mod:`csv` reads it."""
    return next(csv.reader(io.StringIO(field)), [""])[0] if field else ""


def field_for(text: str) -> str:
    """A value as a raw field, quoted only when it must be."""
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
