"""The whole cycle through the installed command (issue 16 items 1–2): score 2025 with a
quota tie → the committee's 决定 → score again (final grades) → 公示 → carry → fill 2026 in
the carried workbook (openpyxl, then a LibreOffice re-save) → score 2026 with the
consequences of two years. Refused decisions: exit 1 at their 决定 cells."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import resave
from runner import run_cadrekit

# id → (rank, score, grade, flags, limit) of the cases' 2025 (see cases/cycle.py)
UNDECIDED = {
    "A0001": ("1", "97.18", "优秀", "", ""),
    "A0002": ("2", "94.18", "称职", "quota-tie", ""),
    "A0003": ("2", "94.18", "称职", "quota-tie", ""),
    "A0004": ("2", "94.18", "称职", "quota-tie", ""),
    "A0006": ("5", "86.68", "称职", "", ""),
    "A0007": ("5", "86.68", "称职", "", ""),
    "A0008": ("5", "86.68", "称职", "", ""),
    "A0010": ("5", "86.68", "称职", "", ""),
    "A0005": ("9", "83.68", "基本称职", "admonishment", "基本称职"),
    "A0009": ("10", "56.68", "不称职", "demotion-review", "不称职"),
}
DECIDED = {
    **UNDECIDED,
    "A0002": ("2", "94.18", "称职", "", ""),
    "A0003": ("2", "94.18", "优秀", "merit-third-class", ""),
    "A0004": ("2", "94.18", "称职", "", ""),
}
FIELDS = ("rank", "score", "grade", "flags", "limit")


def results(path: Path, *args: str) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    done = run_cadrekit("score", path, "--format", "csv", "--lang", "en", *args)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["year"] for r in rows} == {args[-1] if args else "2025"}
    return [r["id"] for r in rows], {r["id"]: tuple(r[f] for f in FIELDS) for r in rows}


def test_an_undecided_tie_stays_as_today(corpus) -> None:
    order, got = results(corpus.saved("cycle-2025"))
    assert order == list(UNDECIDED)
    assert got == UNDECIDED


def test_the_decision_gives_the_slot_and_closes_the_tie(corpus) -> None:
    order, got = results(corpus.saved("cycle-2025-decided"))
    assert order == list(DECIDED)
    assert got == DECIDED  # 优秀 in 2023, 2024 and, decided, 2025: 记三等功


def test_explain_shows_the_decision_with_its_basis_and_recorder(corpus) -> None:
    done = run_cadrekit("explain", corpus.saved("cycle-2025-decided"), "A0003", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert (doc["grade"], doc["quota"]["awarded"], doc["quota"]["unfilled"]) == ("优秀", 2, 0)
    assert doc["decisions"] == [
        {
            "layer": "decisions",
            "rule_path": "decisions",
            "value": "优秀",
            "reason": "县委考核委员会2026年第1次会议（2026-01-15）决定：称职 → 优秀；记录人 刘洋",
            "outcome": "decided",
        }
    ]
    other = run_cadrekit("explain", corpus.saved("cycle-2025-decided"), "A0002", "--format", "json")
    closed = json.loads(other.stdout)["decisions"]
    assert [(a["value"], a["outcome"]) for a in closed] == [("称职", "tie-closed")]


def test_the_publicity_list_names_the_decided_cadre(corpus) -> None:
    before = run_cadrekit("publicity", corpus.saved("cycle-2025"))
    after = run_cadrekit("publicity", corpus.saved("cycle-2025-decided"))
    assert (before.returncode, after.returncode) == (0, 0), after.stderr
    assert "| 1 | 张三 | 县交通运输局 |  |" in before.stdout
    assert "王五" not in before.stdout
    assert "拟确定以下 2 名同志2025年度考核为优秀等次" in after.stdout
    assert "| 1 | 张三 | 县交通运输局 |  |\n| 2 | 王五 | 县交通运输局 |  |" in after.stdout


@pytest.mark.parametrize(
    ("case", "title", "cells"),
    [
        (
            "cycle-over-quota",
            "错误 决定的优秀人数超过该比例计算范围剩余名额（1 个） (decision-over-quota) × 1",
            ["│ 决定!C5 │ 优秀 │"],
        ),
        (
            "cycle-not-in-tie",
            "错误 该干部不在名额分界处的并列人员中，不能决定为优秀 (decision-not-in-tie) × 1",
            ["│ 决定!C4 │ 优秀 │"],
        ),
        (
            "cycle-limited",
            "错误 决定等次高于该干部的等次限制（基本称职） (decision-limited) × 1",
            ["│ 决定!C4 │ 优秀 │"],
        ),
        (
            "cycle-bad-words",
            "错误 决定等次不是可决定的等次 (decision-grade) × 1",
            ["│ 决定!C4 │ 优   │", "│ 决定!A6 │ A0004 │", "│ 决定!A7 │ A0099 │ 干部名册 │"],
        ),
    ],
)
def test_a_decision_the_rules_forbid_is_an_error_at_its_cell(corpus, case, title, cells) -> None:
    done = run_cadrekit("score", corpus.saved(case), "--format", "csv", env={"COLUMNS": "200"})
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert title in lines
    for cell in cells:
        assert any(line.startswith(cell) for line in lines), (cell, done.stderr)


def fill_2026(path: Path) -> None:
    """Next year's data typed into the carried workbook: the same votes and quarters for
    all, A0003 first (工作实绩 99), A0009 again 20; A0005's quarters are good this time."""
    wb = openpyxl.load_workbook(path)
    ws = wb["干部名册"]
    header = {c.value: c.column for c in ws[2]}
    work = {"A0001": 90, "A0002": 88, "A0003": 99, "A0004": 86, "A0009": 20}
    for row in range(3, ws.max_row + 1):
        cid = ws.cell(row, header["编号"]).value
        values = {"优秀票": 20, "称职票": 10, "基本称职票": 1, "不称职票": 0, "考核状态": "参加"}
        values |= {"一季度": "好", "二季度": "较好", "三季度": "好", "四季度": "好"}
        values["工作实绩"] = work.get(cid, 80)
        for name, value in values.items():
            ws.cell(row, header[name]).value = value
    wb.save(path)


