"""``cadrekit validate``: exit codes, the JSON report equals the library's, CSV rows."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from cadrekit import api
from cadrekit.render.problems import report_dict

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_problem_fixtures as fx

from runner import run_cadrekit


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cadrekit("validate", *args)


def test_valid_workbook_exits_0(tmp_path):
    result = run(str(fx.build_valid(tmp_path)), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"], report["notes"]) == (0, 0, 2)
    assert "错误 0 个" in result.stderr


def test_errors_exit_1_and_json_equals_the_library(tmp_path):
    path, _ = fx.build("bad-number", tmp_path)
    result = run(str(path), "--format", "json", "--lang", "en")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    dataset = api.validate(path)
    assert report == report_dict(dataset.problems, "en", file=str(path), sha256=dataset.sha256)
    first = report["problems"][0]
    assert (first["code"], first["location"], first["found"]) == (
        "bad-number",
        "干部名册!S5",
        "八十",
    )
    assert first["message"] == "not a valid number"
    assert report["sha256"] and len(report["sha256"]) == 64


def test_piped_output_is_csv_one_row_per_problem(tmp_path):
    path, _ = fx.build("duplicate-id", tmp_path)
    result = run(str(path))
    assert result.returncode == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["code"] for r in rows[:2]] == ["duplicate-id", "duplicate-id"]
    assert rows[0]["severity"] == "error" and rows[0]["location"] == "干部名册!A5"
    assert rows[-1]["severity"] == "note"


def test_table_format(tmp_path):
    path, _ = fx.build("bad-choice", tmp_path)
    result = run(str(path), "--format", "table")
    assert result.returncode == 1
    assert "干部名册!O5" in result.stdout and "bad-choice" in result.stdout


def test_unsupported_format_is_a_usage_error(tmp_path):
    result = run(str(fx.build_valid(tmp_path)), "--format", "xlsx")
    assert result.returncode == 2


def test_unreadable_file_exits_1(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"garbage")
    result = run(str(path))
    assert result.returncode == 1
    assert result.stdout == ""


ROSTER_CSV = (
    "编号,姓名,单位,层级,任现职时间,优秀票,称职票,基本称职票,不称职票,一季度,工作实绩\n"
    "A1,张一,城关镇,一般干部,2020-01-01,10,5,0,0,好,90\n"
    "A2,李二,城关镇,一般干部,2020-01-01,@SUM(1),5,0,0,好,80\n"
)
CSV_HEAD = "severity,code,location,sheet,row,column,found,expected,message,hint\n"


def test_csv_on_stdout_is_not_escaped_unless_safe_csv(tmp_path):
    """As for score: the formula guard is off on stdout (data for programs), --safe-csv on."""
    path = tmp_path / "r.csv"
    path.write_text(ROSTER_CSV, encoding="utf-8")
    row = "error,bad-integer,r!F3,r,3,优秀票,{},12,应为非负整数,请填写整数，如 12\n"
    plain = run(str(path), "--format", "csv")
    assert (plain.returncode, plain.stdout) == (1, CSV_HEAD + row.format("@SUM(1)"))
    safe = run(str(path), "--format", "csv", "--safe-csv")
    assert (safe.returncode, safe.stdout) == (1, CSV_HEAD + row.format("'@SUM(1)"))
    off = run(str(path), "--format", "csv", "--no-safe-csv")
    assert (off.returncode, off.stdout) == (1, plain.stdout)


BAD_ID = (
    '{{"code": "bad-id-number", "location": "干部名册!H5", "found": "{}", '
    '"expected": "末位校验码正确、出生日期有效", "column": "身份证号", "sheet": "干部名册", '
    '"row": 5, "severity": "error", "params": {{}}, "message": "身份证号校验失败", '
    '"hint": "请核对身份证号（18 位，末位为校验码）"}}\n'
)
TITLE_ROWS = (
    '{"code": "skipped-title-row", "location": "干部名册!1", "found": "2025年度干部考核汇总表", '
    '"expected": "", "column": "", "sheet": "干部名册", "row": 1, "severity": "note", '
    '"params": {}, "message": "跳过标题行", "hint": ""}\n'
    '{"code": "skipped-title-row", "location": "纪实记录!1", "found": "2025年纪实记录", '
    '"expected": "", "column": "", "sheet": "纪实记录", "row": 1, "severity": "note", '
    '"params": {}, "message": "跳过标题行", "hint": ""}\n'
)


def test_jsonl_one_problem_per_line_id_numbers_masked_by_default(tmp_path):
    path, _ = fx.build("bad-id-number", tmp_path)
    result = run(str(path), "--format", "jsonl")
    assert result.returncode == 1
    assert result.stdout == BAD_ID.format("110105********0021") + TITLE_ROWS
    report = json.loads(run(str(path), "--format", "json").stdout)
    assert [json.loads(line) for line in result.stdout.splitlines()] == report["problems"]


def test_show_id_numbers_quotes_them_in_full_in_every_format(tmp_path):
    path, _ = fx.build("bad-id-number", tmp_path)
    full = "110105199001050021"
    jsonl = run(str(path), "--format", "jsonl", "--show-id-numbers")
    assert (jsonl.returncode, jsonl.stdout) == (1, BAD_ID.format(full) + TITLE_ROWS)
    report = json.loads(run(str(path), "--format", "json", "--show-id-numbers").stdout)
    assert report["problems"][0]["found"] == full
    rows = csv.DictReader(io.StringIO(run(str(path), "-f", "csv", "--show-id-numbers").stdout))
    assert next(rows)["found"] == full
    table = run(str(path), "--format", "table", "--show-id-numbers")
    assert full in table.stdout
    assert "110105********0021" in run(str(path), "--format", "table").stdout


def test_help_lists_exactly_the_accepted_formats():
    help_text = subprocess.run(
        [sys.executable, "-m", "cadrekit", "validate", "--help"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "COLUMNS": "200",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "CADREKIT_LANG": "en",
        },
        check=True,
    ).stdout
    assert "table|csv|json|jsonl" in help_text and "xlsx>" not in help_text
    assert "--show-id-numbers" in help_text and "--safe-csv" in help_text


def test_table_rows_say_their_own_message_when_it_differs_within_a_code(tmp_path):
    """Messages that quote the cell (a formula, a date) are per row, not the group's title."""
    path = tmp_path / "t.csv"
    path.write_text(
        "编号,姓名,单位,单位类型,层级,优秀票,称职票,基本称职票,不称职票,一季度,工作实绩,"
        "出生年月,任现职时间\n"
        "A1,张三,城关镇,乡镇,一般干部,10,5,0,0,好,90,1980-01-01,1990.01\n"
        "A2,李四,城关镇,乡镇,一般干部,10,5,0,0,好,90,1981-01-01,1991.01\n",
        encoding="utf-8",
    )
    env = {**os.environ, "COLUMNS": "300"}
    done = run_cadrekit("validate", str(path), "--format", "table", env=env)
    assert done.returncode == 0  # warnings only
    lines = [line.strip() for line in done.stdout.splitlines()]
    assert "警告 (appointed-too-young) × 2" in lines
    assert "┃ 位置 ┃ 问题" in done.stdout
    assert "任现职时间 1990.01 早于年满 16 周岁（出生年月 1980-01-01，见 t!L2）" in done.stdout
    assert "任现职时间 1991.01 早于年满 16 周岁（出生年月 1981-01-01，见 t!L3）" in done.stdout
