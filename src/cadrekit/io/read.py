"""Read a workbook, CSV or Parquet file into raw sheets: cells as written, nothing guessed.

The frame of a :class:`RawSheet` is positional: column ``j`` is spreadsheet column ``j``
(0 is "A") and row ``i`` is spreadsheet row ``i + 1``, padded with empty cells when the used
range starts later, so that ``cadrekit.load`` can report ``干部名册!F17`` truthfully. Header
detection, normalisation and types are the loader's job.

The real type is sniffed from the bytes, not the name. Zip-based files pass
:func:`cadrekit.io.safety.check_zip` before python-calamine sees them. Every failure is an
:class:`InputFileError` with one line in Chinese and English.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.errors import InputFileError, PathNotFound
from cadrekit.io import csvsniff
from cadrekit.io.safety import (
    EMPTY_ZIP_MAGIC,
    EXCEL_MAX_COLUMNS,
    OLE2_MAGIC,
    ZIP_MAGIC,
    Limits,
    ZipSummary,
    _limit_error,
    check_zip,
    current_limits,
    encrypted_error,
    fail,
    human_bytes,
    xlsb_error,
)
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = [
    "ACCEPTED_SUFFIXES",
    "Limits",
    "RawBook",
    "RawSheet",
    "read_book",
    "sniff",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
ACCEPTED_SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv", ".tsv", ".txt", ".parquet")
_ACCEPTED = "、".join(ACCEPTED_SUFFIXES)
_ACCEPTED_EN = ", ".join(ACCEPTED_SUFFIXES)
_ENCRYPTED_MARKS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_SUFFIX_KIND = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
_RESAVE = "请在 Excel 中打开后另存为 .xlsx"
_RESAVE_EN = "open it in Excel and save it as .xlsx"


class RawSheet:
    """One sheet's raw cells.

    ``frame``: positional columns 0..k-1, row i = spreadsheet row i+1, Python values, None for
    an empty cell. A plain CSV is read by Arrow into ``text`` instead (the same cells as
    ``str`` columns, NA for an empty cell); ``frame`` is then built from it on first use, so
    that the loader, which reads ``text``, never pays for a million Python strings.
    """

    def __init__(
        self,
        name: str,  # the real sheet name ("干部名册"); for CSV/Parquet the file stem
        frame: pd.DataFrame | None = None,
        hidden: bool = False,
        *,
        text: pd.DataFrame | None = None,
        formulas: dict[str, str] | None = None,
        merges: list[tuple[int, int, int, int]] | None = None,
    ) -> None:
        if frame is None and text is None:
            raise ValueError("a RawSheet needs a frame or a text frame")
        self.name = name
        self.hidden = hidden
        self.text = text
        self._frame = frame
        # cell ref ("F17") → formula text of each formula cell with no saved result, which
        # reads as empty (see cadrekit.io.safety._Formulas); .xlsx only
        self.formulas: dict[str, str] = formulas or {}
        # merged ranges (first row, first column, last row, last column), 0-based and
        # inclusive, positional like the frame; the value is in the first cell only
        self.merges: list[tuple[int, int, int, int]] = merges or []

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            import pandas as pd

            assert self.text is not None
            text = self.text
            columns = {j: text[j].array.to_numpy(dtype=object, na_value=None) for j in text}
            self._frame = pd.DataFrame(columns, index=self.text.index, dtype=object)
        return self._frame

    @frame.setter
    def frame(self, value: pd.DataFrame) -> None:
        self._frame = value

    def __repr__(self) -> str:
        return f"RawSheet(name={self.name!r}, hidden={self.hidden})"


@dataclass
class RawBook:
    path: Path
    sheets: list[RawSheet]  # in workbook order
    sha256: str  # of the file bytes
    kind: str  # "xlsx" | "xls" | "ods" | "csv" | "parquet"
    problems: list[Problem] = field(default_factory=list)  # about the file (misnamed-file)


def read_book(path: str | Path, limits: Limits | None = None) -> RawBook:
    """Read every sheet of ``path`` as raw cells; raise InputFileError if it cannot be read.

    ``limits``: default, those of :func:`cadrekit.io.safety.use_limits` (the command line's
    ``--max-…`` options), else :class:`Limits`' defaults."""
    path = Path(path)
    limits = limits if limits is not None else current_limits()
    _check_file(path, limits)
    kind, summary = _sniff(path, limits)
    if kind == "csv":
        data = path.read_bytes()
        sheets = [_read_csv(path, data, limits)]
        digest = hashlib.sha256(data).hexdigest()
    elif kind == "parquet":
        sheets = [RawSheet(path.stem, _read_parquet(path, limits))]
        digest = _sha256(path)
    else:
        misnamed = _SUFFIX_KIND.get(path.suffix.lower()) != kind
        sheets = _read_workbook(path, kind, limits, by_content=misnamed)
        digest = _sha256(path)
        for sheet in sheets:
            sheet.formulas = summary.formulas.get(sheet.name, {}) if summary else {}
        if misnamed:
            return RawBook(path, sheets, digest, kind, [_misnamed(path, kind)])
    return RawBook(path=path, sheets=sheets, sha256=digest, kind=kind)


