"""The two registration forms drawn with python-docx: a bordered table on one A4 page.

Each form is a list of rows (:data:`ROWS`): ``triple`` (three label/value pairs), ``pair``
(two), ``wide`` (one label, the value across the row) and ``area`` (a label and room to
write, of a fixed height, with the signature and date line at its foot). Every run names
its East Asian font (``w:eastAsia``), so Word and WPS print 宋体/仿宋 instead of a Latin
font's fallback.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any

from cadrekit.render.forms.fields import FormData

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document
    from docx.table import _Cell

LABEL_FONT, VALUE_FONT, TITLE_FONT = "宋体", "仿宋", "宋体"
#: The six columns' widths in mm (160 mm: A4 less 25 mm margins).
WIDTHS = (28, 30, 22, 30, 24, 26)
ROW_MM = 9  # a row of label/value pairs
#: Values written from the left (the others are centred in their cells).
LONG_FIELDS = frozenset({"post", "rank", "reason", "note"})
SIGN = "签名：　　　　　　　　　年　　月　　日"
SEAL = "（盖章）　　　　　　　　年　　月　　日"

#: (kind, labels, field names or the area's height in mm and its signature line)
CIVIL: list[tuple[str, tuple[str, ...], tuple[Any, ...]]] = [
    ("triple", ("姓名", "性别", "出生年月"), ("name", "sex", "birth")),
    ("triple", ("民族", "政治面貌", "学历"), ("", "", "")),
    ("wide", ("单位及职务职级",), ("post",)),
    ("pair", ("任现职务职级时间", "编号"), ("appointed", "id")),
    ("area", ("个人总结",), (75, SIGN)),
    ("area", ("主管领导评语和考核等次建议",), (36, "主管领导" + SIGN)),
    ("pair", ("综合得分", "考核等次"), ("score", "grade")),
    ("wide", ("考核序列及排名",), ("rank",)),
    ("area", ("考核委员会（考核领导小组）审核意见",), (28, SEAL)),
    ("area", ("被考核人意见",), (16, SIGN)),
    ("wide", ("未确定等次或不参加考核原因",), ("reason",)),
    ("wide", ("备注",), ("note",)),
]
INSTITUTION: list[tuple[str, tuple[str, ...], tuple[Any, ...]]] = [
    ("triple", ("姓名", "性别", "出生年月"), ("name", "sex", "birth")),
    ("triple", ("民族", "政治面貌", "学历"), ("", "", "")),
    ("wide", ("单位及岗位（岗位等级）",), ("post",)),
    ("pair", ("聘用现岗位时间", "编号"), ("appointed", "id")),
    ("area", ("个人总结",), (68, SIGN)),
    ("area", ("主管领导评语和考核档次建议",), (32, "主管领导" + SIGN)),
    ("pair", ("综合得分", "考核档次"), ("score", "grade")),
    ("wide", ("考核序列及排名",), ("rank",)),
    ("area", ("考核委员会意见",), (24, SEAL)),
    ("area", ("单位负责人意见",), (16, SIGN)),
    ("area", ("被考核人意见",), (16, SIGN)),
    ("wide", ("未确定档次或不参加考核原因",), ("reason",)),
    ("wide", ("备注",), ("note",)),
]
ROWS = {"civil": CIVIL, "institution": INSTITUTION}


def new_document() -> Document:
    """An empty A4 document with the forms' margins and 宋体 as the default font."""
    import docx
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(16)
    section.left_margin = section.right_margin = Mm(25)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    _east_asian(normal.element.get_or_add_rPr(), LABEL_FONT)
    normal.font.name = LABEL_FONT
    normal.paragraph_format.space_after = Pt(0)
    return document


