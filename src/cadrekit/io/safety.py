"""Checks that run before any parser sees a file.

python-calamine is fast but not defensive: a sheet that inflates to gigabytes, or two cells far
apart (A1 and XFD1048576) that make it allocate a dense grid of 17 billion cells, abort the
whole process with a Rust panic that Python cannot catch (MEASUREMENTS.md, "Hostile
workbooks"). So zip-based workbooks are inspected here with the standard library first:
the zip directory, the actual inflated bytes of every XML part, DTDs, and the used range
of every sheet. Every refusal is an :class:`InputFileError` naming the limit and the option
that changes it.

The limits are in io/limits.py, the XML parts' checks in io/zipparts.py, the formula cells
in io/formulas.py; this module checks the zip itself and keeps every name importable.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from cadrekit.io.extent import EXCEL_MAX_COLUMNS as EXCEL_MAX_COLUMNS
from cadrekit.io.extent import SheetExtent
from cadrekit.io.extent import column_index as column_index
from cadrekit.io.formulas import by_sheet_name, sheet_parts
from cadrekit.io.limits import EXCEL_MAX_ROWS as EXCEL_MAX_ROWS
from cadrekit.io.limits import GiB as GiB
from cadrekit.io.limits import Limits as Limits
from cadrekit.io.limits import MiB as MiB
from cadrekit.io.limits import current_limits as current_limits
from cadrekit.io.limits import human_bytes as human_bytes
from cadrekit.io.limits import limit_error
from cadrekit.io.limits import use_limits as use_limits
from cadrekit.io.refusals import encrypted_error as encrypted_error
from cadrekit.io.refusals import fail as fail
from cadrekit.io.refusals import xlsb_error as xlsb_error
from cadrekit.io.zipparts import check_text, iter_part, scan_part

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
            sheets = sheet_parts(archive) if kind == "xlsx" else {}
            labels = {part: name for name, part in sheets.items()}
            parts: dict[str, dict[str, str]] = {}
            extents: dict[str, SheetExtent] = {}
            for info in infos:
                found = scan_part(path, archive, info, limits, kind, labels.get(info.filename))
                if found is None:
                    continue
                if found.formulas:
                    parts[info.filename] = found.formulas
                if found.extent is not None and found.extent.has_cells:
                    extents[info.filename] = found.extent
            if kind == "xlsx" and extents:
                check_text(path, archive, infos, extents, limits, labels)
            formulas = by_sheet_name(archive, parts, sheets) if parts else {}
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
    for data in iter_part(path, archive, info, limits):
        if _ENCRYPTION_DATA.search(tail + data):
            raise encrypted_error(path, ods=True)
        tail = data[-64:]


def _check_directory(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise limit_error(
            path,
            f"压缩包内有 {len(infos):,} 个文件，超过上限 {limits.max_entries:,}",
            f"the archive holds {len(infos):,} entries, over the limit of {limits.max_entries:,}",
            "--max-entries",
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise limit_error(
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
            raise limit_error(
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
