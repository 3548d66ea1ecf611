"""The results workbook: reopened with openpyxl, and read back by LibreOffice."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cadrekit.render.tabular import csv_frame
from cadrekit.render.workbook import display_width, safe_sheet_name, write_workbook
from test_render_fixtures import make_result

WHEN = dt.datetime(2026, 1, 5, 9, 30)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "out.xlsx"
    write_workbook(make_result(), path, generated_at=WHEN)
    return path


def test_sheet_names(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == [
        "汇总",
        "乡镇党政正职",
        "一般干部",
        "按单位",
        "明细",
        "标记",
        "问题",
        "规则",
        "关于",
    ]


def test_english_sheet_names(tmp_path: Path) -> None:
    write_workbook(make_result(), tmp_path / "en.xlsx", lang="en")
    wb = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert wb.sheetnames[0] == "summary" and wb.sheetnames[-5:] == [
        "detail",
        "flags",
        "problems",
        "rules",
        "about",
    ]
    assert wb["乡镇党政正职"]["B2"].value == "id"


def test_ranked_sheet_is_a_print_view(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["乡镇党政正职"]
    assert ws["A1"].value == "2025 年度 · 乡镇党政正职 · 参评 3 人 · 优秀名额 1 名"
    assert [c.value for c in ws[2]] == [
        *("排名", "编号", "姓名", "单位", "实绩得分", "民主测评得分", "平时考核得分"),
        *("加分", "减分", "综合得分", "等次", "等次限制", "备注"),
    ]
    assert ws.freeze_panes == "D3"
    assert ws.auto_filter.ref == "A2:M6"
    assert ws["J4"].value == 84.13 and ws["J4"].number_format == "0.00"
    assert ws["A4"].value == 2 and ws["A6"].value is None  # 不定等次: no rank
    assert ws["K3"].value == "优秀" and ws["K3"].fill.fgColor.rgb.endswith("C6EFCE")
    assert ws["M4"].value == "名额并列" and ws["M6"].value == "不定等次"
    assert ws["K3"].font.name == "宋体" and ws["K3"].font.charset == 134
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.print_area == "'乡镇党政正职'!$A$1:$M$6"
    staff = openpyxl.load_workbook(book)["一般干部"]
    assert [c.value for c in staff[4]][11:] == ["最高为基本称职", "诫勉"]


def test_formula_text_stays_text(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    chief, staff = wb["乡镇党政正职"], wb["一般干部"]
    assert chief["C4"].value == "=1+1" and chief["C4"].data_type == "s"
    assert staff["C3"].value == "@SUM(A1)" and staff["C3"].data_type == "s"
    rules = wb["规则"]
    assert rules["A3"].value == "=1+1" and rules["A3"].data_type == "s"
    problems = wb["问题"]
    assert problems["E3"].value == "=HYPERLINK()" and problems["E3"].data_type == "s"


def test_summary_detail_flags_about(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    summary = wb["汇总"]
    assert summary["A1"].value == "2025 年度干部考核结果汇总"
    assert [c.value for c in summary[2]][:4] == ["考核序列名称", "总人数", "参评人数", "优秀"]
    assert [c.value for c in summary[3]][:4] == ["乡镇党政正职", 4, 3, 1]
    assert len(summary._charts) == 1
    detail = wb["明细"]
    rows = list(detail.iter_rows(values_only=True))
    assert rows[1][0] == "A001" and rows[2][14:19] == (
        "综合得分 S",
        "components",
        90.5,
        "0.5·P + 0.3·V + 0.2·Q + bonus",
        None,  # 计入情况: only adjustment rows have an outcome
    )
    assert rows[0][18] == "计入情况"
    assert detail.row_dimensions[3].outline_level == 1
    flags = list(wb["标记"].iter_rows(values_only=True))
    assert flags[1][:2] == ("A002", "=1+1") and flags[1][5] == "名额并列"
    about = dict(wb["关于"].iter_rows(min_row=2, values_only=True))
    assert about["输入文件 SHA-256"] == "a" * 64 and about["规则 SHA-256"] == "r" * 64
    assert about["考核年度"] == 2025 and about["生成时间"] == "2026-01-05 09:30:00"


def _cells(book: Path, sheet: str) -> set[object]:
    ws = openpyxl.load_workbook(book)[sheet]
    return {v for row in ws.iter_rows(values_only=True) for v in row}


def test_chinese_sheets_name_tracks_groups_and_flags_english_keeps_codes(
    book: Path, tmp_path: Path
) -> None:
    ranked = _cells(book, "一般干部") | _cells(book, "明细")
    assert {"一般干部", "一般干部（城关镇）", "记三等功", "诫勉"} <= ranked
    assert not {"staff", "staff/城关镇", "merit-third-class", "admonishment"} & ranked
    chief = _cells(book, "乡镇党政正职")
    assert "名额并列" in chief and {"township-chief", "quota-tie"}.isdisjoint(chief)
    assert {"等次", "综合得分 S"} <= _cells(book, "明细")
    result = make_result()
    write_workbook(result, tmp_path / "zh.xlsx", generated_at=WHEN)
    assert result.cadres["track"].iloc[0] == "township-chief"  # the result is not changed
    assert result.cadres["flags"].iloc[1] == ["quota-tie"]
    write_workbook(result, tmp_path / "en.xlsx", lang="en", generated_at=WHEN)
    en = _cells(tmp_path / "en.xlsx", "detail")
    assert {"staff", "staff/城关镇", "merit-third-class"} <= en
    assert "quota-tie" in _cells(tmp_path / "en.xlsx", "flags")


def test_sheet_names_are_made_legal() -> None:
    used: set[str] = set()
    assert safe_sheet_name("县直/单位:正职[试点]?*", used) == "县直_单位_正职_试点___"
    assert safe_sheet_name("x" * 40, used) == "x" * 31
    assert safe_sheet_name("x" * 40, used) == "x" * 29 + "~2"
    assert safe_sheet_name("汇总", {"汇总"}) == "汇总~2"


def test_display_width_counts_chinese_as_two() -> None:
    assert display_width("乡镇ab") == 6


def test_many_rows_all_written_in_constant_memory(tmp_path: Path) -> None:
    result = make_result()
    big = pd.concat([result.cadres] * 3000, ignore_index=True)
    big["id"] = [f"X{i:05d}" for i in range(len(big))]
    result = dataclasses.replace(result, cadres=big)
    write_workbook(result, tmp_path / "big.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "big.xlsx", read_only=True)
    ws = wb["一般干部"]
    ids = [r[1] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert len(ids) == 9000 and ids[-1] == "X20999"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_ranked_sheet_as_we_wrote_it(book: Path, tmp_path: Path) -> None:
    # Sheet 2 is the first ranked sheet; the 12th CSV filter token picks it (LibreOffice ≥ 7.2).
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", options, "--outdir", str(tmp_path), str(book)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},  # a private profile: no clash with others
    )
    produced = sorted(tmp_path.glob("out*.csv"))
    assert produced, "LibreOffice wrote no CSV"
    with produced[0].open(encoding="utf-8") as fh:
        theirs = list(csv.reader(fh))
    ours = csv_frame(make_result())
    ours = ours[ours["track"] == "township-chief"]
    assert theirs[0][0] == "2025 年度 · 乡镇党政正职 · 参评 3 人 · 优秀名额 1 名"
    assert theirs[1][:4] == ["排名", "编号", "姓名", "单位"]
    shown = {"rank": 0, "id": 1, "name": 2, "unit": 3, "votes_score": 5, "score": 9, "grade": 10}
    for their_row, our_row in zip(theirs[2:], ours.itertuples(index=False), strict=True):
        mine = ["" if pd.isna(v) else str(v) for v in our_row]
        for column, at in shown.items():
            i = list(ours.columns).index(column)
            assert their_row[at] == mine[i], (column, their_row[at], mine[i])


def test_booleans_are_text_of_the_language(book: Path, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(book)["明细"]
    header = [c.value for c in ws[1]]
    col = header.index("可评优秀") + 1
    assert [ws.cell(r, col).value for r in (2, 5)] == ["是", "否"]  # A001, A002 (audit between)
    assert ws.cell(2, col).data_type == "s"
    groups = list(openpyxl.load_workbook(book)["汇总"].iter_rows(values_only=True))
    assert (
        "乡镇党政正职",
        4,
        3,
        1,
        2,
        0,
        0,
        1,
        1,
        1,
        0,
        "是",
        0.25,
        "3 × 25% = 0.75 → 1",
    ) in groups
    write_workbook(make_result(), tmp_path / "en.xlsx", lang="en")
    en = openpyxl.load_workbook(tmp_path / "en.xlsx")["detail"]
    assert [c.value for c in en[2]][[c.value for c in en[1]].index("eligible")] == "TRUE"


def test_rates_print_as_percentages(book: Path) -> None:
    summary = openpyxl.load_workbook(book)["汇总"]
    rates = [row[12] for row in summary.iter_rows() if isinstance(row[12].value, float)]
    assert [c.value for c in rates] == [0.25, 0.2, 0.2] and rates[0].number_format == "0%"


def test_track_sheet_leaves_out_input_columns_the_detail_keeps_them(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    chief = [c.value for c in wb["乡镇党政正职"][2]]
    detail = [c.value for c in wb["明细"][1]]
    assert "经济发展" not in chief and "身份证号" not in chief  # in 明细 only
    assert {"经济发展", "身份证号", "出生年月", "考核状态"} <= set(detail)
    assert len(chief) <= 14
    columns = csv_frame(make_result()).columns
    assert "经济发展" in columns  # the CSV keeps every column


def test_units_sheet_counts_grades_and_the_units_own_slots(book: Path) -> None:
    rows = list(openpyxl.load_workbook(book)["按单位"].iter_rows(values_only=True))
    assert rows[1] == (
        *("单位", "人数", "优秀", "称职", "基本称职", "不称职", "不定等次"),
        *("本单位优秀名额", "说明"),
    )
    assert rows[2] == ("城关镇", 3, 2, 0, 1, 0, 0, 0, "按单位计算名额：一般干部")
    assert rows[3] == ("河西镇", 1, 0, 1, 0, 0, 0, None, None)  # a county-wide track only


def test_detail_audit_rows_grouped_below_their_cadre(book: Path) -> None:
    detail = openpyxl.load_workbook(book)["明细"]
    ids = [row[0] for row in detail.iter_rows(min_row=2, values_only=True)]
    assert ids == [*["A001"] * 3, "A002", "A002", "A003", "A004", "A004", "B001", "B002", "B003"]
    levels = [detail.row_dimensions[r].outline_level for r in range(2, 13)]
    assert levels == [0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0]
    assert detail["A3"].font.color.rgb.endswith("595959")
    assert detail["R4"].value == "rank 1 of 1 slot" and detail["Q3"].value == 90.5
