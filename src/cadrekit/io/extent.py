"""How much a workbook part really holds, read from its bytes as python-calamine reads them.

calamine allocates a dense grid over a sheet's used range, copies every shared string once
per cell that refers to it, and repeats an .ods cell or row as often as its
``number-columns-repeated`` / ``number-rows-repeated`` says. Each scanner here streams one
part (bytes, in chunks) and measures what that will cost *before* calamine reads it, whatever
the spelling of the XML: quoting, white space, case, namespace prefixes, cells without an
``r`` reference (the column after the previous cell) and rows without one (the row after the
previous row), exactly as calamine counts them. The numbers are upper bounds: a scanner may
count more than calamine will build, never less. No errors are raised here; ``safety``
compares the numbers with the limits. The .ods content.xml scanner is in io/extent_ods.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cadrekit.io.xml_steps import NotXml as NotXml
from cadrekit.io.xml_steps import xml_steps

EXCEL_MAX_COLUMNS = 16_384
_TAIL_MAX = 8 << 20  # an unfinished tag longer than this is not XML anyone can bound


# --- .xlsx worksheets -------------------------------------------------------------------------

# The spelling every writer seen uses (Excel, WPS, LibreOffice, openpyxl, xlsxwriter): each
# cell opens with `<c r="A1"` and its reference is upper case. A chunk written that way is
# bounded cheaply by counting; anything else is read tag by tag (_exact).
# A cell opened any other way: no r, r not first or not in double quotes, lower case, more
# than 3 letters or 7 digits, white space other than one space; or any prefixed cell or row
# (`<x:c`), which calamine reads by its local name.
_ODD_CELL = re.compile(rb'<c(?:[\t\n\r/>]| (?!r="[A-Z]{1,3}[0-9]{1,7}"))')
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
# The letters of a reference with two or more letters (AA…XFD): a few distinct columns
# however many rows. Only rows of 7+ digits (row ≥ 1,000,000) can change a decision.
_WIDE_REF = re.compile(rb' r="([A-Z]{2,})\d+"')
_FAR_ROW = re.compile(rb' r="[A-Z]*(\d{7,})"')
_ANY_ROW = re.compile(rb' r="[A-Z]+(\d+)"')

# One step of the exact reading: everything up to the next interesting tag (text, comments,
# CDATA, processing instructions and every other tag, quoted attribute values included, so
# that a `<c` inside a quoted value or a comment is not taken for a cell), then that tag.
# Possessive quantifiers: linear time on any input.
_QUOTED = rb"""(?:[^>"']|"[^"]*+"|'[^']*+')*+"""
# an r attribute written first, however quoted or spaced: groups (double, single)
_FIRST_R = rb"""(?:\s+r\s*=\s*(?:"([^"]*+)"|'([^']*+)'))?"""


def _stepper(interesting: bytes, closing_too: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """(step, skip): ``step`` matches the junk before the next tag named ``interesting``
    (a regex of names, opening tags) or ``closing_too`` (closing tags), then that tag:
    group 1 '/' or '', group 2 the name, group 3 the attributes."""
    other = (
        rb"<(?!(?:"
        + interesting
        + rb")[\s/>]|/(?:"
        + closing_too
        + rb")[\s>])(?![!?])"
        + _QUOTED
        + rb">"
    )
    skip = (
        rb"(?:[^<]++|<!--(?:[^-]|-(?!->))*+-->|<!\[CDATA\[(?:[^\]]|\](?!\]>))*+\]\]>"
        rb"|<\?(?:[^?]|\?(?!>))*+\?>|<![^-\[][^>]*+>|" + other + rb")*+"
    )
    step = (
        rb"<(/?)("
        + interesting
        + rb"|"
        + closing_too
        + rb")(?=[\s/>])"
        + _FIRST_R
        + rb"("
        + _QUOTED
        + rb")>"
    )
    return re.compile(skip + step), re.compile(skip)


_STEP, _SKIP_ONLY = _stepper(rb"row|c|[\w.-]+:(?:row|c)", rb"row|[\w.-]+:row")
_ATTR = re.compile(rb"""([^\s=/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]*)([0-9]*)")


def column_index(letters: bytes | str) -> int:
    """b'A' → 0, b'XFD' → 16383; lower case as upper case (as calamine reads it)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ord(ch) - 64)
    return index - 1


@dataclass
class SheetExtent:
    """Rows and columns of a worksheet's grid as calamine will allocate it (from A1)."""

    rows: int = 0  # 1 + the last row index; exact when ``exact``
    columns: int = 0  # 1 + the last column index (exact)
    cells: int = 0  # cell elements; -1: some, not counted (see cell_count)
    has_cells: bool = False
    exact: bool = False  # rows is the true last row, not "Excel's last row at most"
    odd: bool = False  # read tag by tag (not the usual spelling)

    def grid(self, max_rows_default: int) -> int:
        return (self.rows if self.exact else max(self.rows, max_rows_default)) * self.columns


class FastExtent:
    """The cheap bound of the usual spelling, fed every chunk of the part; ``ok`` turns
    False at the first chunk written any other way (then :func:`exact_extent` reads the
    part again)."""

    def __init__(self) -> None:
        self.ok = True
        self.max_col = -1
        self.max_row = 0
        self.cells = 0

    def scan(self, data: bytes) -> None:
        if not self.ok:
            return
        if _PREFIXED.search(data) or _ODD_CELL.search(data):
            self.ok = False
            return
        if b'<c r="' not in data:
            return
        self.cells = -1  # some: counted only if the shared strings need it (cell_count)
        wide = set(_WIDE_REF.findall(data))
        if wide:
            self.max_col = max(self.max_col, *(column_index(c) for c in wide))
        else:
            self.max_col = max(self.max_col, 25)  # single letters reach Z at most
        far = _FAR_ROW.findall(data)
        if far:
            self.max_row = max(self.max_row, *(int(r) for r in far))

    def extent(self) -> SheetExtent:
        return SheetExtent(self.max_row, self.max_col + 1, self.cells, self.cells != 0)


def cell_count(chunks: Iterable[bytes]) -> int:
    """At least the number of cells of a part (every '<c' counts: `<cols>` too)."""
    return sum(data.count(b"<c") for data in chunks)


def exact_rows(extent: SheetExtent, chunks: Iterable[bytes]) -> SheetExtent:
    """The fast extent with its exact last row (a second, cheap pass of the usual spelling)."""
    for data in chunks:
        rows = _ANY_ROW.findall(data)
        if rows:
            extent.rows = max(extent.rows, *(int(r) for r in rows))
    extent.exact = True
    return extent


_SIMPLE_TAG = re.compile(rb"<(/?)(row|c|[\w.-]+:(?:row|c))(?=[\s/>])" + _FIRST_R + rb"([^<>]*)>")
# What can hide a tag from _SIMPLE_TAG, or fake one: a comment, CDATA, a processing
# instruction (after the XML declaration), a '<' or '>' inside a quoted attribute value.
_UNSAFE = re.compile(rb"""<[!?]|=\s*"[^"]*[<>]|=\s*'[^']*[<>]""")
_DECLARATION = re.compile(rb"\s*<\?xml[^<>]*\?>")
_LATER_R = re.compile(rb"""(?:^|[\s"'])r\s*=""")


class _Grid:
    """calamine's position: a cell's ``r`` sets its position and the column of the next
    cell; a cell without one is at the current row, the column after the previous cell;
    ``</row>`` (or ``<row/>``) moves to the next row and column A; ``<row r="N">`` sets
    the row."""

    def __init__(self) -> None:
        self.row = self.col = 0  # calamine's row_index and col_index (0-based)
        self.max_row = self.max_col = -1
        self.cells = 0
        self._letters: dict[bytes, int] = {}

    def feed(self, tags: Iterable[tuple[Any, ...]]) -> None:
        """Tags as (closing '/', name, first r in double quotes, in single quotes, the
        other attributes); one loop with the state in locals: it runs once per cell."""
        row, col, max_row, max_col, cells = self.row, self.col, self.max_row, self.max_col, 0
        letters = self._letters
        for closing, name, double, single, rest in tags:
            ref = double or single or None
            if ref is None and rest and _LATER_R.search(rest):
                ref = _attribute(rest, b"r")
            if name[-1:] == b"w" and name.rsplit(b":", 1)[-1] == b"row":
                if closing:
                    row, col = row + 1, 0
                    continue
                if ref is not None:
                    digits = _REF.fullmatch(ref)
                    if digits and digits.group(2):
                        row = int(digits.group(2)) - 1
                if rest.rstrip().endswith(b"/"):
                    row, col = row + 1, 0
                continue
            if closing:
                continue
            cells += 1
            if ref is None:
                at_row, at_col = row, col
            else:
                parts = _REF.fullmatch(ref)
                if parts is None or not parts.group(1) or not parts.group(2):
                    continue  # calamine refuses the file: no grid
                at_row = int(parts.group(2)) - 1
                at_col = letters.get(parts.group(1), -1)
                if at_col < 0:
                    at_col = letters[parts.group(1)] = column_index(parts.group(1))
            if at_row > max_row:
                max_row = at_row
            if at_col > max_col:
                max_col = at_col
            col = at_col + 1
        self.row, self.col, self.max_row, self.max_col = row, col, max_row, max_col
        self.cells += cells

    def extent(self) -> SheetExtent:
        return SheetExtent(
            self.max_row + 1, self.max_col + 1, self.cells, self.cells > 0, exact=True, odd=True
        )


def exact_extent(chunks: Callable[[], Iterable[bytes]]) -> SheetExtent:
    """Every row and cell tag of the part, positions tracked as calamine tracks them
    (:class:`_Grid`). ``chunks()`` yields the part in pieces ending at a '>'; it is called
    twice: once to see whether anything could hide a tag (then each tag is found by
    :data:`_STEP`, which reads quoted values, comments and CDATA as such; else by the
    simpler, three times faster :data:`_SIMPLE_TAG`)."""
    simple = True
    first = True
    for data in chunks():
        if first:
            prolog = _DECLARATION.match(data)
            data = data[prolog.end() :] if prolog else data
            first = False
        if _UNSAFE.search(data):
            simple = False
            break
    grid = _Grid()
    if simple:
        for data in chunks():
            grid.feed(_SIMPLE_TAG.findall(data))
        return grid.extent()
    grid.feed(m.groups() for _, m in xml_steps(chunks(), _STEP, _SKIP_ONLY, _TAIL_MAX))
    return grid.extent()


def _attribute(body: bytes, name: bytes) -> bytes | None:
    """The value of attribute ``name`` (unprefixed, as calamine matches it), or None;
    the last one if it is repeated (quick-xml refuses that, so the file fails anyway)."""
    if name not in body:
        return None
    found = None
    for m in _ATTR.finditer(body):
        if m.group(1) == name:
            found = m.group(2) if m.group(2) is not None else m.group(3)
    return found


# --- shared strings ----------------------------------------------------------------------------

_SI_STEP, _SI_SKIP = _stepper(rb"(?:[\w.-]+:)?si", rb"(?:[\w.-]+:)?si")
# a cell of type s with its value: the index into the shared strings
_S_CELL = re.compile(
    rb"""<(?:[\w.-]+:)?c\s(?:[^>"']|"[^"]*"|'[^']*')*?\bt\s*=\s*["']s["']"""
    + _QUOTED
    + rb">\s*<(?:[\w.-]+:)?v\s*>\s*(\d+)\s*<"
)
_S_TYPE = re.compile(rb"""\bt\s*=\s*["']s["']""")


@dataclass
class SharedStrings:
    """Byte length of each shared string (its XML, an upper bound of its text), counted
    both with and without empty ``<si/>`` elements so that an index means at least as
    much as it does to calamine, whichever way it counts them."""

    lengths: list[int] = field(default_factory=list)

    @property
    def longest(self) -> int:
        return max(self.lengths, default=0)


def shared_strings(chunks: Iterable[bytes]) -> SharedStrings:
    with_empty: list[int] = []
    without: list[int] = []
    start = -1
    for base, m in xml_steps(chunks, _SI_STEP, _SI_SKIP, _TAIL_MAX):
        if m.group(1):  # </si>
            if start >= 0:
                n = base + m.end() - start
                with_empty.append(n)
                without.append(n)
            start = -1
        elif m.group(5).rstrip().endswith(b"/"):  # <si/>
            with_empty.append(m.end() - m.start(1) + 1)
        else:
            start = base + m.start(1) - 1
    n = max(len(with_empty), len(without))
    with_empty += [0] * (n - len(with_empty))
    without += [0] * (n - len(without))
    return SharedStrings([max(a, b) for a, b in zip(with_empty, without, strict=True)])


def shared_text(chunks: Iterable[bytes], strings: SharedStrings) -> int | None:
    """Bytes of shared-string text one worksheet part makes calamine copy, one copy per
    cell; None when some cell of type s could not be read here (count it as the worst)."""
    total = 0
    lengths = strings.lengths
    found = typed = 0
    for data in chunks:
        typed += len(_S_TYPE.findall(data))
        for index in _S_CELL.findall(data):
            found += 1
            i = int(index)
            if i < len(lengths):
                total += lengths[i]
    return total if found == typed else None
