"""The results workbook's print titles, through the installed command on LibreOffice-saved
rosters."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from runner import run_cadrekit


def titles(roster: Path, out: Path) -> dict[str, str]:
    done = run_cadrekit("score", roster, "-o", out)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    return {ws.title: next(ws.iter_rows(max_row=1, values_only=True))[0] for ws in book}


def test_the_county_of_the_title_row_heads_every_print_sheet(corpus, tmp_path: Path) -> None:
    got = titles(corpus.saved("workbook-county"), tmp_path / "结果.xlsx")
    assert got["汇总"] == "青山县2025 年度干部考核结果汇总"
    assert got["一般干部"] == "青山县2025 年度 · 一般干部 · 参评 5 人 · 优秀名额 1 名"
    assert got["按单位"] == "青山县2025 年度考核等次及名额（按单位）"
    assert got["明细"] == "编号"  # an archive sheet: its header in row 1


def test_no_county_in_the_title_row_no_county_in_the_titles(corpus, tmp_path: Path) -> None:
    got = titles(corpus.saved("workbook-no-county"), tmp_path / "结果.xlsx")
    assert got["汇总"] == "2025 年度干部考核结果汇总"
    assert got["一般干部"].startswith("2025 年度 · 一般干部 · 参评 5 人")
