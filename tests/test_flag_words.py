"""Flag and list codes read as Chinese words in zh tables; CSV of score and JSON keep codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rich.console import Console

from cadrekit import api
from cadrekit.render.table import track_table
from runner import run_cadrekit

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"


def _cli(*args: str) -> str:
    done = run_cadrekit(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _shown(lang: str) -> str:
    result = api.score(SAMPLE, year=2025)
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(track_table(result, "township-chief", "乡镇党政正职", lang))
    return console.export_text()


def test_score_table_names_flags_in_chinese() -> None:
    zh = _shown("zh")
    assert "记三等功" in zh and "merit-third-class" not in zh
    assert "merit-third-class" in _shown("en")


def test_score_csv_keeps_flag_codes() -> None:
    rows = list(csv.DictReader(io.StringIO(_cli("score", str(SAMPLE), "--format", "csv"))))
    assert next(r for r in rows if r["编号"] == "A0001")["标记"] == "merit-third-class"


def test_flags_csv_in_chinese_json_in_codes() -> None:
    rows = list(csv.DictReader(io.StringIO(_cli("flags", str(SAMPLE), "--format", "csv"))))
    assert {r["名单"] for r in rows} == {"能上", "能下", "考核结果运用", "一把手风险提示"}
    mine = {r["事项"] for r in rows if r["编号"] == "A0287"}
    assert "职级晋升未满年限" in mine and not any("-" in item for item in mine)
    tracks = {r["考核序列"] for r in rows}
    assert "乡镇党政正职" in tracks and "township-chief" not in tracks
    data = json.loads(_cli("flags", str(SAMPLE), "--format", "json"))
    items = {r["item"] for r in (data["rows"] if isinstance(data, dict) else data)}
    assert {"rank-promotion", "rank-promotion-not-yet", "excellent-this-year"} <= items
    rows = data["rows"] if isinstance(data, dict) else data
    assert "township-chief" in {r["track"] for r in rows}