def _misnamed(path: Path, kind: str) -> Problem:
    """A workbook whose name says another format: read by content, and say so."""
    right = path.with_suffix(f".{kind}").name
    return Problem("misnamed-file", expected=right, params={"file": path.name, "kind": kind})


# --- the file and its real type -------------------------------------------------------------


def _check_file(path: Path, limits: Limits) -> int:
    if not path.exists():
        # the path as typed: the folder is what is usually wrong, not the name. Exit 2, as
        # for any path that does not exist: nothing was read.
        raise PathNotFound(
            f"找不到文件 {path}",
            message_en=f"file not found: {path}",
            hint="请检查路径和文件名",
            hint_en="check the folder and the file name",
        )
    if path.is_dir():
        raise fail(path, "这是文件夹，不是文件", "this is a folder, not a file")
    try:
        size = path.stat().st_size
    except OSError as exc:  # pragma: no cover - permissions vary by platform
        raise fail(
            path, f"无法访问（{exc.strerror}）", f"cannot access it ({exc.strerror})"
        ) from None
    if size == 0:
        raise fail(
            path,
            "文件是空的（0 字节）",
            "the file is empty (0 bytes)",
            "可能保存或复制时出错，请重新保存",
            "it may have been cut off while saving or copying; save it again",
        )
    if size > limits.max_file_bytes:
        raise _limit_error(
            path,
            f"文件大小 {human_bytes(size)} 超过上限 {human_bytes(limits.max_file_bytes)}",
            f"the file is {human_bytes(size)}, over the limit of "
            f"{human_bytes(limits.max_file_bytes)}",
            "--max-file-size",
        )
    return size


def sniff(path: Path, limits: Limits = Limits()) -> str:
    """The real kind of the file from its bytes (and, for text, its suffix)."""
    return _sniff(path, limits)[0]


