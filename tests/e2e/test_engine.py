"""Engine end to end (issue 18, items 1, 2, 13): office workbooks re-saved by LibreOffice,
through the installed command."""

from __future__ import annotations

import csv
import io
import json

from runner import run_cadrekit


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_compare_two_years_with_an_arrival_a_departure_and_a_moved_cadre(corpus):
    old, new = corpus.saved("engine-compare-2024"), corpus.saved("engine-compare-2025")
    got = run_cadrekit("compare", old, new, "--format", "csv", "--lang", "en")
    assert got.returncode == 0, got.stderr
    cols = ["id", "unit", "change", "grade_old", "grade_new", "rank_old", "rank_new"]
    cols += ["rank_change", "score_old", "score_new", "score_change"]
    assert [[r[c] for c in cols] for r in rows(got.stdout)] == [
        # 0.5·90 + 0.3·92.26 + 0.2·95
        ["A0006", "县交通运输局", "arrived", "", "称职", "", "1", "", "", "91.68", ""],
        # four left in the unit's quota group: floor(0.2·4) = 0 slots
        ["A0005", "县交通运输局", "down", "优秀", "称职", "1", "2", "-1", "89.18", "89.18", "0.00"],
        ["A0004", "县交通运输局", "same", "称职", "称职", "2", "3", "-1", "88.68", "88.68", "0.00"],
        # moved to 县财政局, and the 2025 event (+1) is now hers
        ["A0002", "县财政局", "same", "称职", "称职", "5", "4", "1", "87.68", "88.68", "1.00"],
        ["A0003", "县交通运输局", "same", "称职", "称职", "3", "5", "-2", "88.18", "88.18", "0.00"],
        ["A0001", "县交通运输局", "departed", "称职", "", "4", "", "", "88.18", "", ""],
    ]
    assert "grade changes: up 0，down 1，same 3，arrived 1，departed 1" in got.stderr


def test_compare_in_chinese_and_by_unit(corpus):
    old, new = corpus.saved("engine-compare-2024"), corpus.saved("engine-compare-2025")
    got = run_cadrekit("compare", old, new, "--format", "csv")
    assert got.returncode == 0, got.stderr
    assert [(r["编号"], r["变化"]) for r in rows(got.stdout)] == [
        ("A0006", "新增"),
        ("A0005", "降"),
        ("A0004", "不变"),
        ("A0002", "不变"),
        ("A0003", "不变"),
        ("A0001", "离开"),
    ]
    assert "等次变化：升 0，降 1，不变 3，新增 1，离开 1" in got.stderr
    by_unit = run_cadrekit("compare", old, new, "--by", "unit", "--format", "json", "--lang", "en")
    assert by_unit.returncode == 0, by_unit.stderr
    units = {r["unit"]: (r["n_old"], r["n_new"]) for r in json.loads(by_unit.stdout)["rows"]}
    assert units == {"县交通运输局": (5, 4), "县财政局": (0, 1)}
