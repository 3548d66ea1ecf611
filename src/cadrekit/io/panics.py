"""Rust panics inside python-calamine: kept off the terminal, and located when a date is why.

pyo3 turns a panic into ``PanicException``, which :mod:`cadrekit.io.read` catches; but
Rust's panic hook has already written "thread '<unnamed>' panicked at …" and a backtrace
straight to file descriptor 2. :func:`quiet_panics` points fd 2 at a spool while calamine
runs and replays it afterwards unless a panic is what it holds. The panic we know of is a
date-formatted cell whose serial is no date at all (-1e308: chrono's "TimeDelta out of
bounds"); :func:`far_date_cell` finds that cell in the sheet XML so the message can name it.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_LOCK = threading.Lock()  # fd 2 is the process's: one redirection at a time


@contextmanager
def quiet_panics() -> Iterator[None]:
    """Run the body with fd 2 spooled; replay what it wrote unless it raised a panic."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no fd 2 to protect (closed): nothing would show anyway
        yield
        return
    with _LOCK, tempfile.TemporaryFile() as spool:  # unlinked at once: nothing left behind
        os.dup2(spool.fileno(), 2)
        panicked = False
        try:
            yield
        except BaseException as exc:
            panicked = type(exc).__name__ == "PanicException"
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            if not panicked:
                spool.seek(0)
                said = spool.read()
                if said:
                    os.write(2, said)


# Excel's date serials: 1900-01-01 is 1 (0 shows as 1900-01-00), 9999-12-31 is 2958465.
_FIRST, _LAST = 0.0, 2_958_465.999
# Built-in number formats that show a date or time (ECMA-376 §18.8.30).
_DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def far_date_cell(path: Path) -> tuple[str, str, float] | None:
    """(sheet name, cell, value) of the first date-formatted number cell whose value is no
    date Excel has; None when there is none or the file cannot be read that way."""
    from cadrekit.io.formulas import by_sheet_name

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            parts = {n: {"part": n} for n in names if n.startswith("xl/worksheets/")}
            sheets = by_sheet_name(archive, parts)
            dates = (
                _date_styles(archive.read("xl/styles.xml")) if "xl/styles.xml" in names else set()
            )
            for sheet, found in sheets.items():
                hit = _far_cell(archive.read(found["part"]), dates)
                if hit is not None:
                    return sheet, hit[0], hit[1]
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return None
    return None


def _far_cell(xml: bytes, dates: set[int]) -> tuple[str, float] | None:
    for match in _CELL.finditer(xml):
        attrs, body = match.group(1), match.group(2) or b""
        kind = re.search(rb'\bt\s*=\s*["\'](\w+)', attrs)
        if kind and kind.group(1) != b"n":
            continue
        style = re.search(rb'\bs\s*=\s*["\'](\d+)', attrs)
        if not style or int(style.group(1)) not in dates:
            continue
        value = _VALUE.search(body)
        try:
            number = float(value.group(1)) if value else None
        except ValueError:
            continue
        if number is not None and not _FIRST <= number <= _LAST:
            ref = re.search(rb'\br\s*=\s*["\']([A-Za-z]+\d+)', attrs)
            return (ref.group(1).decode().upper() if ref else "?"), number
    return None


def _date_styles(xml: bytes) -> set[int]:
    """Indexes of the cell formats (cellXfs) whose number format shows a date or time."""
    custom = {
        int(m.group(1)): _shows_date(m.group(2).decode("utf-8", "replace"))
        for m in re.finditer(rb'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', xml)
    }
    cell_xfs = re.search(rb"<cellXfs\b.*?</cellXfs>", xml, re.S)
    if not cell_xfs:
        return set()
    out = set()
    for i, xf in enumerate(re.finditer(rb"<xf\b[^>]*>", cell_xfs.group(0))):
        fmt = re.search(rb'numFmtId="(\d+)"', xf.group(0))
        number = int(fmt.group(1)) if fmt else 0
        if number in _DATE_FORMATS or custom.get(number, False):
            out.add(i)
    return out


def _shows_date(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code.replace("&quot;", '"'))
    return bool(re.search(r"[ymdhs]", code, re.I))
