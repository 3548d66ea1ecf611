"""Workbooks made the way county offices make them, for the end-to-end corpus.

An office roster has a merged title row, a bold bordered header, numbers typed as text in
some cells, dates typed as ``2021.03`` text or as date cells, unit names merged down a
unit's rows, and often a 合计 row and a 填表人 footer under the data. :func:`write_office`
writes such a book with openpyxl; the corpus (``conftest.py``) then has LibreOffice
re-save every file, so the tests read what another program wrote.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CADRE_HEADER = [
    "编号",  # A
    "姓名",  # B
    "单位",  # C
    "单位类型",  # D
    "层级",  # E
    "一把手",  # F
    "考核状态",  # G
    "身份证号",  # H
    "出生年月",  # I
    "任现职时间",  # J
    "优秀票",  # K
    "称职票",  # L
    "基本称职票",  # M
    "不称职票",  # N
    "一季度",  # O
    "二季度",  # P
    "三季度",  # Q
    "四季度",  # R
    "工作实绩",  # S
]
EVENT_HEADER = ["编号", "单位", "日期", "类型", "类别", "分值", "事由"]
HISTORY_HEADER = ["编号", "年度", "等次"]


@dataclass
class Sheet:
    """One sheet: an optional merged title (row 1), the header (row ``header_row``), rows.

    ``merges``: ranges such as ``"C4:C6"`` merged after writing (the value stays in the
    top-left cell, as Excel keeps it); ``footer``: rows written after the data;
    ``date_format``: the number format of ``datetime.date`` cells.
    """

    header: list[str]
    rows: list[list[Any]]
    title: str | None = None
    header_row: int = 3
    merges: list[str] = field(default_factory=list)
    footer: list[list[Any]] = field(default_factory=list)
    date_format: str = "yyyy-mm-dd"

    def col(self, name: str) -> int:
        """The 0-based position of header ``name``."""
        return self.header.index(name)


Book = dict[str, Sheet]


def id_number(area: str, birth: str, seq: str) -> str:
    """A valid 18-character ID number (GB 11643-1999 MOD 11-2 check digit); synthetic."""
    body = area + birth + seq
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def staff(n: int, unit: str = "县交通运输局", *, born: str = "19850612", work: float = 80) -> list:
    """A 一般干部 row: id ``A0nn``, votes 20/10/1/0, quarters 好 较好 好 好, 工作实绩 ``work``."""
    names = ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二"]
    return [
        f"A{n:04d}",
        names[(n - 1) % len(names)],
        unit,
        "县直单位",
        "一般干部",
        "否",
        "参加",
        id_number("110105", born, f"{n:03d}"),
        f"{born[:4]}.{born[4:6]}",
        "2021.03",
        20,
        10,
        1,
        0,
        "好",
        "较好",
        "好",
        "好",
        work,
    ]


def base_book(n: int = 5, year: int = 2025) -> Book:
    """A valid roster of ``n`` staff cadres of one unit, one event, one history row each."""
    rows = [staff(i, work=80 + i) for i in range(1, n + 1)]
    return {
        "干部名册": Sheet(list(CADRE_HEADER), rows, title=f"{year}年度干部考核汇总表"),
        "纪实记录": Sheet(
            list(EVENT_HEADER),
            [["A0001", "县交通运输局", f"{year}-06-18", "加分", "森林防灭火", 1, "扑救山火"]],
            title=f"{year}年纪实记录",
        ),
        "历年考核": Sheet(
            list(HISTORY_HEADER),
            [[f"A{i:04d}", year - 1, "称职"] for i in range(1, n + 1)],
            title="历年考核结果",
        ),
    }


def copy_book(book: Book) -> Book:
    return copy.deepcopy(book)


def write_office(book: Book, path: Path) -> Path:
    """Write ``book`` with openpyxl as an office does (see the module docstring)."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, sheet in book.items():
        ws = workbook.create_sheet(name)
        width = max(len(sheet.header), 2)
        if sheet.title:
            ws.cell(1, 1, sheet.title).font = Font(bold=True, size=16)
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            ws.cell(1, 1).alignment = Alignment(horizontal="center")
        for c, text in enumerate(sheet.header, start=1):
            cell = ws.cell(sheet.header_row, c, text)
            cell.font = Font(bold=True)
            cell.border = border
        r = sheet.header_row
        for r, row in enumerate(sheet.rows + sheet.footer, start=sheet.header_row + 1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(r, c)
                if isinstance(value, str):
                    cell.value = value
                    cell.data_type = "s"  # text stays text, even "=…" or "85"
                else:
                    cell.value = value
                if isinstance(value, dt.date):
                    cell.number_format = sheet.date_format
                cell.border = border
        for merged in sheet.merges:
            ws.merge_cells(merged)
    workbook.save(path)
    return path
