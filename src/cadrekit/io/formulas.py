"""Formula cells with no saved result in an .xlsx worksheet part, found while the zip is
checked (io/safety.py), and the parts' sheet names, read from the workbook part."""

from __future__ import annotations

import html
import posixpath
import re
import zipfile

from cadrekit.io.limits import MiB

HEAD = 64 * 1024  # a DOCTYPE must come before the root element, so the head is enough
_WORKSHEET_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>/]")

_CELL_REF = re.compile(rb"""\sr=["']([A-Z]{1,3}[0-9]{1,7})["']""")

_CELL_TYPE = re.compile(rb"""\st=["'](\w+)["']""")

_OVERLAP = 64 * 1024  # more than any one cell (a formula is at most 8,192 characters)

_SPACE = b" \t\r\n"


class Formulas:
    """Formula cells of one worksheet part whose saved result is empty or missing.

    A program that writes a formula (openpyxl, most export scripts) saves no result:
    ``<c r="F17"><f>50+40</f><v/></c>``, ``<v></v>`` or no ``<v>``; calamine, which never
    evaluates formulas, then reads an empty cell. ``cells`` maps "F17" to the formula's
    text ("" for a shared formula that refers to another cell's). A ``t="str"`` cell with an
    empty ``<v>`` is not one: Excel saves that for a formula whose result is empty text.

    The search is for the literal ``<f`` (with the root's namespace prefix), so a part with no
    formula costs one pass of a fast substring search; chunks overlap by :data:`_OVERLAP`
    so that a cell cut between two chunks is seen whole (finding it twice is harmless).
    """

    def __init__(self) -> None:
        self.cells: dict[str, str] = {}
        self._pattern: re.Pattern[bytes] | None = None
        self._cell_open = b""
        self._marker = b""
        self._started = False
        self._tail = b""

    def scan(self, data: bytes) -> None:
        if not self._started:
            self._started = True
            self._start(data)
        if self._pattern is None:
            return
        tail, marker = self._tail, self._marker
        self._tail = (tail + data)[-_OVERLAP:] if len(data) < _OVERLAP else data[-_OVERLAP:]
        if not _contains(data, marker) and marker not in tail + data[: len(marker)]:
            return
        joined = tail + data
        for match in self._pattern.finditer(joined):
            self._found(joined, match)

    def _start(self, data: bytes) -> None:
        """Only worksheets hold cells; their elements carry the root's prefix (``x:c``)."""
        root = _WORKSHEET_ROOT.search(data, 0, HEAD)
        if root is None:
            return
        p = re.escape(root.group(1) or b"")
        self._cell_open = b"<" + (root.group(1) or b"") + b"c"
        self._marker = b"<" + (root.group(1) or b"") + b"f"
        self._pattern = re.compile(
            rb"<" + p + rb"f\b([^>]*?)(?:/>|>([^<]*)</" + p + rb"f>)\s*"
            rb"(<" + p + rb"v\b[^>]*?/>|<" + p + rb"v\b[^>]*>\s*</" + p + rb"v>)?\s*"
            rb"</" + p + rb"c>"
        )

    def _found(self, data: bytes, match: re.Match[bytes]) -> None:
        start = data.rfind(self._cell_open, 0, match.start())
        if start < 0 or data[start + len(self._cell_open)] not in _SPACE:
            return
        close = data.find(b">", start, match.start())
        if close < 0 or data[close + 1 : match.start()].strip():
            return  # the <f> is not the cell's first child: not a cell we understand
        tag = data[start:close]
        ref = _CELL_REF.search(tag)
        if ref is None:
            return
        kind = _CELL_TYPE.search(tag)
        if match.group(3) and kind is not None and kind.group(1) == b"str":
            return  # a formula whose result is the empty text
        text = match.group(2) or b""
        self.cells[ref.group(1).decode("ascii")] = html.unescape(text.decode("utf-8", "replace"))


def _contains(data: bytes, marker: bytes) -> bool:
    """``marker in data``, fast when its last byte is rare (``f`` in a worksheet's cells).

    A search for a few bytes that start with ``<`` crawls through XML, a ``<`` every few
    bytes (about 110 ms per 100 MB); one byte is found by memchr (about 6 ms). After a few
    dozen false hits (text full of f's) the plain search is cheaper.
    """
    last = marker[-1:]
    before = len(marker) - 1
    pos = data.find(last, before)
    for _ in range(64):
        if pos < 0:
            return False
        if data[pos - before : pos + 1] == marker:
            return True
        pos = data.find(last, pos + 1)
    return marker in data


def by_sheet_name(
    archive: zipfile.ZipFile,
    parts: dict[str, dict[str, str]],
    sheets: dict[str, str] | None = None,
) -> dict[str, dict[str, str]]:
    """``parts`` (keyed by part name, xl/worksheets/sheet1.xml) keyed by sheet name instead,
    through ``sheets`` (:func:`sheet_parts`, read from ``archive`` when not given)."""
    if sheets is None:
        sheets = sheet_parts(archive)
    return {name: parts[part] for name, part in sheets.items() if part in parts}


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name, through the workbook part and its relationships. Anything
    unreadable there gives {}: calamine, which reads the same parts next, reports a
    damaged workbook better (and every entry is scanned for cells anyway)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException, ElementTree

    names = set(archive.namelist())
    try:
        book = _office_document(archive, names)
        rels = _rels_name(book)
        if book not in names or rels not in names:
            return {}
        base = posixpath.dirname(book)
        targets = {
            rel.get("Id"): _resolve(base, rel.get("Target") or "")
            for rel in ElementTree.fromstring(_small(archive, rels)).iter()
            if rel.tag.endswith("Relationship")
        }
        out: dict[str, str] = {}
        for sheet in ElementTree.fromstring(_small(archive, book)).iter():
            if not (sheet.tag == "sheet" or sheet.tag.endswith("}sheet")):
                continue
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            part = targets.get(rid)
            if part in names and sheet.get("name"):
                out[str(sheet.get("name"))] = str(part)
        return out
    except (ParseError, ValueError, KeyError, DefusedXmlException):
        return {}


def _small(archive: zipfile.ZipFile, name: str) -> bytes:
    """A workbook or relationships part, read whole only when it is small enough to be one."""
    if archive.getinfo(name).file_size > 64 * MiB:
        raise ValueError(f"{name} is too large")
    return archive.read(name)


def _office_document(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The workbook part named by _rels/.rels (xl/workbook.xml as Excel writes it)."""
    from defusedxml import ElementTree

    if "_rels/.rels" in names:
        for rel in ElementTree.fromstring(archive.read("_rels/.rels")).iter():
            if str(rel.get("Type", "")).endswith("/officeDocument"):
                return _resolve("", rel.get("Target") or "")
    return "xl/workbook.xml"


def _rels_name(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))
