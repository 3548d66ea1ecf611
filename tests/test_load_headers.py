"""Sheet finding and header detection on raw frames built inline (row i = spreadsheet row i+1)."""

from __future__ import annotations

from types import SimpleNamespace as Sheet

import pandas as pd
import pytest

from cadrekit.load.headers import detect_header
from cadrekit.load.sheets import find_sheets, sheet_kind


def raw(rows: list[list[object]]) -> pd.DataFrame:
    width = max(map(len, rows), default=0)  # a sheet is rectangular: pad short rows
    return pd.DataFrame([row + [None] * (width - len(row)) for row in rows], dtype=object)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("干部名册", "cadres"),
        (" 花名册 ", "cadres"),
        ("CADRES", "cadres"),
        ("Ｃａｄｒｅｓ", "cadres"),  # full-width
        ("纪实 记录", "events"),
        ("监督", "supervision"),
        ("历年考核", "history"),
        ("考察对象", "candidates"),
        ("Training", "training"),
        ("Sheet1", None),
    ],
)
def test_sheet_kinds(name, kind):
    assert sheet_kind(name) == kind


def test_one_sheet_is_the_cadre_sheet():
    found, problems = find_sheets([Sheet(name="Sheet1", frame=None, hidden=False)], "a.xlsx")
    assert list(found) == ["cadres"] and problems == []


def test_missing_cadre_sheet_and_notes():
    sheets = [
        Sheet(name="Sheet1", frame=None, hidden=False),
        Sheet(name="加减分", frame=None, hidden=True),
    ]
    found, problems = find_sheets(sheets, "a.xlsx")
    assert list(found) == ["events"]
    codes = {(p.code, p.location) for p in problems}
    assert codes == {
        ("unknown-sheet", "Sheet1"),
        ("hidden-sheet", "加减分"),
        ("missing-sheet", "a.xlsx"),
    }


TITLED = [
    ["2025年度干部考核汇总表", None, None, None],  # row 1: merged title
    ["填报单位：城关镇", None, None, "2025-12-31"],  # row 2: a subtitle
    [None, None, None, None],  # row 3
    [" 编 号 ", "姓名", "工作单位", "经济发展"],  # row 4: header (alias, spaces)
    ["A001", "张三", "城关镇", 90],  # row 5
    [None, "", None, None],  # row 6: blank
    [None, None, None, None],  # row 7: blank
    ["A002", "李四", "城关镇", 80],  # row 8
    ["合 计", None, None, 170],  # row 9: total
    [None, None, None, None],  # row 10: trailing blank
]


def test_header_under_title_rows_with_blank_and_total_rows():
    header = detect_header(raw(TITLED), "cadres", "干部名册", ["经济发展"])
    assert header is not None
    assert header.row == 3  # spreadsheet row 4
    assert header.names == {0: "id", 1: "name", 2: "unit", 3: "经济发展"}
    assert header.written[0] == "编 号"  # as written, ends trimmed
    assert [r + 1 for r in header.data_rows] == [5, 8]
    notes = [(p.code, p.location, p.found) for p in header.problems]
    assert notes == [
        ("skipped-title-row", "干部名册!1", "2025年度干部考核汇总表"),
        ("skipped-title-row", "干部名册!2", "填报单位：城关镇 2025-12-31"),
        ("skipped-total-row", "干部名册!9", "合 计 170"),
        ("skipped-blank-row", "干部名册!6:7", ""),
    ]


def test_full_width_headers_match():
    frame = raw([["ｉｄ", "姓　名", "单位"], ["A1", "张三", "x"]])
    header = detect_header(frame, "cadres", "s")
    assert header is not None and list(header.names.values()) == ["id", "name", "unit"]


def test_no_header_in_the_first_20_rows():
    frame = raw([["x", "y"]] * 25 + [["编号", "姓名"]])
    assert detect_header(frame, "cadres", "s") is None


def test_one_known_name_is_not_a_header():
    frame = raw([["编号", "说明"], ["编号", "姓名", "单位"]])
    header = detect_header(frame, "cadres", "s")
    assert header is not None and header.row == 1


def test_unknown_duplicate_and_missing_columns():
    frame = raw(
        [
            ["编号", "姓名", "备注", "编号", None, None],
            ["A1", "张三", "x", "A9", "data", None],
        ]
    )
    header = detect_header(frame, "cadres", "名册")
    assert header is not None
    # E has data but no header: carried as "E"; F is empty: dropped
    assert header.names == {0: "id", 1: "name", 2: "备注", 3: "id (D)", 4: "E"}
    got = {(p.code, p.location) for p in header.problems}
    assert ("unknown-column", "名册!C1") in got
    assert ("duplicate-column", "名册!D1") in got
    assert ("missing-column", "名册!1") in got  # 单位
    dup = next(p for p in header.problems if p.code == "duplicate-column")
    assert dup.params == {"other": "名册!A1"}


def test_a_header_with_a_format_character_is_still_recognised():
    from cadrekit.load.schema import header_key

    assert header_key("编号\u200b") == header_key("\u202a编\u00ad号") == header_key("编号")
