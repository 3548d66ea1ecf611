"""``cadrekit score FILE -o 结果.html`` and ``--public``: the page and the public list.

The roster (cases/html.py) was written by openpyxl and re-saved by LibreOffice; every test
drives the installed command. The page is read back with ``html.parser`` (exact table
rows), and a real browser (Debian's ``chromium``, headless) loads it: the script ran
(``data-report="ready"``), a filter and a sort from the address took effect, and a
screenshot has the size asked for.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from runner import run_cadrekit

CASE = "html-two-units"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

FULL_HEADERS = [
    "排名",
    "编号",
    "姓名",
    "单位",
    "职务",
    "实绩得分",
    "民主测评得分",
    "平时考核得分",
    "加分",
    "减分",
    "综合得分",
    "等次",
    "等次限制",
    "限制原因",
    "标记",
]
# (rank, id, name, unit, post, score, grade, limit, limit reason) of the full page
FULL_ROWS = [
    ("1", "A0008", "吴十", "县交通运输局", "副科长", "90.68", "优秀", "", ""),
    ("2", "A0007", "周九", "县交通运输局", "科长", "90.18", "称职", "", ""),
    ("3", "A0006", "孙八", "县交通运输局", '<b>科员</b> & "办公室"', "89.68", "称职", "", ""),
    ("4", "A0005", "钱七", "县交通运输局", "一级主任科员", "89.18", "称职", "", ""),
    ("5", "A0004", "赵六", "县交通运输局", "科员", "88.68", "称职", "", ""),
    ("6", "A0003", "王五", "县交通运输局", "科员", "88.18", "称职", "", ""),
    ("7", "A0001", "张三", "县交通运输局", "科长", "88.18", "称职", "", ""),
    (
        "8",
        "A0002",
        "李四",
        "县交通运输局",
        "副科长",
        "87.68",
        "称职",
        "称职",
        "监督信息（考核年度）：2025-05-10 诫勉 → 不得评为优秀",
    ),
    ("8", "A0012", "李四", "城关镇", "四级主任科员", "87.68", "称职", "", ""),
    ("10", "A0011", "张三", "城关镇", "一级主任科员", "87.18", "称职", "", ""),
    ("11", "A0010", "冯二", "城关镇", "科员", "86.68", "称职", "", ""),
    ("12", "A0009", "郑一", "城关镇", "科员", "86.18", "称职", "", ""),
]
PUBLIC_HEADERS = ["排名", "姓名", "单位", "职务", "综合得分", "等次"]
PUBLIC_ROWS = [[r[0], r[2], r[3], r[4], r[5], r[6]] for r in FULL_ROWS]
SUMMARY_HEADERS = [
    "考核序列名称",
    "总人数",
    "参评人数",
    "优秀",
    "称职",
    "基本称职",
    "不称职",
    "不定等次",
    "优秀名额",
    "评定优秀",
    "未用名额",
    "分界并列",
]
SUMMARY_ROWS = [["一般干部", "12", "12", "1", "11", "0", "0", "0", "1", "1", "0", "0"]]
PUBLIC_SUMMARY = [["一般干部", "12", "1", "11", "0", "0", "0", "1", "1"]]


class Page(HTMLParser):
    """The parts of a page the tests read: its tables, attributes, styles and scripts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.attrs: list[tuple[str, str, str | None]] = []  # (tag, name, value)
        self.tags: list[str] = []
        self.root: dict[str, str | None] = {}
        self.sections: list[dict[str, str | None]] = []
        self._cell: list[str] | None = None
        self._row: dict | None = None
        self._head = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag == "html":
            self.root = found
        elif tag == "section":
            self.sections.append(found)
        elif tag == "table":
            self.tables.append({"attrs": found, "head": [], "rows": [], "sorted": {}})
        elif tag == "thead":
            self._head = True
        elif tag == "tbody":
            self._head = False
        elif tag == "tr" and not self._head:
            self._row = {"attrs": found, "cells": []}
            self.tables[-1]["rows"].append(self._row)
        elif tag in ("td", "th"):
            self._cell = []
            if self._head and "aria-sort" in found:
                self.tables[-1]["sorted"][found.get("data-key")] = found["aria-sort"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell).strip()
            if self._head:
                self.tables[-1]["head"].append(text)
            elif self._row is not None:
                self._row["cells"].append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def ranked(self) -> list[dict]:
        return [t for t in self.tables if t["attrs"].get("class") == "ranked"]

    def summary(self) -> dict:
        return next(t for t in self.tables if t["attrs"].get("class") == "counts")


def write_page(corpus, tmp_path: Path, name: str, *args: str) -> tuple[Path, str]:
    out = tmp_path / name
    done = run_cadrekit("score", corpus.saved(CASE), "-o", out, *args)
    assert done.returncode == 0, done.stderr
    assert f"→ {out}" in done.stderr
    return out, out.read_text(encoding="utf-8")


