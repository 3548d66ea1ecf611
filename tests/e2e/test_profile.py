"""``cadrekit profile``: one cadre across years (干部画像) on an 80-column terminal, as JSON
and as one printable A4 page."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from runner import run_cadrekit

NARROW = {"COLUMNS": "80"}

A0003 = """\
王五（A0003）县交通运输局 · 一般干部 · 2025 年度画像

2025 年度
综合得分 88.18　等次 称职　赛道排名 5 / 5
平时考核 好 较好 好 好　加分 0　减分 0
当前限制：无

历年考核
年度  等次  得分   来源
───────────────────────────
2024  称职         历年考核
2025  称职  88.18  本年度

纪实记录（2025 年，按类别）
本年度无纪实记录

监督信息
无监督信息记录
影响期（参考日期 2025-12-31）：无

教育培训
2025 年 学时 0 / 应修 90，未达标
培训内容：无；缺少专题：党的创新理论

任职年限
任现职 2021-03 起 4.83 年
名册无 任现职级时间 列，职级年限按任现职时间计
职级晋升：任现职 2021-03 起至 2025-12-31 共 4.83 年，折算 4.83 年，达到晋升所需
2 年

能上能下
不在能上（提拔）名单和能下（调整）名单中
"""


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_quiet_cadre_on_80_columns(corpus) -> None:
    done = run_cadrekit(
        "profile", corpus.saved("profile-cadre"), "A0003", "-f", "table", env=NARROW
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert lines(done.stdout) == lines(A0003)


def test_full_portrait_on_80_columns(corpus) -> None:
    done = run_cadrekit(
        "profile", corpus.saved("profile-cadre"), "A0001", "-f", "table", env=NARROW
    )
    assert done.returncode == 0, done.stderr
    shown = lines(done.stdout)
    assert max(cells(line) for line in shown) <= 80
    assert shown[:6] == [
        "张三（A0001）县交通运输局 · 一般干部 · 2025 年度画像",
        "",
        "2025 年度",
        "综合得分 89.18　等次 称职　赛道排名 2 / 5",
        "平时考核 好 较好 好 好　加分 3　减分 1",
        "当前限制：监督信息（考核年度）：2025-09-01 诫勉 → 不得评为优秀",
    ]
    start = shown.index("历年考核")
    assert shown[start + 3 : start + 7] == [
        "2022  称职         历年考核",
        "2023  优秀         历年考核",
        "2024  优秀         历年考核",
        "2025  称职  89.18  本年度",
    ]
    start = shown.index("纪实记录（2025 年，按类别）")
    assert shown[start + 1 : start + 10] == [
        "类别        条数  加分  减分",
        "────────────────────────────",
        "森林防灭火  1     1     0",
        "急难险重    1     2     0",
        "作风纪律    1     0     1",
        "计入｜2025-03-02 加分 急难险重 2 分（抢通塌方路段）",
        "计入｜2025-06-18 加分 森林防灭火 1 分（扑救山火）",
        "不计入｜2024-11-20 加分 急难险重 2 分（上年度事项）",
        "计入｜2025-08-11 减分 作风纪律 1 分（会议迟到）",
    ]
    start = shown.index("监督信息")
    assert shown[start + 3 : start + 6] == [
        "2025-04-10  信访举报  提醒谈话  是",
        "2025-09-01  纪检监察  诫勉      是    工作作风问题",
        "影响期（参考日期 2025-12-31）：诫勉（2025-09-01）影响期 2025-09-01 至 2026-02-28",
    ]
    start = shown.index("教育培训")
    assert shown[start + 1 : start + 3] == [
        "2025 年 学时 72 / 应修 90，未达标",
        "培训内容：党的理论教育、业务知识；缺少专题：党的创新理论",
    ]
    assert shown[shown.index("能上能下") :] == [
        "能上能下",
        "名单  事项              依据",
        "─" * 80,
        "能上  影响期内不得提拔  处于影响期：诫勉（2025-09-01）影响期 2025-09-01 至",
        "                        2026-02-28（参考日期 2025-12-31），不得提拔",
        "能上  多年优秀          近 3 年（2023–2025）优秀 2 次：2023、2024；处于影响期至",
        "                        2026-02-28，参考日期 2025-12-31 不得提拔",
        "能上  职级晋升已满年限  任现职 2021-03 起至 2025-12-31 共 4.83 年，优秀 2",
        "                        个年度各折算 0.5 年，折算 5.83 年，达到晋升所需 2",
        "                        年；处于影响期至 2026-02-28，参考日期 2025-12-31",
        "                        不得提拔",
    ]


def test_json_and_the_reference_day(corpus) -> None:
    done = run_cadrekit("profile", corpus.saved("profile-cadre"), "张三", "--date", "2026-03-01")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)  # piped: JSON
    assert doc["head"]["id"] == "A0001"
    assert [(g["year"], g["grade"], g["source"]) for g in doc["grades"]] == [
        (2022, "称职", "history"),
        (2023, "优秀", "history"),
        (2024, "优秀", "history"),
        (2025, "称职", "result"),
    ]
    assert doc["events"] == [
        {"category": "森林防灭火", "n": 1, "bonus": 1.0, "deduction": 0.0},
        {"category": "急难险重", "n": 1, "bonus": 2.0, "deduction": 0.0},
        {"category": "作风纪律", "n": 1, "bonus": 0.0, "deduction": 1.0},
    ]
    assert [s["outcome"] for s in doc["ledger"]] == ["counted", "counted", "not-counted", "counted"]
    assert doc["influence"] == {
        "active": "",
        "ended": "诫勉（2025-09-01）影响期 2025-09-01 至 2026-02-28",
        "tolerated": "",
        "until": "",
    }
    assert [p["item"] for p in doc["pool"]] == ["excellent-repeatedly", "rank-promotion"]
    assert doc["years"]["served"] == 4.83 and doc["years"]["effective"] == 5.83
    assert doc["training"]["hours"] == 72.0 and doc["training"]["met"] is False


def test_unknown_id_names_the_nearest(corpus) -> None:
    done = run_cadrekit("profile", corpus.saved("profile-cadre"), "A001")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "错误: 干部名册中没有编号或姓名为 A001 的干部；最接近的：A0001（张三）、A0005（钱七）、"
        "A0004（赵六）、A0003（王五）、A0002（李四） — 请核对编号（干部名册 的 编号 列）\n"
    )


def test_printable_page(corpus, tmp_path: Path) -> None:
    page = tmp_path / "画像.html"
    done = run_cadrekit("profile", corpus.saved("profile-cadre"), "A0001", "-o", page)
    assert (done.returncode, done.stderr) == (0, f"已写入 {page}\n")
    html = page.read_text(encoding="utf-8")
    assert "<h1>张三（A0001）县交通运输局 · 一般干部 · 2025 年度画像</h1>" in html
    assert "@page { size: A4;" in html
    again = run_cadrekit("profile", corpus.saved("profile-cadre"), "A0001", "-o", page)
    assert again.returncode == 2 and "文件已存在" in again.stderr
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI to print the page")
        pytest.skip("chromium is not installed")
    pdf = tmp_path / "画像.pdf"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'chrome'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    assert re.search(r"Page size:\s+594.96 x 841.92 pts \(A4\)", info)


def years_section(path: Path, cadre: str) -> list[str]:
    done = run_cadrekit("profile", path, cadre, "-f", "table", env=NARROW)
    assert (done.returncode, done.stderr) == (0, "")
    shown = lines(done.stdout)
    return shown[shown.index("任职年限") + 1 : shown.index("能上能下") - 1]


def test_years_in_rank_from_the_rank_columns(corpus) -> None:
    path = corpus.saved("ballot-rank")  # 职级 and 任现职级时间 for A0001, A0002
    assert years_section(path, "A0002") == [
        "任现职 2021-03 起 4.83 年",
        "现职级 二级主任科员，任现职级 2023-07 起 2.50 年",
        "职级晋升：任现职级 2023-07 起至 2025-12-31 共 2.50 年，优秀 2 个年度各折算 0.5",
        "年，折算 3.50 年，达到晋升所需 2 年",
    ]
    # a 职级 without its date, and neither: time in post counts, and the portrait says so
    assert years_section(path, "A0003") == [
        "任现职 2021-03 起 4.83 年",
        "现职级 三级主任科员，任现职级时间 未填写，职级年限按任现职时间计",
        "职级晋升：任现职 2021-03 起至 2025-12-31 共 4.83 年（任现职级时间 未填写，按任现",
        "职时间计），折算 4.83 年，达到晋升所需 2 年",
    ]
    assert years_section(path, "A0005")[:2] == [
        "任现职 2024-09 起 1.33 年",
        "任现职级时间 未填写，职级年限按任现职时间计",
    ]
    doc = json.loads(run_cadrekit("profile", path, "A0001").stdout)
    assert doc["years"] == {
        "post_since": "2021-03",
        "post_years": 4.83,
        "rank_title": "一级主任科员",
        "since": "2024-01",
        "served": 2.0,
        "effective": 2.0,
        "required": 2.0,
        "eligible": True,
        "rank_basis": "rank_since",
        "fallback": "",
        "evidence": "任现职级 2024-01 起至 2025-12-31 共 2.00 年，折算 2.00 年，达到晋升所需 2 年",
    }
    plain = json.loads(run_cadrekit("profile", corpus.saved("profile-cadre"), "A0003").stdout)
    assert (plain["years"]["rank_basis"], plain["years"]["fallback"]) == (
        "appointed_on",
        "no-rank-column",
    )


def test_the_pool_counts_years_in_rank_too(corpus) -> None:
    """flags' 职级晋升 rows of the promotion pool count from 任现职级时间 where it is filled."""
    done = run_cadrekit("flags", corpus.saved("ballot-rank"), "--format", "csv", "--lang", "en")
    assert done.returncode == 0, done.stderr
    rows = [r for r in csv.DictReader(io.StringIO(done.stdout)) if r["item"].startswith("rank-")]
    assert [(r["id"], r["item"], r["evidence"]) for r in rows] == [
        (
            "A0005",  # no 任现职级时间: the fallback, said
            "rank-promotion-not-yet",
            "任现职 2024-09 起至 2025-12-31 共 1.33 年（任现职级时间 未填写，按任现职时间计），"
            "优秀 1 个年度各折算 0.5 年，折算 1.83 年，未达到晋升所需 2 年",
        ),
        (
            "A0002",
            "rank-promotion",
            "任现职级 2023-07 起至 2025-12-31 共 2.50 年，优秀 2 个年度各折算 0.5 年，"
            "折算 3.50 年，达到晋升所需 2 年",
        ),
    ]