def add_form(document: Document, form: FormData, *, new_page: bool) -> None:
    """One cadre's form: the title, the year, then the table (``new_page``: on a new page).

    Drawing a table with python-docx takes a fifth of a second, so each form kind is drawn
    once with a marker in every value cell (:func:`_prototype`) and each cadre's form is a
    copy of its XML with the markers replaced."""
    import copy

    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    values = {f"{{{{{k}}}}}": str(v) for k, v in form.__dict__.items()}
    body = document.element.body
    end = body.find(qn("w:sectPr"))
    for i, element in enumerate(_prototype(form.kind)):
        mine = copy.deepcopy(element)
        for node in mine.iter(qn("w:t")):
            if node.text and "{{" in node.text:
                node.text = _fill(node.text, values)
        if i == 0 and new_page:
            Paragraph(mine, document._body).paragraph_format.page_break_before = True
        if end is not None:
            end.addprevious(mine)
        else:
            body.append(mine)


def _fill(text: str, values: dict[str, str]) -> str:
    for marker, value in values.items():
        text = text.replace(marker, value)
    return text


@functools.cache
def _prototype(kind: str) -> tuple[Any, ...]:
    """The title, year and table of the form ``kind`` with ``{{field}}`` markers."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = new_document()
    marked = FormData(kind, 0, *(f"{{{{{f.name}}}}}" for f in dataclasses.fields(FormData)[2:]))
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, marked.title, TITLE_FONT, 18, bold=True)
    year = document.add_paragraph()
    year.alignment = WD_ALIGN_PARAGRAPH.CENTER
    year.paragraph_format.space_after = Pt(6)
    _run(year, "（{{year}} 年度）", VALUE_FONT, 14)
    _table(document, marked)
    return (title._p, year._p, document.tables[0]._tbl)


def finish(document: Document) -> None:
    """The paragraph Word keeps after the last table, made too small to start a page."""
    from docx.shared import Pt

    last = document.paragraphs[-1] if document.paragraphs else document.add_paragraph()
    if last.text:
        last = document.add_paragraph()
    last.paragraph_format.line_spacing = Pt(1)
    _run(last, "", LABEL_FONT, 1)


def _table(document: Document, form: FormData) -> None:
    from docx.shared import Mm

    spec = ROWS[form.kind]
    table = document.add_table(rows=len(spec), cols=len(WIDTHS))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    values = form.__dict__
    for row, (kind, labels, fields) in zip(table.rows, spec, strict=True):
        _fill_row(row, kind, labels, fields, values)


def _fill_row(
    row: Any, kind: str, labels: tuple[str, ...], fields: tuple[Any, ...], values: dict[str, Any]
) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    cells = row.cells
    if kind == "triple":
        spans = [(0, 0, 1, 1), (2, 2, 3, 3), (4, 4, 5, 5)]
    elif kind == "pair":
        spans = [(0, 0, 1, 2), (3, 3, 4, 5)]
    else:
        spans = [(0, 0, 1, 5)]
    for (label_at, _, start, end), label, field in zip(spans, labels, fields, strict=False):
        _label(cells[label_at], label)
        value = cells[start].merge(cells[end]) if end > start else cells[start]
        if kind == "area":
            _area(value, str(fields[1]))
        else:
            _value(value, str(values.get(field, "")) if field else "", field)
    height = fields[0] if kind == "area" else ROW_MM
    row.height = Mm(height)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if kind == "area" else WD_ROW_HEIGHT_RULE.AT_LEAST


def _label(cell: _Cell, text: str) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, LABEL_FONT, 10.5)


def _value(cell: _Cell, text: str, field: str) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    long = field in LONG_FIELDS
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if long else WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, VALUE_FONT, 10.5 if field in ("reason", "note") else 12)


def _area(cell: _Cell, signature: str) -> None:
    """Room to write: empty above, the signature and date line at the foot, on the right."""
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cell.vertical_alignment = WD_ALIGN_VERTICAL.BOTTOM
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.space_after = Pt(4)
    _run(paragraph, signature, LABEL_FONT, 10.5)


def _run(paragraph: Any, text: str, font: str, size: float, *, bold: bool = False) -> None:
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    _east_asian(run._element.get_or_add_rPr(), font)


def _east_asian(rpr: Any, font: str) -> None:
    """``<w:rFonts w:eastAsia=…>``: python-docx's ``font.name`` sets only the Latin font."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), font)
    fonts.set(qn("w:hint"), "eastAsia")
