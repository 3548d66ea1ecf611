"""The XML parts of a zip-based workbook, streamed with bounds: no DTD, a root element,
and the used range, shared text and (.ods) repeated cells of every sheet within the limits."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cadrekit.io.extent import (
    EXCEL_MAX_COLUMNS,
    FastExtent,
    NotXml,
    SharedStrings,
    SheetExtent,
    cell_count,
    exact_extent,
    exact_rows,
    shared_strings,
    shared_text,
)
from cadrekit.io.formulas import HEAD, Formulas
from cadrekit.io.limits import EXCEL_MAX_ROWS, Limits, MiB, human_bytes, limit_error
from cadrekit.io.refusals import fail

_CHUNK = 4 * MiB


def _is_xml_part(name: str) -> bool:
    return name.endswith((".xml", ".rels")) or name == "content.xml"


_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)

_ROOT = re.compile(rb"<[A-Za-z_]")


def iter_part(
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
                raise limit_error(
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


def scan_part(
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
    part that hold no saved result (see :class:`Formulas`), found in the same pass.
    ``sheet``: the sheet's name when the workbook names this part as one.
    """
    name = info.filename
    xml = _is_xml_part(name) or sheet is not None
    if kind == "ods" and not xml:
        return None
    head = b""
    fast = FastExtent()
    formulas = Formulas()
    for data in _xml_chunks(path, archive, info, limits):
        if xml and len(head) < HEAD:
            head += data[: HEAD - len(head)]
            if len(head) >= HEAD or _ROOT.search(_strip_prolog(head)):
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
    for chunk in iter_part(path, archive, info, limits):
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
            f"{part} 的 XML 开头异常（{HEAD // 1024} KB 内没有根元素）",
            f"{part} has no root element in its first {HEAD // 1024} KB",
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
        raise limit_error(
            path,
            f"{part}有 {extent.rows:,} 行，超过上限 {limits.max_rows:,}",
            f"{part_en} has {extent.rows:,} rows, over the limit of {limits.max_rows:,}",
            "--max-rows",
        )
    rows = extent.rows if extent.exact else max(extent.rows, EXCEL_MAX_ROWS)
    cells = rows * columns
    if cells > limits.max_cells:
        raise limit_error(
            path,
            f"{part}的已用区域达 {rows:,} 行 × {columns:,} 列（{cells:,} 个单元格），"
            f"超过上限 {limits.max_cells:,}",
            f"the used range of {part_en} reaches {rows:,} rows × {columns:,} columns "
            f"({cells:,} cells), over the limit of {limits.max_cells:,}",
            "--max-cells",
        )


_RESAVE_HINT = "请在 Excel 中打开后另存为新的 .xlsx"

_RESAVE_HINT_EN = "open it in Excel and save it as a new .xlsx"


def check_text(
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
            found = shared_strings(iter_part(path, archive, info, limits)).lengths
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
            raise limit_error(
                path,
                f"{where}引用的共享文本展开后达 {human_bytes(total)}，超过上限 "
                f"{human_bytes(limits.max_text_bytes)}（每个单元格各算一份）",
                f"the shared text {where_en} refers to expands to {human_bytes(total)}, over the "
                f"limit of {human_bytes(limits.max_text_bytes)} (one copy per cell)",
                "--max-text-size",
            )


def _check_ods(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """An .ods cell or row repeated by ``table:number-columns-repeated`` /
    ``number-rows-repeated`` is copied that many times: 2 KB can say 60 million cells."""
    from cadrekit.io.extent_ods import ods_tables  # its scanner compiles only for an .ods

    try:
        for n, table in enumerate(ods_tables(iter_part(path, archive, info, limits)), 1):
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
                raise limit_error(
                    path,
                    f"{where}展开后有 {table.rows:,} 行，超过上限 {limits.max_rows:,}",
                    f"{where_en} expands to {table.rows:,} rows, over the limit of "
                    f"{limits.max_rows:,}",
                    "--max-rows",
                )
            if cells > limits.max_cells:
                raise limit_error(
                    path,
                    f"{where}展开后达 {table.rows:,} 行 × {table.columns:,} 列"
                    f"（{cells:,} 个单元格），超过上限 {limits.max_cells:,}",
                    f"{where_en} expands to {table.rows:,} rows × {table.columns:,} columns "
                    f"({cells:,} cells), over the limit of {limits.max_cells:,}",
                    "--max-cells",
                )
            if table.text > limits.max_text_bytes:
                raise limit_error(
                    path,
                    f"{where}的文本展开后达 {human_bytes(table.text)}，超过上限 "
                    f"{human_bytes(limits.max_text_bytes)}",
                    f"the text of {where_en} expands to {human_bytes(table.text)}, over the "
                    f"limit of {human_bytes(limits.max_text_bytes)}",
                    "--max-text-size",
                )
    except NotXml:
        raise fail(path, "content.xml 不是有效的 XML", "content.xml is not valid XML") from None