def test_the_full_cycle_carries_the_final_grades_into_2026(corpus, tmp_path) -> None:
    decided = corpus.saved("cycle-2025-decided")
    nxt = tmp_path / "2026年度干部考核.xlsx"
    done = run_cadrekit("carry", decided, "-o", nxt)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"已结转 2025 年度 10 名干部的最终等次到历年考核，下一年度（2026）输入工作簿 → {nxt}"
    ]
    again = run_cadrekit("carry", decided, "-o", nxt)
    assert again.returncode == 2
    assert "文件已存在" in again.stderr

    wb = openpyxl.load_workbook(nxt)
    assert wb.sheetnames == ["干部名册", "纪实记录", "历年考核", "决定"]
    roster = list(wb["干部名册"].iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in roster] == [f"A{i:04d}" for i in range(1, 11)]
    assert {r[10:19] for r in roster} == {(None,) * 9}  # votes, quarters, 工作实绩 to fill
    assert wb["纪实记录"].max_row == 2 and wb["决定"].max_row == 2
    history = list(wb["历年考核"].iter_rows(min_row=3, values_only=True))
    assert ("A0003", 2025, "优秀", 94.18) in history  # the decided grade, not the tie's
    assert ("A0009", 2025, "不称职", 56.68) in history
    assert len(history) == 12 + 10

    fill_2026(nxt)
    resave([nxt], tmp_path / "saved", tmp_path / "profile")
    filled = tmp_path / "saved" / nxt.name
    scored = run_cadrekit("score", filled, "--format", "csv", "--lang", "en")
    assert scored.returncode == 0, scored.stderr
    assert "assessment year 2026 · 10 cadre(s)" in scored.stderr  # the year advanced
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(scored.stdout))}
    got = {i: (r["rank"], r["grade"], r["flags"], r["limit"], r["year"]) for i, r in rows.items()}
    assert got["A0003"] == ("1", "优秀", "merit-third-class", "", "2026")  # 2024–2026
    assert got["A0001"] == ("2", "优秀", "", "", "2026")
    assert got["A0009"] == ("10", "不称职", "dismissal-review;demotion-review", "不称职", "2026")
    assert got["A0005"][1:4] == ("称职", "", "")  # 基本称职 in 2025 only: no consequence

    tenure = run_cadrekit(
        "tenure", filled, "--from", "2024", "--to", "2026", "--format", "csv", "--lang", "en"
    )
    assert tenure.returncode == 0, tenure.stderr
    term = {r["id"]: r for r in csv.DictReader(io.StringIO(tenure.stdout))}
    fields = ("years", "excellent_years", "failing_years", "tenure_score", "tenure_grade")
    # 2024 from the old history, 2025 carried (decided 优秀, 94.18), 2026 as scored (96.18)
    assert tuple(term["A0003"][f] for f in fields) == ("3", "3", "0", "95.18", "优秀")