def _sniff(path: Path, limits: Limits) -> tuple[str, ZipSummary | None]:
    """:func:`sniff`, with what the zip check found in a zip-based workbook."""
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise xlsb_error(path)
    if suffix not in ACCEPTED_SUFFIXES:
        raise fail(
            path,
            f"不支持的文件类型“{path.suffix or '（无扩展名）'}”，可用：{_ACCEPTED}",
            f"unsupported file type '{path.suffix or '(none)'}'; accepted: {_ACCEPTED_EN}",
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise fail(
            path, f"无法打开（{exc.strerror}）", f"cannot open it ({exc.strerror})"
        ) from None
    if head.startswith(ZIP_MAGIC):
        summary = check_zip(path, limits)
        return summary.kind, summary
    if head.startswith(EMPTY_ZIP_MAGIC):
        raise fail(path, "这是空的 zip 压缩包，不是工作簿", "this is an empty zip, not a workbook")
    if head.startswith(OLE2_MAGIC):
        _check_ole(path)
        return "xls", None
    if head.startswith(b"PAR1"):
        return "parquet", None
    return _sniff_text(path, suffix, head), None


def _check_ole(path: Path) -> None:
    """An OLE2 file is either a real .xls or an encrypted .xlsx wrapped in OLE2."""
    data = path.read_bytes()
    if any(mark in data for mark in _ENCRYPTED_MARKS):
        raise _encrypted(path)
    if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data:
        raise fail(path, "这是 Word 文档，不是工作簿", "this is a Word document, not a workbook")


def _encrypted(path: Path) -> InputFileError:
    return encrypted_error(path)


def _sniff_text(path: Path, suffix: str, head: bytes) -> str:
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or (
        lowered.startswith(b"<") and (b"<html" in lowered or b"<table" in lowered)
    ):
        raise fail(
            path,
            f"这其实是网页（HTML）文件，只是扩展名为 {suffix}（常见于系统“导出 Excel”）",
            f"this is really a web page (HTML) named {suffix}, as some systems export 'Excel'",
            _RESAVE,
            _RESAVE_EN,
        )
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        raise fail(
            path,
            "这是 Excel 2003 XML 表格，不支持",
            "this is an Excel 2003 XML spreadsheet, which is not supported",
            _RESAVE,
            _RESAVE_EN,
        )
    if suffix in TEXT_SUFFIXES:
        return "csv"
    if suffix == ".parquet":
        raise fail(path, "不是有效的 Parquet 文件", "not a valid Parquet file")
    # Text under a workbook name: say what it is rather than guess (DESIGN §3: never guess).
    what, what_en = ("CSV 文本", "CSV text") if _looks_like_csv(head) else ("纯文本", "plain text")
    raise fail(
        path,
        f"这其实是{what}文件，只是扩展名为 {suffix}",
        f"this is really {what_en} named {suffix}",
        "若是 CSV，请把扩展名改为 .csv；否则" + _RESAVE,
        "if it is CSV, rename it to .csv; otherwise " + _RESAVE_EN,
    )


def _looks_like_csv(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding, errors="strict" if len(head) < 4096 else "ignore")
        except UnicodeDecodeError:
            continue
        lines = [ln for ln in text.splitlines()[:5] if ln.strip()]
        return bool(lines) and all(csvsniff.detect_delimiter(ln) in ln for ln in lines)
    return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --- workbooks ------------------------------------------------------------------------------


def _read_workbook(
    path: Path, kind: str, limits: Limits, *, by_content: bool = False
) -> list[RawSheet]:
    """``by_content``: the name says another format. calamine goes by the name (an .xlsx
    named .xls reads as damaged) and its own sniffing misses .ods, so it is handed a link
    to the file under the right name."""
    if not by_content:
        return _read_calamine(path, path, limits)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="cadrekit-") as folder:
        alias = Path(folder) / f"book.{kind}"
        _link(path, alias)
        return _read_calamine(path, alias, limits)


def _link(path: Path, alias: Path) -> None:
    """``alias`` names the same bytes: a symlink, else a hard link, else a copy."""
    import os
    import shutil

    for make in (os.symlink, os.link):
        try:
            make(path.resolve(), alias)
            return
        except OSError:
            continue
    shutil.copyfile(path, alias)  # pragma: no cover - no links on this file system


def _read_calamine(path: Path, source: Path, limits: Limits) -> list[RawSheet]:
    """The sheets of ``source`` (``path`` itself, or a link to it); errors name ``path``.
    A Rust panic's own text never reaches the terminal (see :mod:`cadrekit.io.panics`)."""
    from cadrekit.io.panics import quiet_panics

    try:
        with quiet_panics():
            return _calamine_sheets(path, source, limits)
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise _panic_error(path, exc, source) from None


