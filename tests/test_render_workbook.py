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

from cadrekit.render.labels import flag_name
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
    assert wb["乡镇党政正职"]["A1"].value == "id"


def test_ranked_sheet_headers_values_and_formats(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["乡镇党政正职"]
    header = [c.value for c in ws[1]]
    assert header[:8] == ["编号", "姓名", "单位", "考核序列", "排名", "综合得分", "等次", "标记"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:W5"
    assert ws["F3"].value == 84.13 and ws["F3"].number_format == "0.00"
    assert ws["E3"].value == 2 and ws["E5"].value is None  # 不定等次: no rank
    assert ws["G2"].value == "优秀" and ws["G2"].fill.fgColor.rgb.endswith("C6EFCE")
    assert ws["U2"].value == "110105********002X"  # masked
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_formula_text_stays_text(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    chief, staff = wb["乡镇党政正职"], wb["一般干部"]
    assert chief["B3"].value == "=1+1" and chief["B3"].data_type == "s"
    assert staff["B2"].value == "@SUM(A1)" and staff["B2"].data_type == "s"
    rules = wb["规则"]
    assert rules["A3"].value == "=1+1" and rules["A3"].data_type == "s"
    problems = wb["问题"]
    assert problems["E3"].value == "=HYPERLINK()" and problems["E3"].data_type == "s"


def test_summary_detail_flags_about(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    summary = wb["汇总"]
    assert [c.value for c in summary[1]][:4] == ["考核序列名称", "总人数", "参评人数", "优秀"]
    assert [c.value for c in summary[2]][:4] == ["乡镇党政正职", 4, 3, 1]
    assert len(summary._charts) == 1
    detail = wb["明细"]
    rows = list(detail.iter_rows(values_only=True))
    assert rows[1][0] == "A001" and rows[2][-5:] == (
        "综合得分 S",
        "components",
        90.5,
        "0.5·P + 0.3·V + 0.2·Q + bonus",
        None,  # 计入情况: only adjustment rows have an outcome
    )
    assert rows[0][-1] == "计入情况"
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
    ranked = _cells(book, "一般干部")
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
    en = _cells(tmp_path / "en.xlsx", "一般干部")
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
    ids = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
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
    assert theirs[0][:7] == ["编号", "姓名", "单位", "考核序列", "排名", "综合得分", "等次"]
    for their_row, our_row in zip(theirs[1:], ours.itertuples(index=False), strict=True):
        mine = ["" if pd.isna(v) else str(v) for v in our_row]
        mine[list(ours.columns).index("flags")] = ";".join(  # the workbook names flags in zh
            flag_name(code) for code in mine[list(ours.columns).index("flags")].split(";") if code
        )
        for column in ("id", "name", "unit", "rank", "score", "grade", "flags", "votes_score"):
            i = list(ours.columns).index(column)
            assert their_row[i] == mine[i], (column, their_row[i], mine[i])


def test_booleans_are_text_of_the_language(book: Path, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(book)["乡镇党政正职"]
    header = [c.value for c in ws[1]]
    col = header.index("可评优秀") + 1
    assert [ws.cell(r, col).value for r in (2, 3)] == ["是", "否"]
    assert ws.cell(2, col).data_type == "s"
    groups = list(openpyxl.load_workbook(book)["汇总"].iter_rows(values_only=True))
    assert ("乡镇党政正职", "乡镇党政正职", None, 3, 0.25, 1, 1, 0, "是") in [g[:9] for g in groups]
    write_workbook(make_result(), tmp_path / "en.xlsx", lang="en")
    en = openpyxl.load_workbook(tmp_path / "en.xlsx")["乡镇党政正职"]
    assert [c.value for c in en[2]][[c.value for c in en[1]].index("eligible")] == "TRUE"


def test_track_sheet_leaves_out_input_columns_empty_for_the_track(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    chief = [c.value for c in wb["乡镇党政正职"][1]]
    staff = [c.value for c in wb["一般干部"][1]]
    assert "经济发展" in chief and "经济发展" not in staff  # another track's indicator
    assert "等次限制" in staff and "限制原因" in staff  # the engine's columns always stay
    assert wb["一般干部"].auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(staff))}4"
    columns = csv_frame(make_result()).columns
    assert "经济发展" in columns  # the CSV keeps every column


def test_detail_audit_rows_grouped_below_their_cadre(book: Path) -> None:
    detail = openpyxl.load_workbook(book)["明细"]
    ids = [row[0] for row in detail.iter_rows(min_row=2, values_only=True)]
    assert ids == [*["A001"] * 3, "A002", "A002", "A003", "A004", "A004", "B001", "B002", "B003"]
    levels = [detail.row_dimensions[r].outline_level for r in range(2, 13)]
    assert levels == [0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0]
    assert detail["A3"].font.color.rgb.endswith("595959")
    assert detail["R4"].value == "rank 1 of 1 slot" and detail["Q3"].value == 90.5
