"""Architecture end to end: typed audit outcomes in explain and the 明细 sheet, and the
special/tenure/publicity commands beside their old spellings, on office-saved files."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from runner import run_cadrekit


def test_explain_reads_the_typed_outcomes(corpus) -> None:
    done = run_cadrekit("explain", corpus.saved("arch-outcomes"), "A0001", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    counted = doc["adjustments"]["counted"]
    left = doc["adjustments"]["left_out"]
    assert sorted((s["value"], s["outcome"]) for s in counted) == [
        ("1", "counted"),
        ("3", "counted"),
        ("4", "counted"),
    ]
    assert sorted((s["rule_path"], s["value"], s["outcome"]) for s in left) == [
        ("adjustments.bonus", "2", "not-counted"),
        ("adjustments.bonus.cap", "3", "capped"),
    ]
    assert {s["outcome"] for s in doc["steps"] if s["layer"] != "adjustments"} == {""}


def test_detail_sheet_shows_the_outcome_column(corpus, tmp_path: Path) -> None:
    out = tmp_path / "结果.xlsx"
    done = run_cadrekit("score", corpus.saved("arch-outcomes"), "-o", out)
    assert done.returncode == 0, done.stderr
    rows = list(openpyxl.load_workbook(out)["明细"].iter_rows(values_only=True))
    at = rows[0].index("计入情况")  # the audit columns: 环节, 规则, 结果, 说明, 计入情况
    assert rows[0][at - 4 : at] == ("环节", "规则", "结果", "说明")
    a1 = [r for r in rows[1:] if r[0] == "A0001" and r[at - 4] == "加减分"]
    assert sorted(r[at] for r in a1) == sorted(["计入", "计入", "计入", "不计入", "超上限不计"])


def test_tenure_command_and_its_old_spelling(corpus) -> None:
    path = corpus.saved("arch-outcomes")
    now = run_cadrekit("tenure", path, "--from", "2024", "--to", "2025", "--format", "csv")
    was = run_cadrekit("score", path, "--kind", "tenure", "--from", "2024", "--to", "2025",
                       "--format", "csv")  # fmt: skip
    assert now.returncode == was.returncode == 0, now.stderr + was.stderr
    assert now.stdout == was.stdout and now.stdout.startswith("编号,姓名,单位,任期起,任期止")
    assert was.stderr.splitlines()[0] == (
        "提示：score --kind tenure 已改为独立命令 cadrekit tenure（旧写法仍可用）"
    )
    assert "已改为" not in now.stderr


def test_special_command_on_a_book_without_the_sheet(corpus) -> None:
    done = run_cadrekit("special", corpus.saved("arch-outcomes"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "专项考核需要 --task（可选：无）" in done.stderr