def _calamine_sheets(path: Path, source: Path, limits: Limits) -> list[RawSheet]:
    import python_calamine as pc

    try:
        workbook = pc.CalamineWorkbook.from_path(str(source))
    except pc.PasswordError:
        raise _encrypted(path) from None
    except Exception as exc:  # calamine's errors carry no stable types worth telling apart
        raise _calamine_error(path, exc) from None
    try:
        hidden = _hidden_flags(workbook)
        sheets = []
        unknown = False  # calamine cannot say (.ods): content.xml is read below
        for name in workbook.sheet_names:
            frame, merges = _read_sheet(path, workbook, name, limits)
            unknown |= merges is None
            sheets.append(RawSheet(name, frame, hidden.get(name, False), merges=merges))
    except InputFileError:
        raise
    except pc.PasswordError:
        raise _encrypted(path) from None
    except Exception as exc:
        raise _calamine_error(path, exc) from None
    finally:
        workbook.close()
    _check_sheets(path, sheets)
    if unknown:
        found = ods_merges(source)
        for sheet in sheets:
            sheet.merges = sheet.merges or found.get(sheet.name, [])
    return sheets


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def ods_merges(source: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges of each sheet of an .ods, from content.xml (calamine does not give
    them): a cell with ``table:number-rows-spanned`` / ``number-columns-spanned``, placed
    by counting rows and cells with their ``number-*-repeated``. Read with defusedxml,
    element by element; anything unreadable gives no merges (calamine read the cells)."""
    import zipfile
    from xml.etree.ElementTree import ParseError

    from defusedxml import ElementTree

    t = _ODS_TABLE
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    try:
        with zipfile.ZipFile(source) as archive, archive.open("content.xml") as content:
            depth = 0  # tables inside tables (a cell's sub-table) are not sheets
            name, row, col, repeat = "", 0, 0, 1
            for event, element in ElementTree.iterparse(content, events=("start", "end")):
                tag = element.tag
                if tag == f"{t}table":
                    if event == "start":
                        depth += 1
                        if depth == 1:
                            name, row = str(element.get(f"{t}name", "")), 0
                            out.setdefault(name, [])
                    else:
                        depth -= 1
                elif depth != 1:
                    continue
                elif tag == f"{t}table-row":
                    if event == "start":
                        col, repeat = 0, int(element.get(f"{t}number-rows-repeated", 1))
                    else:
                        row += repeat
                        element.clear()
                elif tag in (f"{t}table-cell", f"{t}covered-table-cell") and event == "start":
                    rows = int(element.get(f"{t}number-rows-spanned", 1))
                    cols = int(element.get(f"{t}number-columns-spanned", 1))
                    if rows > 1 or cols > 1:
                        out[name].append((row, col, row + rows - 1, col + cols - 1))
                    col += int(element.get(f"{t}number-columns-repeated", 1))
    except (OSError, KeyError, ValueError, ParseError, zipfile.BadZipFile):
        return {}
    return out


def _hidden_flags(workbook: Any) -> dict[str, bool]:
    flags: dict[str, bool] = {}
    for meta in getattr(workbook, "sheets_metadata", None) or []:
        flags[meta.name] = "visible" not in str(meta.visible).lower().rsplit(".", 1)[-1]
    return flags


def _read_sheet(
    path: Path, workbook: Any, name: str, limits: Limits
) -> tuple[pd.DataFrame, list[tuple[int, int, int, int]] | None]:
    """The sheet's cells and its merged ranges (calamine reads them from .xlsx and .xls;
    for .ods it gives None, and :func:`ods_merges` reads them from content.xml)."""
    import pandas as pd

    sheet = workbook.get_sheet_by_name(name)
    end = sheet.end
    if end is not None and end[0] + 1 > limits.max_rows:
        raise _limit_error(
            path,
            f"工作表“{name}”有 {end[0] + 1:,} 行，超过上限 {limits.max_rows:,}",
            f"sheet '{name}' has {end[0] + 1:,} rows, over the limit of {limits.max_rows:,}",
            "--max-rows",
        )
    # skip_empty_area=False pads from A1, so positions are the spreadsheet's own.
    rows = sheet.to_python(skip_empty_area=False)
    ranges = getattr(sheet, "merged_cell_ranges", None)
    merges = (
        None
        if ranges is None
        else [(int(r0), int(c0), int(r1), int(c1)) for (r0, c0), (r1, c1) in ranges]
    )
    if not rows:
        return pd.DataFrame(dtype=object), merges
    from pandas._libs.lib import to_object_array  # type: ignore[attr-defined]

    # one 2-D object array (calamine's rows are all as wide as the used range)
    return _cells_frame(to_object_array(rows)), merges


def _cells_frame(cells: np.ndarray) -> pd.DataFrame:
    """A positional frame over a 2-D object array whose empty text becomes None (in place)."""
    import pandas as pd

    if cells.size == 0:
        return pd.DataFrame(cells, dtype=object)
    cells[cells == ""] = None
    return pd.DataFrame(cells, dtype=object, copy=False)


def _blank_to_none(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    return _cells_frame(frame.to_numpy(dtype=object, copy=True))


def _check_sheets(path: Path, sheets: list[RawSheet]) -> None:
    if not sheets:
        raise fail(path, "工作簿中没有工作表", "the workbook has no sheets", _RESAVE, _RESAVE_EN)
    if all(s.hidden for s in sheets):
        names = "、".join(s.name for s in sheets)
        raise fail(
            path,
            f"工作簿中的工作表全部被隐藏（{names}）",
            f"every sheet of the workbook is hidden ({', '.join(s.name for s in sheets)})",
            "请在 Excel 中右键工作表标签→取消隐藏，保存后再试",
            "unhide the sheets in Excel (right-click a sheet tab → Unhide) and save",
        )


def _panic_error(path: Path, exc: BaseException, source: Path) -> InputFileError:
    """A Rust panic in calamine (pyo3's PanicException is a BaseException, so ``except
    Exception`` misses it) is a damaged file; a date-formatted cell holding a number that is
    no date (-1e308) is the known cause, and then the message names the cell."""
    from cadrekit.io.panics import far_date_cell

    found = far_date_cell(source) if zipfile_like(source) else None
    if found is None:
        return _calamine_error(path, exc)
    sheet, cell, value = found
    return fail(
        path,
        f"工作表“{sheet}”的单元格 {cell} 设为日期格式，但数值 {value:g} 不是任何日期"
        "（Excel 的日期在 1900-01-01 – 9999-12-31 之间）",
        f"cell {cell} of sheet '{sheet}' is formatted as a date but holds {value:g}, which is"
        " no date (Excel's dates run from 1900-01-01 to 9999-12-31)",
        f"请在 Excel 中改正或清空 {sheet}!{cell} 后保存",
        f"correct or clear {sheet}!{cell} in Excel and save",
    )


def zipfile_like(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == ZIP_MAGIC
    except OSError:
        return False


def _calamine_error(path: Path, exc: BaseException) -> InputFileError:
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    if "password" in detail.lower() or "encrypt" in detail.lower():
        return _encrypted(path)
    return fail(
        path,
        f"无法读取工作簿，文件可能已损坏（{detail}）",
        f"cannot read the workbook; it may be damaged ({detail})",
        _RESAVE,
        _RESAVE_EN,
    )


# --- CSV and Parquet ------------------------------------------------------------------------


def _read_csv(path: Path, data: bytes, limits: Limits) -> RawSheet:
    import pandas as pd

    encoding = csvsniff.detect_encoding(path, data)
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if lines > limits.max_rows:
        raise _limit_error(
            path,
            f"CSV 有 {lines:,} 行，超过上限 {limits.max_rows:,}",
            f"the CSV has {lines:,} lines, over the limit of {limits.max_rows:,}",
            "--max-rows",
        )
    head = data[:65536].decode(encoding, errors="ignore")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else csvsniff.detect_delimiter(head)
    _check_csv_width(path, data, encoding, delimiter, lines, limits)
    plain = _read_plain_csv(data, encoding, delimiter)
    if plain is not None:
        plain.attrs[csvsniff.DELIMITER_ATTR] = delimiter
        return RawSheet(path.stem, text=plain)
    names: list[int] | None = None
    fields: np.ndarray | None = None
    error: pd.errors.ParserError | None = None
    for _ in range(3):
        try:
            frame = pd.read_csv(
                io.BytesIO(data),
                header=None,
                names=names,
                sep=delimiter,
                dtype=object,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                encoding=encoding,
                engine="c",
            )
        except pd.errors.EmptyDataError:
            return RawSheet(path.stem, pd.DataFrame(dtype=object))
        except pd.errors.ParserError as exc:
            # A row longer than the first: widen to the longest row and read again, so that
            # short title rows above the header read; a data row longer than the header is
            # an error that csvsniff.wide_rows reports once the header is known.
            error = exc
            width = _longest_row(str(exc))
            if width is None or (names is not None and width <= len(names)):
                break
            if fields is None:
                fields = _field_counts(data, encoding, delimiter)
            names = list(range(max(width, int(fields.max(initial=0)))))
            continue
        error = None
        break
    if error is not None:
        raise _csv_error(path, data, encoding, delimiter, str(error)) from None
    frame.columns = pd.RangeIndex(frame.shape[1])
    cells = _blank_to_none(frame)
    cells.attrs[csvsniff.DELIMITER_ATTR] = delimiter
    if fields is not None and len(fields) == len(cells):  # else the lines are not the rows
        cells.attrs[csvsniff.FIELDS_ATTR] = fields.astype("int32").tobytes()
    return RawSheet(path.stem, cells)


def _check_csv_width(
    path: Path, data: bytes, encoding: str, delimiter: str, lines: int, limits: Limits
) -> None:
    """Bound the grid a CSV reader builds (every row as wide as the widest) before it is
    built: ten rows of a million empty fields end pandas in MemoryError or a crash."""
    fields = data.count(delimiter.encode("ascii")) + 1
    if fields <= EXCEL_MAX_COLUMNS and lines * fields <= limits.max_cells:
        return  # no record can be wider than the whole file's fields
    records, widest, record = csvsniff.widest_record(data, delimiter)
    if widest > EXCEL_MAX_COLUMNS:
        line = csvsniff.record_line(data, delimiter, encoding, record)
        raise fail(
            path,
            f"CSV 第 {line} 行有 {widest:,} 个值，超过上限 {EXCEL_MAX_COLUMNS:,} 列"
            "（Excel 的最大列数）",
            f"CSV line {line} has {widest:,} values, over the limit of "
            f"{EXCEL_MAX_COLUMNS:,} columns (Excel's widest sheet)",
            "请检查该行的分隔符，或删除多余的列后另存",
            "check the delimiters on that line, or delete the extra columns and save again",
        )
    cells = records * widest
    if cells > limits.max_cells:
        raise _limit_error(
            path,
            f"CSV 有 {records:,} 行 × {widest:,} 列（{cells:,} 个单元格），"
            f"超过上限 {limits.max_cells:,}",
            f"the CSV has {records:,} rows × {widest:,} columns ({cells:,} cells), over the "
            f"limit of {limits.max_cells:,}",
            "--max-cells",
        )


def _read_plain_csv(data: bytes, encoding: str, delimiter: str) -> pd.DataFrame | None:
    """A plain CSV through Arrow's reader, as ``str`` columns (NA for an empty cell); None
    for anything that needs pandas' reader to keep its meaning: quotes, bare CRs, a single
    column, blank lines or rows of another width (Arrow refuses those rather than pad).
    Without quotes or bare CRs, a record is a line and a field is the text between
    delimiters in both readers, so the cells are the same."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if encoding == "utf-8-sig":
        data = data[3:]
    if b'"' in data or data.count(b"\r") != data.count(b"\r\n"):
        return None
    if encoding == "gb18030":
        data = data.decode(encoding).encode("utf-8")
    first = data[: data.find(b"\n")] if b"\n" in data else data
    width = first.count(delimiter.encode("ascii")) + 1
    if width < 2:
        return None
    names = [f"c{j}" for j in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char=False, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    dtype = pd.StringDtype("pyarrow", na_value=float("nan"))
    columns = {
        j: pd.Series(pd.arrays.ArrowStringArray(table.column(j), dtype=dtype), copy=False)  # type: ignore[call-arg]
        for j in range(width)
    }
    return pd.DataFrame(columns) if table.num_rows else None


def _csv_error(
    path: Path, data: bytes, encoding: str, delimiter: str, message: str
) -> InputFileError:
    """pandas' tokenizer message in our words: the line, what was found, what to do."""
    import re

    zh_sep, en_sep = csvsniff.DELIMITER_NAMES.get(delimiter, (repr(delimiter), repr(delimiter)))
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if fields:
        expected, line, found = (int(g) for g in fields.groups())
        return fail(
            path,
            f"CSV 第 {line} 行有 {found} 个值，应为 {expected} 个",
            f"CSV line {line} has {found} values where {expected} are expected",
            f"值中含{zh_sep}时须用英文双引号把整个值括起来，或在 Excel 中另存为 .xlsx",
            f"a {en_sep} inside a value must be inside double quotes; or save it from Excel "
            "as .xlsx",
        )
    line = _unclosed_quote_line(data, encoding, delimiter) if "EOF inside" in message else 0
    if line:
        return fail(
            path,
            f"CSV 第 {line} 行的引号没有配对，其后直到文件末尾都会被当作一个值",
            f"CSV line {line} opens a quote that is never closed; the rest of the file "
            "would be one value",
            '请检查该行的英文双引号是否成对（值中的引号要写成两个 ""），或在 Excel 中另存为 .xlsx',
            'check that the quotes on that line are paired (a quote inside a value is written ""),'
            " or save it from Excel as .xlsx",
        )
    at = re.search(r"line (\d+)", message)
    where, where_en = (f"第 {at.group(1)} 行", f" at line {at.group(1)}") if at else ("", "")
    return fail(
        path,
        f"CSV {where}格式错误，无法解析",
        f"malformed CSV{where_en}",
        "请检查引号是否成对，或在 Excel 中另存为 .xlsx 或 CSV UTF-8",
        "check that quotes are paired, or save it from Excel as .xlsx or CSV UTF-8",
    )


def _unclosed_quote_line(data: bytes, encoding: str, delimiter: str) -> int:
    """1-based line where the last record starts: the one an unclosed quote runs to the end.

    The csv module quotes as pandas' tokenizer does and, not strict, reads that record to
    the end of the file; 0 when it cannot say.
    """
    import csv

    text = io.StringIO(data.decode(encoding), newline="")
    reader = csv.reader(text, delimiter=delimiter)
    start = last = 0
    try:
        for _ in reader:
            last = start + 1
            start = reader.line_num
    except csv.Error:
        return 0
    return last


def _longest_row(message: str) -> int | None:
    import re

    match = re.search(r"saw (\d+)", message)
    return int(match.group(1)) if match else None


def _field_counts(data: bytes, encoding: str, delimiter: str) -> np.ndarray:
    """Fields per record, empty ones included (only a ragged file pays for this pass)."""
    import csv

    import numpy as np

    text = io.StringIO(data.decode(encoding), newline="")  # the csv module's own newlines
    try:
        return np.fromiter(
            (len(row) for row in csv.reader(text, delimiter=delimiter)), dtype=np.int64
        )
    except csv.Error:  # e.g. a field over 128 KB: pandas' own count stands
        return np.zeros(0, dtype=np.int64)


def _read_parquet(path: Path, limits: Limits) -> pd.DataFrame:
    import numpy as np
    import pandas as pd
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
        if meta.num_rows + 1 > limits.max_rows:
            raise _limit_error(
                path,
                f"Parquet 有 {meta.num_rows:,} 行，超过上限 {limits.max_rows:,}",
                f"the Parquet file has {meta.num_rows:,} rows, over the limit of "
                f"{limits.max_rows:,}",
                "--max-rows",
            )
        table = pq.read_table(path)
    except InputFileError:
        raise
    except Exception as exc:
        detail = " ".join(str(exc).split())[:200]
        raise fail(
            path, f"无法读取 Parquet 文件（{detail}）", f"cannot read Parquet ({detail})"
        ) from None
    columns = {}
    for j, (name, column) in enumerate(zip(table.column_names, table.columns, strict=True)):
        values = np.empty(table.num_rows + 1, dtype=object)
        values[0] = str(name)
        values[1:] = column.to_pandas(types_mapper=None).astype(object).to_numpy()
        columns[j] = values
    frame = pd.DataFrame(columns, dtype=object)
    return frame.where(frame.notna(), None)