def test_library_decisions_recount_the_group_and_type_the_audit(corpus, tmp_path) -> None:
    from cadrekit import api

    dataset = api.load(corpus.saved("cycle-2025-decided"))
    assert list(dataset.sheets["decisions"].frame["grade"]) == ["优秀"]
    result = api.score(dataset)
    group = result.groups.set_index("quota_group").loc["staff/县交通运输局"]
    assert (group["slots"], group["excellent"], group["unfilled"], group["tie"]) == (2, 2, 0, False)
    audit = result.audit[result.audit["layer"] == "decisions"]
    assert sorted(zip(audit["cadre_id"], audit["outcome"], strict=True)) == [
        ("A0002", "tie-closed"),
        ("A0003", "decided"),
        ("A0004", "tie-closed"),
    ]
    done = api.carry(corpus.saved("cycle-2025-decided"), tmp_path / "next.xlsx")
    assert (done.year, done.next_year, done.cadres) == (2025, 2026, 10)
    carried = api.load(done.path)
    history = carried.sheets["history"].frame
    assert history[history["year"] == 2025].set_index("id").loc["A0003", "grade"] == "优秀"


SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def _regenerate_decided(tmp_path: Path) -> Path:
    done = subprocess.run(
        [
            sys.executable,
            str(SAMPLES.parents[1] / "scripts" / "decided_sample.py"),
            "--out",
            tmp_path,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return tmp_path / "county-2025-decided.xlsx"


def test_regenerating_the_decided_sample_gives_identical_bytes(tmp_path) -> None:
    # Bytes depend on the openpyxl that wrote the committed sample: CI's floors pass
    # deselects this test (as it does test_samples' regeneration); the cells are compared
    # on every version below.
    made = _regenerate_decided(tmp_path)
    assert made.read_bytes() == (SAMPLES / "county-2025-decided.xlsx").read_bytes()


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_decided_sample_regenerates_and_decides_only_the_tie(tmp_path) -> None:
    made = _regenerate_decided(tmp_path)
    assert _cells(made) == _cells(SAMPLES / "county-2025-decided.xlsx")
    _, plain = results(SAMPLES / "county-2025.xlsx", "--year", "2025")
    _, decided = results(made, "--year", "2025")
    changed = {i: (plain[i], decided[i]) for i in plain if plain[i] != decided[i]}
    assert changed == {
        "A0301": (("10", "94.50", "称职", "quota-tie", ""), ("10", "94.50", "优秀", "", "")),
        "A0302": (("10", "94.50", "称职", "quota-tie", ""), ("10", "94.50", "称职", "", "")),
    }


def test_decisions_in_their_own_file_apply_and_are_located(corpus, tmp_path) -> None:
    own = tmp_path / "决定.csv"
    head = "编号,姓名,决定等次,会议,会议日期,记录人\r\n"
    own.write_text(
        head + "A0003,王五,优秀,县委考核委员会2026年第1次会议,2026-01-15,刘洋\r\n", "utf-8-sig"
    )
    order, got = results(corpus.saved("cycle-2025"), "--decisions", str(own), "--year", "2025")
    assert order == list(DECIDED)
    assert got == DECIDED
    bad = tmp_path / "bad.csv"
    bad.write_text(head + "A0006,孙八,优秀,会,2026-01-15,刘洋\r\n", "utf-8-sig")
    done = run_cadrekit(
        "score", corpus.saved("cycle-2025"), "--decisions", bad, "--format", "csv",
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert done.returncode == 1
    assert any(line.startswith("│ bad!C2 │ 优秀 │") for line in done.stderr.splitlines())
    twice = run_cadrekit("score", corpus.saved("cycle-2025-decided"), "--decisions", own)
    assert twice.returncode == 2  # a usage error: two places for the decisions
    assert "输入已有决定表（决定），不能再用 --decisions 决定.csv" in twice.stderr


def widths(ws) -> dict[str, float]:
    """Column widths as Excel reads them (a <col> range covers several columns)."""
    from openpyxl.utils import get_column_letter

    out = {}
    for dim in ws.column_dimensions.values():
        for n in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            out[get_column_letter(n)] = dim.width
    return out


def look(cell) -> tuple[object, ...]:
    font = cell.font
    colour = font.color.rgb if font.color is not None and font.color.type == "rgb" else None
    return (cell.value, font.name, font.sz, font.b, colour, cell.fill.fgColor.rgb)


def test_the_carried_workbook_looks_like_the_template(corpus, tmp_path) -> None:
    nxt = tmp_path / "2026.xlsx"
    assert run_cadrekit("carry", corpus.saved("cycle-2025-decided"), "-o", nxt).returncode == 0
    wb = openpyxl.load_workbook(nxt)
    ws = wb["干部名册"]
    assert look(ws["A1"]) == ("2026年度干部考核汇总表", "宋体", 14, True, None, "00000000")
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:S1"]
    assert ws.freeze_panes == "C3"  # title and header, 编号 and 姓名
    # required headers in red, optional ones black, indicators on green; 宋体 11 throughout
    assert [look(ws[c]) for c in ("A2", "G2", "S2")] == [
        ("编号", "宋体", 11, True, "FFC00000", "FFDDEBF7"),
        ("考核状态", "宋体", 11, True, None, "FFDDEBF7"),
        ("工作实绩", "宋体", 11, True, None, "FFE2EFDA"),
    ]
    assert ws["A2"].comment.text.startswith("编号（必填）\n")
    assert (ws["A3"].value, ws["A3"].font.name, ws["C3"].value) == ("A0001", "宋体", "县交通运输局")
    got = widths(ws)
    assert [got[c] for c in "ABCGHJS"] == [
        8.7109375,  # 编号 (the template's 8)
        8.7109375,  # 姓名
        14.7109375,  # 单位: 县交通运输局 and room
        11.7109375,  # 考核状态
        20.7109375,  # 身份证号: 18 digits
        13.7109375,  # 任现职时间
        11.7109375,  # 工作实绩
    ]
    assert ws["J3"].number_format == "yyyy.mm"
    rules = {str(d.sqref): d.formula1 for d in ws.data_validations.dataValidation}
    assert rules["G3:G1048576"] == '"参加,不定等次,不参加"'  # the rows to fill, not the header
    assert rules["O3:O1048576"] == '"好,较好,一般,较差"'
    # the same header look as `cadrekit template`
    template = tmp_path / "模板.xlsx"
    assert run_cadrekit("template", "-o", template).returncode == 0
    blank = openpyxl.load_workbook(template)["干部名册"]
    by_name = {c.value: c for c in blank[1]}
    for cell in ws[2]:
        assert look(cell)[3:] == look(by_name[cell.value])[3:], cell.value
    history = wb["历年考核"]
    assert look(history["D2"]) == ("年度得分", "宋体", 11, True, None, "FFDDEBF7")
    assert history.freeze_panes == "B3"

    fill_2026(nxt)  # typed in as it is, it scores as 2026
    scored = run_cadrekit("score", nxt, "--format", "csv", "--lang", "en")
    assert scored.returncode == 0, scored.stderr
    assert "assessment year 2026 · 10 cadre(s)" in scored.stderr
