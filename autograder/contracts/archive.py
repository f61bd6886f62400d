"""Zip files whose bytes depend only on what they hold: a rebuild gives the same file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # fixed, so the same files zip to the same bytes


def zip_bytes(files: Mapping[str, bytes], executable: frozenset[str] = frozenset()) -> bytes:
    """``files`` (path in the zip -> content) zipped in path order; ``executable`` paths
    get mode 755, the others 644."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_TIMESTAMP)
            info.external_attr = (0o755 if name in executable else 0o644) << 16
            archive.writestr(info, files[name], zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_zip(
    destination: Path, files: Mapping[str, bytes], executable: frozenset[str] = frozenset()
) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(zip_bytes(files, executable))
    return destination
