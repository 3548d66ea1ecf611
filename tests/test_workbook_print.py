"""The sample's results workbook as a person sees it on paper: LibreOffice's PDF.

Each page is attributed to its sheet by the footer (which names the sheet); the print
sheets (汇总, the track sheets, 按单位, 能上能下) must total at most 15 A4 landscape pages,
each track on as few pages as its rows need, and no printed word smaller than 8 pt
(``pdftotext -bbox``: a word box of 9 pt 宋体 is about 10.4 pt high).
"""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from pdf_pages import Page, pages, to_pdf
from runner import run_cadrekit

SAMPLE = Path(__file__).parent.parent / "data" / "samples" / "county-2025.xlsx"
TRACKS = ["乡镇党政正职", "乡镇班子副职", "县直单位正职", "县直单位副职", "一般干部"]
PRINT_SHEETS = ["汇总", *TRACKS, "按单位", "能上能下"]

# skipped only outside CI: in CI (.ci/run installs both) a missing tool fails the tests
pytestmark = pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftotext") is None)
    and not os.environ.get("CI"),
    reason="LibreOffice and poppler are needed",
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, list[Page]]:
    folder = tmp_path_factory.mktemp("print")
    done = run_cadrekit("score", SAMPLE, "-o", folder / "结果.xlsx", cwd=folder)
    assert done.returncode == 0, done.stderr
    names = openpyxl.load_workbook(folder / "结果.xlsx", read_only=True).sheetnames
    assert names[: len(PRINT_SHEETS)] == PRINT_SHEETS
    by_sheet: dict[str | None, list[Page]] = defaultdict(list)
    for page in pages(to_pdf(folder / "结果.xlsx", folder)):
        by_sheet[page.sheet(names)].append(page)
    return by_sheet


def test_print_sheets_total_at_most_15_a4_landscape_pages(printed: dict) -> None:
    counts = {name: len(printed[name]) for name in PRINT_SHEETS}
    assert counts == {
        "汇总": 2,  # the tables and the chart; the quota groups
        "乡镇党政正职": 1,
        "乡镇班子副职": 1,
        "县直单位正职": 1,
        "县直单位副职": 1,
        "一般干部": 6,
        "按单位": 1,
        "能上能下": 2,
    }
    assert sum(counts.values()) <= 15
    for name in PRINT_SHEETS:
        for page in printed[name]:
            assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape


def test_printed_text_is_at_least_8_pt(printed: dict) -> None:
    smallest = {name: min(p.smallest() for p in printed[name]) for name in PRINT_SHEETS}
    assert min(smallest.values()) >= 8, smallest


def _words(page: Page) -> set[str]:
    return {text for _, text in page.words}


def test_every_track_page_repeats_the_title_and_header(printed: dict) -> None:
    # pdftotext reads a table column by column: check words, not lines
    for name in TRACKS:
        for page in printed[name]:
            assert f"青山县2025 年度 · {name} · 参评" in page.text()
            assert {
                "排名",
                "编号",
                "姓名",
                "单位",
                "综合得分",
                "等次",
                "等次限制",
                "备注",
            } <= _words(page)
    first = printed["乡镇党政正职"][0]
    assert "参评 24 人 · 优秀名额 6 名" in first.text()
    assert {"A0001", "韦怡英", "104.50", "记三等功", "不得评为优秀", "最高为基本称职"} <= _words(
        first
    )


def test_the_summary_chart_prints_whole_on_page_one(printed: dict) -> None:
    one, two = printed["汇总"]
    assert "各考核序列等次分布" in _words(one) and "比例计算范围明细" not in _words(one)
    assert {"比例计算范围明细", "一般干部（县交通运输局）", "20%", "25%"} <= _words(two)
    assert "0.2" not in _words(two)  # rates as percentages
