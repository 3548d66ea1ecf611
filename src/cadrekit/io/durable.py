"""Durable writes: a file's data and a folder's entries (a rename into it) flushed to disk."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def fsync_folder(folder: Path, *, strict: bool = True) -> None:
    """Make a folder's entries (a rename into it) durable; ``strict=False``: only where the
    OS allows it (Windows opens no folder for fsync), never an error."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        if strict:
            raise
