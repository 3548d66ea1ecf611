"""Checks that run before any parser sees a file.

python-calamine is fast but not defensive: a sheet that inflates to gigabytes, or two cells far
apart (A1 and XFD1048576) that make it allocate a dense grid of 17 billion cells, abort the
whole process with a Rust panic that Python cannot catch (MEASUREMENTS.md, "Hostile
workbooks"). So zip-based workbooks are inspected here with the standard library first:
the zip directory, the actual inflated bytes of every XML part, DTDs, and the used range
of every sheet. Every refusal is an :class:`InputFileError` naming the limit and the option
that changes it.
"""

from __future__ import annotations

import contextlib
import contextvars
import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cadrekit.errors import InputFileError
from cadrekit.io.extent import (
    EXCEL_MAX_COLUMNS,
    FastExtent,
    NotXml,
    SharedStrings,
    SheetExtent,
    cell_count,
    column_index,
    exact_extent,
    exact_rows,
    ods_tables,
    shared_strings,
    shared_text,
)
from cadrekit.io.refusals import encrypted_error as encrypted_error
from cadrekit.io.refusals import fail as fail
from cadrekit.io.refusals import xlsb_error as xlsb_error

MiB = 1 << 20
GiB = 1 << 30
EXCEL_MAX_ROWS = 1_048_576
__all__ = [
    "EXCEL_MAX_COLUMNS",
    "EXCEL_MAX_ROWS",
    "Limits",
    "check_zip",
    "column_index",
    "current_limits",
    "use_limits",
]

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_CHUNK = 4 * MiB
_HEAD = 64 * 1024  # a DOCTYPE must come before the root element, so the head is enough


@dataclass(frozen=True)
class Limits:
    """Resource limits for reading one input file; each is named in the error it triggers.

    The defaults admit a full Excel sheet (1,048,576 rows) of a roster-sized width while
    keeping python-calamine's dense cell grid well inside the memory of a small machine.
    """

    max_file_bytes: int = 512 * MiB  # --max-file-size
    max_uncompressed_bytes: int = 2 * GiB  # --max-uncompressed
    max_ratio: float = 200.0  # --max-ratio; per zip entry, only entries over 1 MiB
    max_entries: int = 10_000  # --max-entries
    max_rows: int = EXCEL_MAX_ROWS  # --max-rows
    max_cells: int = 50_000_000  # --max-cells; rows × columns of one sheet's used range
    max_text_bytes: int = GiB  # --max-text-size; text one sheet makes the reader copy
    ratio_min_entry_bytes: int = MiB


_CURRENT: contextvars.ContextVar[Limits | None] = contextvars.ContextVar(
    "cadrekit_limits", default=None
)


def current_limits() -> Limits:
    """The limits a read uses when none are passed: those of :func:`use_limits` (the
    command line's ``--max-…`` options), else the defaults."""
    return _CURRENT.get() or Limits()