def test_page_has_the_ranked_table_and_the_summary(corpus, tmp_path):
    _, text = write_page(corpus, tmp_path, "结果.html")
    page = Page(text)
    assert page.root["lang"] == "zh-CN" and page.root["data-public"] == "no"
    (table,) = page.ranked()
    assert table["attrs"]["data-track"] == "staff"
    assert table["head"] == FULL_HEADERS
    got = [(c[0], c[1], c[2], c[3], c[4], c[10], c[11], c[12], c[13]) for c in cells(table["rows"])]
    assert got == FULL_ROWS
    assert [r["attrs"]["data-unit"] for r in table["rows"]] == ["县交通运输局"] * 8 + ["城关镇"] * 4
    first = cells(table["rows"])[0]
    assert first[5:10] == ["88.00", "92.26", "95.00", "0.00", "0.00"]  # P V Q bonus deduction
    assert cells(table["rows"])[6][8] == "1.00"  # A0001's 加分 (扑救山火)
    assert table["sorted"] == {"rank": "ascending"}
    summary = page.summary()
    assert summary["head"] == SUMMARY_HEADERS
    assert cells(summary["rows"]) == SUMMARY_ROWS
    assert "<h1>2025 年度干部考核结果</h1>" in text
    assert "一般干部 · 2025 年度 · 参评 12 人 · 优秀名额 1 个" in text
    # the unit list offers each unit once, in roster order
    assert re.findall(r'<option value="([^"]*)">', text) == ["", "县交通运输局", "城关镇"]
    # the full page never holds an ID number or a birth date; rule paths stay out
    for secret in [*id_numbers(), "1985-06", "1985.06", "[limits."]:
        assert secret not in text


def test_public_page_holds_only_what_may_be_published(corpus, tmp_path):
    _, text = write_page(corpus, tmp_path, "公开.html", "--public")
    page = Page(text)
    assert page.root["data-public"] == "yes"
    (table,) = page.ranked()
    assert table["head"] == PUBLIC_HEADERS
    assert cells(table["rows"]) == PUBLIC_ROWS
    assert page.summary()["head"] == [
        "考核序列名称",
        "参评人数",
        "优秀",
        "称职",
        "基本称职",
        "不称职",
        "不定等次",
        "优秀名额",
        "评定优秀",
    ]
    assert cells(page.summary()["rows"]) == PUBLIC_SUMMARY
    assert "<h1>2025 年度干部考核结果（公开名单）</h1>" in text
    forbidden = [
        *id_numbers(),
        *[f"A{n:04d}" for n in range(1, 13)],  # ids
        "1985-06",
        "1985.06",
        "诫勉",
        "礼金",
        "监督",
        "等次限制",
        "限制原因",
        "标记",
        "扑救山火",
        "html-two-units",  # the input file's name
    ]
    for secret in forbidden:
        assert secret not in text, secret


def test_text_from_the_roster_is_escaped(corpus, tmp_path):
    _, text = write_page(corpus, tmp_path, "结果.html")
    assert "&lt;b&gt;科员&lt;/b&gt; &amp; &#34;办公室&#34;" in text
    assert "<b>" not in text
    assert "b" not in Page(text).tags


def test_page_is_self_contained(corpus, tmp_path):
    for args in ((), ("--public",), ("--lang", "en")):
        _, text = write_page(corpus, tmp_path, f"p{len(args)}.html", *args)
        page = Page(text)
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I)
        assert "url(" not in text and "@import" not in text
        assert "link" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
        refs = [(tag, k, v) for tag, k, v in page.attrs if k in ("src", "href", "srcset")]
        assert all(k == "href" and (v or "").startswith("#track-") for _, k, v in refs), refs
        assert page.tags.count("style") == 1 and page.tags.count("script") == 1
        assert "@media print" in text and "@page { size: A4 landscape" in text
        assert page.tags.count("svg") == 2  # the summary chart and the track's


def test_english_page(corpus, tmp_path):
    _, text = write_page(corpus, tmp_path, "results.html", "--lang", "en")
    page = Page(text)
    assert page.root["lang"] == "en"
    (table,) = page.ranked()
    assert table["head"][:5] == ["rank", "id", "name", "unit", "post"]
    assert table["head"][-4:] == ["grade", "limit", "limit_reason", "flags"]
    assert "<h1>Cadre assessment 2025</h1>" in text
    _, public = write_page(corpus, tmp_path, "public.html", "--lang", "en", "--public")
    (table,) = Page(public).ranked()
    assert table["head"] == ["rank", "name", "unit", "post", "score", "grade"]


