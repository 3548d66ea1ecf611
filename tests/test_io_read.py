"""cadrekit.io.read: real row numbers and columns, encodings, hidden sheets, text kept as text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cadrekit.errors import InputFileError, PathNotFound
from cadrekit.io.read import Limits, read_book

SOFFICE = shutil.which("soffice")


def roster_workbook(path: Path) -> Path:
    """Title in C2, header at C5, data from C6; a hidden second sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "干部名册"
    ws["C2"] = "2024年度考核"
    ws["C5"], ws["D5"], ws["E5"] = "编号", "姓名", "分数"
    ws["C6"], ws["D6"], ws["E6"] = "001", "张三", 85.5
    ws["C7"], ws["D7"], ws["E7"] = "002", "", 90
    hidden = wb.create_sheet("备用")
    hidden["A1"] = "x"
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


EXPECTED = [
    [None, None, None, None, None],
    [None, None, "2024年度考核", None, None],
    [None, None, None, None, None],
    [None, None, None, None, None],
    [None, None, "编号", "姓名", "分数"],
    [None, None, "001", "张三", 85.5],
    [None, None, "002", None, 90],
]


def test_xlsx_keeps_real_rows_and_columns(tmp_path: Path) -> None:
    book = read_book(roster_workbook(tmp_path / "r.xlsx"))
    assert book.kind == "xlsx"
    assert [(s.name, s.hidden) for s in book.sheets] == [("干部名册", False), ("备用", True)]
    frame = book.sheets[0].frame
    assert list(frame.columns) == [0, 1, 2, 3, 4]
    assert list(frame.index) == list(range(7))
    assert frame.values.tolist() == EXPECTED
    assert frame.at[5, 2] == "001"  # text that looks like a number stays text: C6
    assert len(book.sha256) == 64


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_xls_and_ods_match_xlsx(tmp_path: Path, kind: str) -> None:
    source = roster_workbook(tmp_path / "r.xlsx")
    out = tmp_path / "conv"
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", kind, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    book = read_book(out / f"r.{kind}")
    assert book.kind == kind
    assert [(s.name, s.hidden) for s in book.sheets] == [("干部名册", False), ("备用", True)]
    assert book.sheets[0].frame.values.tolist() == EXPECTED


CSV_TEXT = "编号,姓名,单位,分数\n001,张三,组织部,85.50\n\n002,李四,,=1+1\n"
CSV_ROWS = [
    ["编号", "姓名", "单位", "分数"],
    ["001", "张三", "组织部", "85.50"],
    [None, None, None, None],  # the blank line keeps its row number
    ["002", "李四", None, "=1+1"],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings_give_identical_frames(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    book = read_book(path)
    assert book.kind == "csv"
    assert [s.name for s in book.sheets] == ["名册"]
    frame = book.sheets[0].frame
    assert frame.values.tolist() == CSV_ROWS
    assert list(frame.columns) == [0, 1, 2, 3]


@pytest.mark.parametrize("sep", ["\t", ";"])
def test_csv_delimiter_detected(tmp_path: Path, sep: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(CSV_TEXT.replace(",", sep), encoding="utf-8")
    assert read_book(path).sheets[0].frame.values.tolist() == CSV_ROWS


def test_csv_ragged_rows_are_widened(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("a,b\n1,2,3\n4\n", encoding="utf-8")
    frame = read_book(path).sheets[0].frame
    assert frame.values.tolist() == [["a", "b", None], ["1", "2", "3"], ["4", None, None]]


def test_csv_quoted_delimiters(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('编号,说明\n1,"甲,乙"\n', encoding="utf-8")
    assert read_book(path).sheets[0].frame.values.tolist() == [["编号", "说明"], ["1", "甲,乙"]]


def test_parquet_header_in_first_row(tmp_path: Path) -> None:
    path = tmp_path / "r.parquet"
    pd.DataFrame({"编号": ["001", "002"], "分数": [85.5, None]}).to_parquet(path)
    book = read_book(path)
    assert book.kind == "parquet"
    assert book.sheets[0].frame.values.tolist() == [["编号", "分数"], ["001", 85.5], ["002", None]]


def test_row_limit_names_the_option(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("a\n1\n2\n3\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="超过上限 3（--max-rows 可调整）"):
        read_book(path, Limits(max_rows=3))


def test_file_size_limit(tmp_path: Path) -> None:
    path = roster_workbook(tmp_path / "r.xlsx")
    with pytest.raises(InputFileError, match="--max-file-size") as info:
        read_book(path, Limits(max_file_bytes=100))
    assert "r.xlsx" in info.value.message_en


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PathNotFound, match=r"找不到文件 .*nope\.xlsx"):
        read_book(tmp_path / "nope.xlsx")


def test_xlsx_bytes_under_another_workbook_name_are_read_by_content(tmp_path: Path) -> None:
    path = roster_workbook(tmp_path / "r.xlsx").rename(tmp_path / "r.xlsm")
    assert read_book(path).sheets[0].frame.values.tolist() == EXPECTED
