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


def test_lenient_scores_a_row_whose_error_does_not_enter_the_score(corpus):
    """A0002's 出生年月 disagrees with her 身份证号: neither enters the score, so she is
    scored and counted in the quota base (5 cadres: floor(0.2·5) = 1 优秀 slot); A0006's
    工作实绩 is unreadable, so that row is left out."""
    got = run_cadrekit(
        "score", corpus.saved("engine-lenient-birth"), "--lenient", "--format", "json"
    )
    assert got.returncode == 0, got.stderr
    out = json.loads(got.stdout)
    assert [(c["id"], c["rank"], c["score"], c["grade"]) for c in out["cadres"]] == [
        ("A0005", 1, 89.18, "优秀"),
        ("A0004", 2, 88.68, "称职"),
        ("A0003", 3, 88.18, "称职"),
        ("A0001", 4, 88.18, "称职"),
        ("A0002", 5, 87.68, "称职"),
    ]
    assert [(g["quota_group"], g["n"], g["slots"], g["excellent"]) for g in out["groups"]] == [
        ("staff/县交通运输局", 5, 1, 1)
    ]
    loud = [(p["severity"], p["code"], p["location"]) for p in out["problems"]]
    assert [p for p in loud if p[0] != "note"] == [
        ("error", "id-number-birth-mismatch", "干部名册!I5"),
        ("warning", "rejected-row", "干部名册!9"),
    ]
    rejected = next(p for p in out["problems"] if p["code"] == "rejected-row")
    assert rejected["params"]["errors"] == ["bad-number"]
    assert "错误 干部名册!I5: 身份证号与出生年月不一致 1986.01" in got.stderr
    assert "警告 干部名册!9: 该行有错误，未参加评分" in got.stderr


def test_without_lenient_every_error_still_refuses(corpus):
    got = run_cadrekit("score", corpus.saved("engine-lenient-birth"), "--format", "csv")
    assert got.returncode == 1
    assert got.stdout == ""
    assert "输入有 2 处错误，未评分 — 修正后重新运行，或加 --lenient 只评有效的行" in got.stderr


def test_batch_lenient_scores_the_row_and_calls_the_file_partial(corpus, tmp_path):
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus.saved("engine-lenient-birth"), folder / "乡镇A.xlsx")
    out = tmp_path / "out"
    got = run_cadrekit("batch", folder, "-o", out, "--lenient", "--csv-only", "--jobs", "1")
    assert got.returncode == 0, got.stderr
    with (out / "status.csv").open(encoding="utf-8-sig") as f:
        status = list(csv.DictReader(f))
    assert [(s["file"], s["rows"], s["rejected"], s["errors"], s["status"]) for s in status] == [
        ("乡镇A.xlsx", "6", "1", "2", "partial")
    ]
    with (out / "results.csv").open(encoding="utf-8-sig") as f:
        results = list(csv.DictReader(f))
    assert [(r["编号"], r["等次"]) for r in results] == [
        ("A0005", "优秀"),
        ("A0004", "称职"),
        ("A0003", "称职"),
        ("A0001", "称职"),
        ("A0002", "称职"),
    ]
    with (out / "problems.csv").open(encoding="utf-8-sig") as f:
        codes = [(p["severity"], p["code"], p["location"]) for p in csv.DictReader(f)]
    assert ("error", "id-number-birth-mismatch", "干部名册!I5") in codes
