"""``cadrekit validate``: exit codes, the JSON report equals the library's, CSV rows."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from cadrekit import api
from cadrekit.render.problems import report_dict

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_problem_fixtures as fx


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cadrekit", "validate", *args],
        capture_output=True,
        text=True,
        check=False,
    )


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
