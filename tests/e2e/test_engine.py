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


def test_a_blank_vote_count_among_filled_ones_reads_as_0_with_a_warning(corpus):
    got = run_cadrekit("score", corpus.saved("engine-blank-vote"), "--format", "json")
    assert got.returncode == 0, got.stderr
    out = json.loads(got.stdout)
    cols = ["id", "rank", "score", "votes_score", "grade", "limit", "flags"]
    assert [[c[k] for k in cols] for c in out["cadres"]] == [
        # 20/blank/1/0 → 20/0/1/0: V = (100·20 + 60·1) / 21 = 98.10, S = 41.5 + 29.43 + 19
        ["A0003", 1, 89.93, 98.1, "优秀", None, []],
        ["A0005", 2, 89.18, 92.26, "称职", None, []],
        ["A0001", 3, 88.18, 92.26, "称职", None, []],
        ["A0002", 4, 87.68, 92.26, "称职", None, []],
        # 10/10/blank/11: 11 of 31 不称职 votes, more than a third → 不称职
        ["A0004", 5, 82.68, 72.26, "不称职", "不称职", ["demotion-review"]],
    ]
    assert [c["votes_competent"] for c in out["cadres"]] == [0, 10, 10, 10, 10]
    assert [c["votes_basic"] for c in out["cadres"]] == [1, 1, 1, 1, 0]
    assert out["cadres"][4]["limit_reason"].startswith(
        "民主测评不称职票占比 11/31 超过 1/3 → 最高为不称职 [limits.votes[0]]"
    )
    warnings = [(p["code"], p["location"], p["column"]) for p in out["problems"]]
    assert [w for w in warnings if w[0] == "blank-vote"] == [
        ("blank-vote", "干部名册!L6", "称职票"),
        ("blank-vote", "干部名册!M7", "基本称职票"),
    ]
    assert "警告 干部名册!L6: 票数为空，按 0 票计" in got.stderr
    assert "警告 干部名册!M7: 票数为空，按 0 票计" in got.stderr


def test_blank_vote_counts_under_the_institution_rules(corpus):
    got = run_cadrekit(
        "score", corpus.saved("engine-blank-vote"), "--rules", "institution", "--format", "csv"
    )
    assert got.returncode == 0, got.stderr
    assert [(r["编号"], r["排名"], r["综合得分"], r["等次"]) for r in rows(got.stdout)] == [
        ("A0003", "1", "89.93", "优秀"),
        ("A0005", "2", "89.18", "合格"),
        ("A0001", "3", "88.18", "合格"),
        ("A0002", "4", "87.68", "合格"),
        ("A0004", "5", "82.68", "不合格"),
    ]


def test_validate_reports_each_blank_vote_count_and_exits_0(corpus):
    got = run_cadrekit("validate", corpus.saved("engine-blank-vote"), "--format", "csv")
    assert got.returncode == 0, got.stderr
    found = [r for r in rows(got.stdout) if r["code"] == "blank-vote"]
    assert [(r["severity"], r["location"], r["message"]) for r in found] == [
        ("warning", "干部名册!L6", "票数为空，按 0 票计"),
        ("warning", "干部名册!M7", "票数为空，按 0 票计"),
    ]
