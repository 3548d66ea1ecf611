"""The 公示 notice as Markdown, a printable workbook, or (with python-docx) a Word document.

Every format lays out the same :class:`~cadrekit.models.notice.Notice`: title, lead
paragraph, the list (序号, 单位, 姓名, 职务), the period, how to object, the contact line,
issuer and date. Files are written atomically, never over an input, never over an
existing file without ``force``; cells are written as text, never as formulas.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cadrekit.errors import UsageError
from cadrekit.models.notice import Notice
from cadrekit.render.width import display_width

COLUMNS = ("序号", "单位", "姓名", "职务")
SUFFIXES = (".xlsx", ".md", ".docx")


def notice_format(output: Path | None) -> str:
    """``md`` (also for stdout), ``xlsx`` or ``docx``, from the output file's suffix."""
    if output is None:
        return "md"
    suffix = output.suffix.lower()
    if suffix == ".markdown":
        return "md"
    if suffix not in SUFFIXES:
        raise UsageError(
            f"公示名单只能写成 .xlsx、.md 或 .docx，而不是 {output.name}",
            message_en=f"a publicity list is written as .xlsx, .md or .docx, not {output.name}",
        )
    if suffix == ".docx":
        _docx_module()  # fail before any work when python-docx is missing
    return suffix.lstrip(".")


def write_notice(
    notice: Notice, output: Path, *, inputs: Sequence[Path] = (), force: bool = False
) -> None:
    """Write ``notice`` to ``output`` in the format its suffix names."""
    from cadrekit.io.write import atomic_output, atomic_path

    fmt = notice_format(output)
    if fmt == "md":
        with atomic_output(
            output, inputs=inputs, force=force, mode="w", encoding="utf-8", newline="\n"
        ) as fh:
            fh.write(to_markdown(notice))
        return
    with atomic_path(output, inputs=inputs, force=force) as temp:
        (write_xlsx if fmt == "xlsx" else write_docx)(notice, temp)


# ----------------------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """A table cell: no line breaks, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(notice: Notice) -> str:
    """The notice as clean Markdown: one section per unit, issuer and date at the end."""
    lines = [f"# {notice.title}", "", notice.lead, ""]
    for unit, rows in notice.units:
        lines += [f"## {_md(unit) or '（未填单位）'}（{len(rows)} 名）", ""]
        lines += ["| 序号 | 姓名 | 单位 | 职务 |", "|---:|---|---|---|"]
        lines += [f"| {e.number} | {_md(e.name)} | {_md(e.unit)} | {_md(e.post)} |" for e in rows]
        lines.append("")
    lines += [notice.period, "", notice.objection, "", notice.contact, ""]
    lines += [notice.issuer, "", notice.date, ""]
    return "\n".join(lines)


# -------------------------------------------------------------------------------- xlsx


def write_xlsx(notice: Notice, path: Path) -> None:
    """A4 portrait, fit to one page wide, the list's header row repeated on every page."""
    import xlsxwriter

    from cadrekit.io.write import scratch_dir

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(str(path), {**options, "tmpdir": scratch_dir()})
    base = {"font_name": "宋体", "font_size": 12, "valign": "vcenter"}
    fmt = {
        "title": book.add_format({**base, "bold": True, "font_size": 16, "align": "center"}),
        "para": book.add_format({**base, "text_wrap": True, "align": "left", "valign": "top"}),
        "head": book.add_format({**base, "bold": True, "align": "center", "border": 1}),
        "cell": book.add_format({**base, "border": 1, "text_wrap": True}),
        "num": book.add_format({**base, "border": 1, "align": "center"}),
        "right": book.add_format({**base, "align": "right"}),
    }
    sheet = book.add_worksheet("公示名单")
    widths = _widths(notice)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    total = sum(widths)
    last_col = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last_col, notice.title, fmt["title"])
    sheet.set_row(0, 30)
    row = _paragraph(sheet, 1, notice.lead, fmt["para"], total, last_col)
    head = row + 1
    for col, text in enumerate(COLUMNS):
        sheet.write_string(head, col, text, fmt["head"])
    row = head
    for entry in notice.entries:
        row += 1
        sheet.write_number(row, 0, entry.number, fmt["num"])
        for col, text in enumerate((entry.unit, entry.name, entry.post), start=1):
            sheet.write_string(row, col, text, fmt["cell"])
    row += 2
    for text in (notice.period, notice.objection, notice.contact):
        row = _paragraph(sheet, row, text, fmt["para"], total, last_col) + 1
    row += 1
    for text in (notice.issuer, notice.date):
        sheet.merge_range(row, 0, row, last_col, text, fmt["right"])
        row += 1
    sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    sheet.repeat_rows(head)
    sheet.set_margins(left=0.7, right=0.7, top=0.8, bottom=0.8)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页 共 &N 页")
    sheet.print_area(0, 0, row - 1, last_col)
    book.close()


def _widths(notice: Notice) -> list[float]:
    """Column widths (Excel characters) that fit Chinese text: CJK counts as two."""
    widths = [float(display_width(c) + 2) for c in COLUMNS]
    for entry in notice.entries:
        cells = (str(entry.number), entry.unit, entry.name, entry.post)
        for col, text in enumerate(cells):
            widths[col] = max(widths[col], min(40, display_width(text) + 2))
    # a page-wide paragraph reads badly when the table is narrow
    extra = max(0, 72 - sum(widths))
    widths[1] += extra / 2
    widths[3] += extra / 2
    return widths


def _paragraph(sheet: Any, row: int, text: str, cell: Any, width: float, last_col: int) -> int:
    """A wrapped paragraph merged across the page; its height fits the text (Excel does not
    grow merged rows). Returns the row written."""
    sheet.merge_range(row, 0, row, last_col, text, cell)
    lines = max(1, math.ceil((display_width(text) + 4) / max(1.0, width - 2)))
    sheet.set_row(row, 18 * lines)
    return row


# -------------------------------------------------------------------------------- docx


def _docx_module() -> Any:
    try:
        import docx  # python-docx: optional, not a dependency of cadrekit
    except ImportError:
        raise UsageError(
            "写 .docx 需要 python-docx（pip install python-docx）；也可以写成 .xlsx 或 .md",
            message_en="writing .docx needs python-docx (pip install python-docx); "
            "or write .xlsx or .md instead",
        ) from None
    return docx


def write_docx(notice: Notice, path: Path) -> None:
    """A Word document (only when python-docx is installed)."""
    docx = _docx_module()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4 portrait
    document.add_heading(notice.title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(notice.lead)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = text
    for entry in notice.entries:
        cells = table.add_row().cells
        for cell, text in zip(
            cells, (str(entry.number), entry.unit, entry.name, entry.post), strict=True
        ):
            cell.text = text
    for text in (notice.period, notice.objection, notice.contact):
        document.add_paragraph(text)
    for text in (notice.issuer, notice.date):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(path))