@contextlib.contextmanager
def use_limits(limits: Limits) -> Iterator[None]:
    """Every read inside the block (in this thread) uses ``limits`` unless given others."""
    token = _CURRENT.set(limits)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def human_bytes(n: float) -> str:
    """3435973836 → '3.2 GB' (binary units, written as users read them)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


def _limit_error(path: Path, zh: str, en: str, option: str) -> InputFileError:
    return fail(path, f"{zh}（{option} 可调整）", f"{en} (raise it with {option})")


# --- the zip directory --------------------------------------------------------------------


@dataclass(frozen=True)
class ZipSummary:
    kind: str  # "xlsx" | "ods"
    entries: int
    uncompressed: int
    # sheet name → {cell ref: formula text} of each formula cell with no saved result
    formulas: dict[str, dict[str, str]] = field(default_factory=dict)


def check_zip(path: Path, limits: Limits) -> ZipSummary:
    """Inspect a zip-based workbook without trusting it; raise InputFileError if hostile."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_directory(path, infos, limits)
            kind = _zip_kind(path, archive, infos)
            if kind == "ods":
                _check_manifest(path, archive, limits)
                _check_content(path, infos)
            sheets = _sheet_parts(archive) if kind == "xlsx" else {}
            labels = {part: name for name, part in sheets.items()}
            parts: dict[str, dict[str, str]] = {}
            extents: dict[str, SheetExtent] = {}
            for info in infos:
                found = _scan_part(path, archive, info, limits, kind, labels.get(info.filename))
                if found is None:
                    continue
                if found.formulas:
                    parts[info.filename] = found.formulas
                if found.extent is not None and found.extent.has_cells:
                    extents[info.filename] = found.extent
            if kind == "xlsx" and extents:
                _check_text(path, archive, infos, extents, limits, labels)
            formulas = _by_sheet_name(archive, parts, sheets) if parts else {}
    except zipfile.BadZipFile as exc:
        raise fail(
            path,
            f"文件已损坏或不完整（zip 结构错误：{exc}）",
            f"the file is damaged or truncated (bad zip structure: {exc})",
            "请重新从原处复制或下载，或在 Excel 中打开后另存为 .xlsx",
            "copy or download it again, or open it in Excel and save it as .xlsx again",
        ) from None
    except (zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise fail(
            path,
            f"文件已损坏或不完整（{exc}）",
            f"the file is damaged or truncated ({exc})",
            "请重新从原处复制或下载，或在 Excel 中打开后另存为 .xlsx",
            "copy or download it again, or open it in Excel and save it as .xlsx again",
        ) from None
    total = sum(i.file_size for i in infos)
    return ZipSummary(kind, len(infos), total, formulas)


def _check_content(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """An .ods (by its mimetype) with no content.xml: damaged. Checked after the
    manifest, as ODF 1.3 encrypts the whole package into one ``encrypted-package``."""
    if not any(i.filename == "content.xml" for i in infos):
        raise fail(
            path,
            "文件已损坏或不完整（.ods 中缺少 content.xml）",
            "the file is damaged or truncated (the .ods has no content.xml)",
            "请重新从原处复制或下载，或在 LibreOffice 中打开后另存为 .ods",
            "copy or download it again, or open it in LibreOffice and save it as .ods again",
        )


_ENCRYPTION_DATA = re.compile(rb"<(?:[\w.-]+:)?encryption-data[\s/>]")


def _check_manifest(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    """An .ods saved with a password lists each encrypted part with an encryption-data
    entry in META-INF/manifest.xml (the parts themselves are then random bytes, which
    must not be taken for damaged XML): read it before any part."""
    try:
        info = archive.getinfo("META-INF/manifest.xml")
    except KeyError:
        return
    tail = b""
    for data in _iter_part(path, archive, info, limits):
        if _ENCRYPTION_DATA.search(tail + data):
            raise encrypted_error(path, ods=True)
        tail = data[-64:]


def _check_directory(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise _limit_error(
            path,
            f"压缩包内有 {len(infos):,} 个文件，超过上限 {limits.max_entries:,}",
            f"the archive holds {len(infos):,} entries, over the limit of {limits.max_entries:,}",
            "--max-entries",
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise _limit_error(
            path,
            f"解压后大小 {human_bytes(total)} 超过上限 {human_bytes(limits.max_uncompressed_bytes)}",
            f"it inflates to {human_bytes(total)}, over the limit of "
            f"{human_bytes(limits.max_uncompressed_bytes)}",
            "--max-uncompressed",
        )
    for info in infos:
        if info.file_size <= limits.ratio_min_entry_bytes:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            raise _limit_error(
                path,
                f"压缩比异常：{info.filename} 压缩比 {ratio:,.0f}:1，超过上限 {limits.max_ratio:g}:1"
                "（疑似压缩炸弹）",
                f"suspicious compression: {info.filename} inflates {ratio:,.0f}:1, over the "
                f"limit of {limits.max_ratio:g}:1 (a zip bomb?)",
                "--max-ratio",
            )


def _zip_kind(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str:
    names = {i.filename for i in infos}
    if "mimetype" in names:
        with archive.open("mimetype") as fh:
            mimetype = fh.read(200).strip()
        if mimetype == ODS_MIMETYPE:  # content.xml: after the manifest (check_zip)
            return "ods"
        what = mimetype.decode("ascii", "replace") or "?"
        raise fail(
            path,
            f"这是 OpenDocument 文件但不是电子表格（{what}）",
            f"this is an OpenDocument file but not a spreadsheet ({what})",
            "请提供 .xlsx、.xls、.ods 或 .csv 文件",
            "give a .xlsx, .xls, .ods or .csv file",
        )
    if any(n.startswith("xl/") and n.endswith("workbook.xml") for n in names):
        return "xlsx"
    if "xl/workbook.bin" in names:
        raise xlsb_error(path)
    guess = "Word 文档" if any(n.startswith("word/") for n in names) else "普通 zip 压缩包"
    guess_en = "a Word document" if guess.startswith("Word") else "a plain zip archive"
    raise fail(
        path,
        f"这不是 Excel 工作簿，而是{guess}",
        f"this is not an Excel workbook but {guess_en}",
        "请提供 .xlsx、.xls、.ods 或 .csv 文件",
        "give a .xlsx, .xls, .ods or .csv file",
    )


def _is_xml_part(name: str) -> bool:
    return name.endswith((".xml", ".rels")) or name == "content.xml"


# --- XML parts ------------------------------------------------------------------------------

_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")


def _iter_part(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> Iterator[bytes]:
    """Stream one entry, never inflating more than it declares or than the limit allows.

    zipfile stops at the declared size and checks the CRC, so an entry that lies about its
    size fails here as damaged instead of inflating without bound in a later parser.
    """
    cap = min(info.file_size, limits.max_uncompressed_bytes)
    seen = 0
    with archive.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            seen += len(chunk)
            if seen > cap:  # pragma: no cover - zipfile already stops at file_size
                raise _limit_error(
                    path,
                    f"{info.filename} 解压后超过 {human_bytes(cap)}",
                    f"{info.filename} inflates past {human_bytes(cap)}",
                    "--max-uncompressed",
                )
            yield chunk


@dataclass
class _PartScan:
    formulas: dict[str, str]
    extent: SheetExtent | None


def _scan_part(
    path: Path,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: Limits,
    kind: str,
    sheet: str | None,
) -> _PartScan | None:
    """Refuse DTDs and bound what any part that may hold cells says.

    Every entry is scanned for cells, whatever its name (calamine opens a sheet by the
    workbook's relationships, so ``xl/worksheets/sheet1.bin`` may be XML); the DTD and
    root checks apply to XML parts (by name, or a sheet named by the workbook). An .ods
    is read by calamine from content.xml only. Returns the formula cells of a worksheet
    part that hold no saved result (see :class:`_Formulas`), found in the same pass.
    ``sheet``: the sheet's name when the workbook names this part as one.
    """
    name = info.filename
    xml = _is_xml_part(name) or sheet is not None
    if kind == "ods" and not xml:
        return None
    head = b""
    fast = FastExtent()
    formulas = _Formulas()
    for data in _xml_chunks(path, archive, info, limits):
        if xml and len(head) < _HEAD:
            head += data[: _HEAD - len(head)]
            if len(head) >= _HEAD or _ROOT.search(_strip_prolog(head)):
                _check_head(path, name, head)
        if kind == "xlsx":
            fast.scan(data)
        if xml:
            formulas.scan(data)
    if xml:
        _check_head(path, name, head)
    if kind != "xlsx":
        if name == "content.xml":
            _check_ods(path, archive, info, limits)
        return _PartScan(formulas.cells, None)
    extent = fast.extent()
    try:
        if not fast.ok:
            extent = exact_extent(lambda: _xml_chunks(path, archive, info, limits))
        elif extent.has_cells and extent.grid(EXCEL_MAX_ROWS) > limits.max_cells:
            extent = exact_rows(extent, _xml_chunks(path, archive, info, limits))
            if extent.grid(EXCEL_MAX_ROWS) > limits.max_cells:  # refuse on exact figures
                extent = exact_extent(lambda: _xml_chunks(path, archive, info, limits))
    except NotXml:
        raise fail(path, f"{name} 不是有效的 XML", f"{name} is not valid XML") from None
    _check_extent(path, _where(name, sheet), extent, limits)
    return _PartScan(formulas.cells, extent)


def _where(part: str, sheet: str | None) -> tuple[str, str]:
    """How a message names a sheet part: 工作表“干部名册”（xl/worksheets/sheet1.xml）."""
    if sheet is None:
        return f"{part} ", part
    return f"工作表“{sheet}”（{part}）", f"sheet '{sheet}' ({part})"


def _xml_chunks(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> Iterator[bytes]:
    """The part in pieces that end at a '>' so that no attribute is cut in two."""
    tail = b""
    for chunk in _iter_part(path, archive, info, limits):
        data = tail + chunk
        cut = data.rfind(b">") + 1
        if cut:
            yield data[:cut]
        tail = data[cut:]
        if len(tail) > _CHUNK:  # megabytes without a '>': not XML anyone can bound
            raise fail(path, f"{info.filename} 不是有效的 XML", f"{info.filename} is not valid XML")
    if tail:
        yield tail


def _strip_prolog(head: bytes) -> bytes:
    """Drop the XML declaration and comments so the root element can be found."""
    return re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head, flags=re.DOTALL)


def _check_head(path: Path, part: str, head: bytes) -> None:
    if _DTD.search(head):
        raise fail(
            path,
            f"{part} 含有 DTD/实体声明（<!DOCTYPE/<!ENTITY>），出于安全原因拒绝读取",
            f"{part} contains a DTD or entity declaration (<!DOCTYPE/<!ENTITY>); refused for safety",
            "正常的 Excel 文件不含 DTD；请在 Excel 中打开后另存为新的 .xlsx",
            "workbooks saved by Excel never contain one; open it in Excel and save it as a new .xlsx",
        )
    if head and not _ROOT.search(_strip_prolog(head)):
        raise fail(
            path,
            f"{part} 的 XML 开头异常（{_HEAD // 1024} KB 内没有根元素）",
            f"{part} has no root element in its first {_HEAD // 1024} KB",
            "请在 Excel 中打开后另存为新的 .xlsx",
            "open it in Excel and save it as a new .xlsx",
        )


def _check_extent(path: Path, where: tuple[str, str], extent: SheetExtent, limits: Limits) -> None:
    """The grid calamine allocates for a sheet: (last row) × (last column) cells from A1.

    calamine allocates from the first used cell, so this can refuse a sheet calamine could
    have read (never the reverse). Rows are exact when the crude bound (Excel's last row ×
    the widest column) is over the limit."""
    if not extent.has_cells:
        return
    part, part_en = where
    columns = extent.columns
    if columns > EXCEL_MAX_COLUMNS:
        raise fail(
            path,
            f"{part}有 {columns:,} 列，超过 Excel 上限 {EXCEL_MAX_COLUMNS:,} 列",
            f"{part_en} has {columns:,} columns, beyond Excel's {EXCEL_MAX_COLUMNS:,}",
            _RESAVE_HINT,
            _RESAVE_HINT_EN,
        )
    if extent.rows > limits.max_rows:  # exact, or a true row of 7+ digits
        raise _limit_error(
            path,
            f"{part}有 {extent.rows:,} 行，超过上限 {limits.max_rows:,}",
            f"{part_en} has {extent.rows:,} rows, over the limit of {limits.max_rows:,}",
            "--max-rows",
        )
    rows = extent.rows if extent.exact else max(extent.rows, EXCEL_MAX_ROWS)
    cells = rows * columns
    if cells > limits.max_cells:
        raise _limit_error(
            path,
            f"{part}的已用区域达 {rows:,} 行 × {columns:,} 列（{cells:,} 个单元格），"
            f"超过上限 {limits.max_cells:,}",
            f"the used range of {part_en} reaches {rows:,} rows × {columns:,} columns "
            f"({cells:,} cells), over the limit of {limits.max_cells:,}",
            "--max-cells",
        )


_RESAVE_HINT = "请在 Excel 中打开后另存为新的 .xlsx"
_RESAVE_HINT_EN = "open it in Excel and save it as a new .xlsx"


# --- text: shared strings copied once per cell ----------------------------------------------


def _check_text(
    path: Path,
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    extents: dict[str, SheetExtent],
    limits: Limits,
    labels: dict[str, str],
) -> None:
    """calamine gives every cell its own copy of the shared string it refers to: one 1 MB
    string in 6,000 cells is 6 GB from a 36 KB file. Bound the copies of each sheet: first
    by (cells × the whole shared-string part), then by (cells × the longest string), and
    only then, for a sheet still over the limit, by the strings its cells really name."""
    tables = [i for i in infos if posixpath.basename(i.filename).lower() == "sharedstrings.xml"]
    if not tables:
        return
    size = max(i.file_size for i in tables)
    for part, extent in extents.items():
        if extent.cells < 0:
            extent.cells = cell_count(_xml_chunks(path, archive, archive.getinfo(part), limits))
    if all(e.cells * size <= limits.max_text_bytes for e in extents.values()):
        return
    try:
        strings = SharedStrings()
        for info in tables:  # calamine reads one; bound by the larger of each index
            found = shared_strings(_iter_part(path, archive, info, limits)).lengths
            merged = [max(a, b) for a, b in zip(strings.lengths, found, strict=False)]
            longer = found if len(found) > len(strings.lengths) else strings.lengths
            strings = SharedStrings(merged + longer[len(merged) :])
    except NotXml:
        raise fail(
            path, "共享字符串表不是有效的 XML", "the shared strings are not valid XML"
        ) from None
    longest = strings.longest
    for part, extent in extents.items():
        if extent.cells * longest <= limits.max_text_bytes:
            continue
        text = shared_text(_xml_chunks(path, archive, archive.getinfo(part), limits), strings)
        total = extent.cells * longest if text is None else text
        if total > limits.max_text_bytes:
            where, where_en = _where(part, labels.get(part))
            raise _limit_error(
                path,
                f"{where}引用的共享文本展开后达 {human_bytes(total)}，超过上限 "
                f"{human_bytes(limits.max_text_bytes)}（每个单元格各算一份）",
                f"the shared text {where_en} refers to expands to {human_bytes(total)}, over the "
                f"limit of {human_bytes(limits.max_text_bytes)} (one copy per cell)",
                "--max-text-size",
            )


# --- .ods: repeated cells and rows ---------------------------------------------------------------


def _check_ods(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """An .ods cell or row repeated by ``table:number-columns-repeated`` /
    ``number-rows-repeated`` is copied that many times: 2 KB can say 60 million cells."""
    try:
        for n, table in enumerate(ods_tables(_iter_part(path, archive, info, limits)), 1):
            cells = table.rows * table.columns
            where = f"content.xml 第 {n} 个工作表"
            where_en = f"sheet {n} of content.xml"
            if table.columns > EXCEL_MAX_COLUMNS:
                raise fail(
                    path,
                    f"{where}第 {table.widest_row:,} 行展开后有 {table.columns:,} 列，"
                    f"超过上限 {EXCEL_MAX_COLUMNS:,} 列",
                    f"{where_en}: row {table.widest_row:,} expands to {table.columns:,} "
                    f"columns, beyond {EXCEL_MAX_COLUMNS:,}",
                    "请在 LibreOffice 中删除多余的列后另存",
                    "delete the extra columns in LibreOffice and save again",
                )
            if table.rows > limits.max_rows:
                raise _limit_error(
                    path,
                    f"{where}展开后有 {table.rows:,} 行，超过上限 {limits.max_rows:,}",
                    f"{where_en} expands to {table.rows:,} rows, over the limit of "
                    f"{limits.max_rows:,}",
                    "--max-rows",
                )
            if cells > limits.max_cells:
                raise _limit_error(
                    path,
                    f"{where}展开后达 {table.rows:,} 行 × {table.columns:,} 列"
                    f"（{cells:,} 个单元格），超过上限 {limits.max_cells:,}",
                    f"{where_en} expands to {table.rows:,} rows × {table.columns:,} columns "
                    f"({cells:,} cells), over the limit of {limits.max_cells:,}",
                    "--max-cells",
                )
            if table.text > limits.max_text_bytes:
                raise _limit_error(
                    path,
                    f"{where}的文本展开后达 {human_bytes(table.text)}，超过上限 "
                    f"{human_bytes(limits.max_text_bytes)}",
                    f"the text of {where_en} expands to {human_bytes(table.text)}, over the "
                    f"limit of {human_bytes(limits.max_text_bytes)}",
                    "--max-text-size",
                )
    except NotXml:
        raise fail(path, "content.xml 不是有效的 XML", "content.xml is not valid XML") from None


# --- formula cells with no saved result -------------------------------------------------------

_WORKSHEET_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>/]")
_CELL_REF = re.compile(rb"""\sr=["']([A-Z]{1,3}[0-9]{1,7})["']""")
_CELL_TYPE = re.compile(rb"""\st=["'](\w+)["']""")
_OVERLAP = 64 * 1024  # more than any one cell (a formula is at most 8,192 characters)
_SPACE = b" \t\r\n"


class _Formulas:
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
        root = _WORKSHEET_ROOT.search(data, 0, _HEAD)
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


def _by_sheet_name(
    archive: zipfile.ZipFile,
    parts: dict[str, dict[str, str]],
    sheets: dict[str, str] | None = None,
) -> dict[str, dict[str, str]]:
    """``parts`` (keyed by part name, xl/worksheets/sheet1.xml) keyed by sheet name instead,
    through ``sheets`` (:func:`_sheet_parts`, read from ``archive`` when not given)."""
    if sheets is None:
        sheets = _sheet_parts(archive)
    return {name: parts[part] for name, part in sheets.items() if part in parts}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
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
