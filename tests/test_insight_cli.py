"""The insight commands from the installed CLI: formats, exit codes, the vetting date."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from runner import run_cadrekit

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason="sample not built")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cadrekit(*args)


def small_book(path: Path) -> Path:
    """One staff cadre, one candidate clean but for a 记过 dated 2025-03-02 (last day 2026-03-01)."""
    sheets = {
        "干部名册": pd.DataFrame(
            [
                {
                    "编号": "A1",
                    "姓名": "张一",
                    "单位": "城关镇",
                    "层级": "一般干部",
                    "任现职时间": "2020-01-01",
                    "优秀票": 10,
                    "称职票": 5,
                    "基本称职票": 0,
                    "不称职票": 0,
                    "一季度": "好",
                    "工作实绩": 90,
                }
            ]
        ),
        "拟提拔人选": pd.DataFrame(
            [
                {
                    "编号": "A1",
                    "拟任职务": "副镇长",
                    "档案审核": "已审核",
                    "个人有关事项报告核查": "一致",
                    "纪检监察机关意见": "暂未发现影响提拔任用的问题",
                    "信访举报核查": "无",
                }
            ]
        ),
        "监督信息": pd.DataFrame(
            [
                {
                    "编号": "A1",
                    "日期": "2025-03-02",
                    "来源": "纪检监察",
                    "处理类型": "记过",
                    "是否核实": "是",
                }
            ]
        ),
        "历年考核": pd.DataFrame([{"编号": "A1", "年度": 2024, "等次": "称职"}]),
    }
    with pd.ExcelWriter(path) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return path


@pytest.mark.parametrize(
    ("date", "code", "overall"), [("2026-03-01", 1, "fail"), ("2026-03-02", 0, "pass")]
)
def test_vet_influence_period_ends_on_its_last_day(
    tmp_path: Path, date: str, code: int, overall: str
) -> None:
    book = small_book(tmp_path / "roster.xlsx")
    got = run("vet", str(book), "--date", date, "--format", "json")
    assert got.returncode == code, got.stderr
    data = json.loads(got.stdout)
    assert {r["overall"] for r in data["rows"]} == {overall}
    influence = next(r for r in data["rows"] if r["check"] == "influence")
    assert "影响期 2025-03-02 至 2026-03-01" in influence["reason"]


def test_vet_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    book = small_book(tmp_path / "roster.xlsx")
    assert run("vet", str(book), "--date", "2026/03/01").returncode == 2


@needs_sample
def test_vet_sample_summary_csv_and_exit_code() -> None:
    got = run("vet", str(SAMPLE), "--date", "2026-01-10", "--summary", "--format", "csv")
    assert got.returncode == 1  # the sample has failing and incomplete candidates
    header = got.stdout.splitlines()[0]
    assert header.startswith("编号,姓名,单位,拟任职务,综合结论")


@needs_sample
def test_flags_json_lists_and_explain_by_name() -> None:
    got = run("flags", str(SAMPLE), "--list", "risk", "--format", "json")
    assert got.returncode == 0, got.stderr
    data = json.loads(got.stdout)
    assert data["lists"] == ["risk"] and {r["list"] for r in data["rows"]} == {"risk"}
    first = data["rows"][0]
    one = json.loads(run("explain", str(SAMPLE), first["id"], "-f", "json").stdout)
    assert one["id"] == first["id"]


@needs_sample
def test_compare_one_input_needs_two_rule_sets() -> None:
    assert run("compare", str(SAMPLE)).returncode == 2


@needs_sample
def test_explain_unknown_id_is_a_usage_error() -> None:
    got = run("explain", str(SAMPLE), "NO-SUCH-ID")
    assert got.returncode == 2
    assert "找不到" in got.stderr


@needs_sample
def test_compare_csv_speaks_the_chosen_language(tmp_path: Path) -> None:
    strict = tmp_path / "strict.yaml"
    assert run("rules", "init", "-o", str(strict)).returncode == 0
    text = strict.read_text(encoding="utf-8")
    strict.write_text(text.replace("staff: 0.20", "staff: 0.10"), encoding="utf-8")
    args = ("compare", str(SAMPLE), "--rules-new", str(strict), "--changed", "-f", "csv")
    zh = run(*args).stdout.splitlines()
    en = run(*args, "--lang", "en").stdout.splitlines()
    assert zh[0].split(",")[4] == "变化" and zh[0].endswith(",因规则变化")
    assert zh[1].split(",")[4] == "降" and zh[1].endswith(",是")
    assert en[1].split(",")[4] == "down" and en[1].endswith(",true")
    assert len(zh) == len(en) > 1
    assert zh[1].split(",")[3] == "一般干部" and en[1].split(",")[3] == "staff"
    by = run("compare", str(SAMPLE), "--rules-new", str(strict), "--by", "track", "-f", "csv")
    head, *rows = by.stdout.splitlines()
    assert "优秀（原）,优秀（新）" in head and "_old" not in head
    assert {r.split(",")[0] for r in rows} >= {"一般干部", "乡镇党政正职"}


def test_sensitivity_table_names_tracks_and_groups_in_chinese() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cadrekit",
            "sensitivity",
            str(SAMPLE),
            "--draws",
            "20",
            "-f",
            "table",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "250", "CADREKIT_LANG": "zh"},
    )
    shown = done.stdout + done.stderr
    assert "乡镇党政正职：24 人" in shown and "township-chief" not in shown
    assert "有争议" in shown and "contested" not in shown


def test_sensitivity_csv_speaks_chinese_and_json_keeps_keys() -> None:
    args = ("sensitivity", str(SAMPLE), "--draws", "20", "--track", "township-chief")
    head, first, *_ = run(*args, "-f", "csv").stdout.splitlines()
    assert head.endswith(",考核序列,比例范围,抽样次数,等次变化占比,优秀占比,并列占比,稳健性")
    assert ",乡镇党政正职,乡镇党政正职," in first and first.endswith(",稳健")
    staff = run("sensitivity", str(SAMPLE), "--draws", "20", "--track", "staff", "-f", "csv")
    assert ",一般干部,一般干部（" in staff.stdout and "staff/" not in staff.stdout
    rows = json.loads(run(*args, "-f", "json").stdout)["rows"]
    assert rows[0]["track"] == "township-chief" and rows[0]["robustness"] == "robust"


COMPARE_HEAD = (
    "编号,姓名,单位,考核序列,变化,原等次,新等次,原排名,新排名,排名变化,"
    "原得分,新得分,得分变化,原考核序列,因规则变化\n"
)
COMPARE_ROW = "A1,{},城关镇,一般干部,不变,称职,称职,1,1,0,93.00,93.00,0.00,一般干部,否\n"


def test_compare_csv_formula_guard_off_on_stdout_on_in_files(tmp_path: Path) -> None:
    """As for score: stdout is data for programs; a .csv file is for spreadsheets."""
    roster = tmp_path / "r.csv"
    roster.write_text(
        "编号,姓名,单位,层级,任现职时间,优秀票,称职票,基本称职票,不称职票,一季度,工作实绩\n"
        "A1,=1+1,城关镇,一般干部,2020-01-01,10,5,0,0,好,90\n",
        encoding="utf-8",
    )
    args = ("compare", str(roster), str(roster))
    plain, escaped = (
        COMPARE_HEAD + COMPARE_ROW.format("=1+1"),
        COMPARE_HEAD + COMPARE_ROW.format("'=1+1"),
    )
    got = run(*args, "-f", "csv")
    assert (got.returncode, got.stdout) == (0, plain)
    got = run(*args, "-f", "csv", "--safe-csv")
    assert (got.returncode, got.stdout) == (0, escaped)
    assert run(*args, "-o", str(tmp_path / "a.csv")).returncode == 0
    assert (tmp_path / "a.csv").read_bytes() == escaped.encode("utf-8")
    assert run(*args, "-o", str(tmp_path / "b.csv"), "--no-safe-csv").returncode == 0
    assert (tmp_path / "b.csv").read_bytes() == plain.encode("utf-8")


def test_insight_commands_guard_formulas_in_files_not_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """vet, flags, training and sensitivity write through emit: the default is score's."""
    from cadrekit.cli.commands._insight import emit

    frame = pd.DataFrame({"id": ["A1"], "name": ["=1+1"]})
    emit(frame, "csv", lang="en")
    assert capsys.readouterr().out == "id,name\nA1,=1+1\n"
    emit(frame, "csv", lang="en", safe_csv=True)
    assert capsys.readouterr().out == "id,name\nA1,'=1+1\n"
    emit(frame, "csv", lang="en", output=tmp_path / "a.csv")
    assert (tmp_path / "a.csv").read_bytes() == b"id,name\nA1,'=1+1\n"
