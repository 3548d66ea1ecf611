"""Workbooks (.xlsx, .xlsm, .xls, .ods) through python-calamine: every sheet's cells,
hidden flags and merged ranges; calamine's errors and panics in our words."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.errors import InputFileError
from cadrekit.io.filetype import RESAVE, RESAVE_EN
from cadrekit.io.limits import Limits, limit_error
from cadrekit.io.raw import RawSheet, cells_frame
from cadrekit.io.safety import ZIP_MAGIC, encrypted_error, fail

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def read_workbook(
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
        raise encrypted_error(path) from None
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
        raise encrypted_error(path) from None
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
        raise limit_error(
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
    return cells_frame(to_object_array(rows)), merges


def _check_sheets(path: Path, sheets: list[RawSheet]) -> None:
    if not sheets:
        raise fail(path, "工作簿中没有工作表", "the workbook has no sheets", RESAVE, RESAVE_EN)
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
        return encrypted_error(path)
    return fail(
        path,
        f"无法读取工作簿，文件可能已损坏（{detail}）",
        f"cannot read the workbook; it may be damaged ({detail})",
        RESAVE,
        RESAVE_EN,
    )