def test_public_workbook(corpus, tmp_path):
    import openpyxl

    out = tmp_path / "公开名单.xlsx"
    done = run_cadrekit("score", corpus.saved(CASE), "-o", out, "--public")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "一般干部"]
    summary = [list(r) for r in book["汇总"].iter_rows(values_only=True)]
    assert summary[0][0] == "2025 年度考核结果汇总"
    assert summary[1] == [
        "考核序列名称",
        "参评人数",
        "优秀",
        "称职",
        "基本称职",
        "不称职",
        "不定等次",
        "优秀名额",
        "评定优秀",
    ]
    assert summary[2] == ["一般干部", 12, 1, 11, 0, 0, 0, 1, 1]
    ws = book["一般干部"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "一般干部 · 2025 年度 · 参评 12 人 · 优秀名额 1 个"
    assert rows[1] == PUBLIC_HEADERS
    expected = [[int(r[0]), r[1], r[2], r[3], float(r[4]), r[5]] for r in PUBLIC_ROWS]
    assert rows[2:] == expected
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    every = " ".join(
        str(v)
        for name in book.sheetnames
        for r in book[name].iter_rows(values_only=True)
        for v in r
    )
    for secret in [*id_numbers(), "A0002", "1985-06", "诫勉", "礼金", "限制"]:
        assert secret not in every


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--public", "--format", "csv"), "--public 只用于 -o 结果.html 或 -o 结果.xlsx"),
        (("--public", "-o", "x.json"), "--public 只用于 -o 结果.html 或 -o 结果.xlsx"),
        (("--public", "-o", "x.xlsx", "--show-id-numbers"), "公开名单不含身份证号"),
        (("-o", "x.html", "--show-id-numbers"), "HTML 报告不含身份证号"),
        (("--public", "--publicity", "-o", "x.xlsx"), "--public 不能与 --publicity 同用"),
        (("--public", "--kind", "tenure", "-o", "x.html"), "--public 不能与 --kind tenure 同用"),
    ],
)
def test_public_refuses_what_it_cannot_do(corpus, tmp_path, args, message):
    done = run_cadrekit("score", corpus.saved(CASE), *args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


def test_existing_page_is_not_replaced_without_force(corpus, tmp_path):
    out, first = write_page(corpus, tmp_path, "结果.html")
    again = run_cadrekit("score", corpus.saved(CASE), "-o", out)
    assert again.returncode == 2 and "--force" in again.stderr
    assert out.read_text(encoding="utf-8") == first
    forced = run_cadrekit("score", corpus.saved(CASE), "-o", out, "--force", "--public")
    assert forced.returncode == 0, forced.stderr
    assert 'data-public="yes"' in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------------ the browser


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    profile = tmp_path / "chromium-profile"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_browser_runs_the_script_filters_and_sorts(corpus, tmp_path):
    out, _ = write_page(corpus, tmp_path, "结果.html")
    loaded = Page(chromium(tmp_path, "--dump-dom", out.as_uri()).stdout)
    assert loaded.root.get("data-report") == "ready"
    (table,) = loaded.ranked()
    assert [c[1] for c in cells(table["rows"])] == [r[1] for r in FULL_ROWS]
    assert not any("hidden" in r["attrs"] for r in table["rows"])
    # a unit head's link: only 城关镇, by score, highest first
    link = out.as_uri() + "#unit=%E5%9F%8E%E5%85%B3%E9%95%87&sort=score&dir=desc"
    dom = chromium(tmp_path, "--dump-dom", link).stdout
    view = Page(dom)
    (table,) = view.ranked()
    shown = [c for r, c in zip(table["rows"], cells(table["rows"]), strict=True) if not hidden(r)]
    assert [(c[1], c[10]) for c in shown] == [
        ("A0012", "87.68"),
        ("A0011", "87.18"),
        ("A0010", "86.68"),
        ("A0009", "86.18"),
    ]
    assert table["sorted"] == {"score": "descending"}
    assert view.sections[1]["data-shown"] == "4"
    assert '<span class="shown">4</span> / 12' in dom
    # sorted by name: text order, ties kept in rank order
    by_name = Page(chromium(tmp_path, "--dump-dom", out.as_uri() + "#sort=unit").stdout)
    (table,) = by_name.ranked()
    assert [c[3] for c in cells(table["rows"])][:4] == ["城关镇"] * 4


def test_browser_screenshot_has_the_size_asked(corpus, tmp_path):
    out, _ = write_page(corpus, tmp_path, "公开.html", "--public")
    shot = tmp_path / "page.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", out.as_uri())
    head = shot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    assert struct.unpack(">II", head[16:24]) == (1280, 2000)


# ------------------------------------------------------------------------------ helpers


def cells(rows: list[dict]) -> list[list[str]]:
    return [r["cells"] for r in rows]


def hidden(row: dict) -> bool:
    return "hidden" in row["attrs"]


def id_numbers() -> list[str]:
    """Every ID number of the roster, in full, masked, and its last four characters."""
    from office import id_number

    found = []
    for n in range(1, 13):
        full = id_number("110105", "19850612", f"{n:03d}")
        found += [full, full[:6] + "********" + full[-4:]]
    return found
