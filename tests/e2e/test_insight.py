"""vet, flags and tenure through the installed command on LibreOffice-saved rosters."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from runner import run_cadrekit


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def ok(done: subprocess.CompletedProcess[str], code: int = 0) -> str:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def checks(path: Path, *args: str, code: int) -> dict[tuple[str, str], tuple[str, str]]:
    """(id, check) → (status, reason) of ``vet --format csv --lang en``."""
    out = ok(run_cadrekit("vet", path, *args, "--format", "csv", "--lang", "en"), code)
    return {(r["id"], r["check"]): (r["status"], r["reason"]) for r in rows(out)}


def pool(path: Path, *args: str) -> list[tuple[str, str, str]]:
    out = ok(
        run_cadrekit("flags", path, "--list", "promotion", "--format", "csv", "--lang", "en", *args)
    )
    return [(r["id"], r["item"], r["evidence"]) for r in rows(out)]


# ---------------------------------------------------------------- item 8: one 影响期


BARRED = "处于影响期至 2026-02-28，参考日期 2025-12-31 不得提拔"


def test_pool_and_vet_agree_on_an_admonishment_covering_31_december(corpus) -> None:
    path = corpus.saved("insight-admonished")
    assert pool(path) == [
        (
            "A0005",
            "promotion-barred",
            "处于影响期：诫勉（2025-09-01）影响期 2025-09-01 至 2026-02-28（参考日期 2025-12-31），不得提拔",
        ),
        ("A0005", "top-of-track", f"一般干部 第 1 名（共 5 人）；{BARRED}"),
        ("A0005", "excellent-repeatedly", f"近 3 年（2023–2025）优秀 2 次：2023、2024；{BARRED}"),
        (
            "A0005",
            "rank-promotion",
            "任现职 2021-03 起至 2025-12-31 共 4.83 年，优秀 2 个年度各折算 0.5 年，折算 5.83 年，"
            f"达到晋升所需 2 年；{BARRED}",
        ),
        (
            "A0004",
            "excellent-this-year",
            "2025 年度 优秀（综合得分 88.68，一般干部 第 2 名（共 5 人））",
        ),
        (
            "A0004",
            "rank-promotion",
            "任现职 2021-03 起至 2025-12-31 共 4.83 年，优秀 1 个年度各折算 0.5 年，折算 5.33 年，达到晋升所需 2 年",
        ),
    ]
    done = run_cadrekit("flags", path, "--list", "promotion", "--format", "csv")
    ok(done)
    assert "能上·优者奖 推荐人选池 2（其中 1 人处于影响期，不得提拔） 人" in done.stderr
    assert "影响期内不得提拔" in done.stdout  # the item in words for people
    got = checks(path, "--date", "2025-12-31", code=1)
    assert got["A0005", "influence"] == (
        "fail",
        "处于影响期：诫勉（2025-09-01）影响期 2025-09-01 至 2026-02-28（审核日期 2025-12-31）",
    )
    assert got["A0004", "influence"] == ("pass", "无核实的处分或组织处理记录")


def test_on_the_day_after_the_period_neither_bars_her(corpus) -> None:
    path = corpus.saved("insight-admonished")
    items = pool(path, "--date", "2026-03-01")
    assert [(i, item) for i, item, _ in items if i == "A0005"] == [
        ("A0005", "top-of-track"),
        ("A0005", "excellent-repeatedly"),
        ("A0005", "rank-promotion"),
    ]
    assert not any("影响期" in evidence for _, _, evidence in items)
    got = checks(path, "--date", "2026-03-01", code=0)
    assert got["A0005", "influence"] == (
        "pass",
        "影响期已满：诫勉（2025-09-01）影响期 2025-09-01 至 2026-02-28",
    )


def test_flags_json_names_the_reference_date(corpus) -> None:
    # all four lists: the roster has no 一把手 (the risk list crashed on that, exit 3)
    out = ok(run_cadrekit("flags", corpus.saved("insight-admonished"), "--format", "json"))
    data = json.loads(out)
    assert {r["list"] for r in data["rows"]} == {"promotion"}
    assert data["date"] == "2025-12-31"
    barred = [r for r in data["rows"] if r["item"] == "promotion-barred"]
    assert [(r["id"], r["rule_path"]) for r in barred] == [("A0005", "vetting.influence_months")]


def test_flags_bad_date_is_a_usage_error(corpus) -> None:
    done = run_cadrekit("flags", corpus.saved("insight-admonished"), "--date", "2025/12/31")
    assert done.returncode == 2
    assert "日期格式不对：2025/12/31（应为 YYYY-MM-DD）" in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------- item 9: 党内警告 in both rule sets


@pytest.mark.parametrize(
    ("case", "rules", "capped", "others"),
    [
        ("insight-party-warning", (), "称职", "称职"),
        ("insight-party-warning-institution", ("--rules", "institution"), "合格", "合格"),
    ],
)
def test_a_party_warning_is_accepted_capped_and_bars_for_12_months(
    corpus, case, rules, capped, others
) -> None:
    path = corpus.saved(case)
    done = run_cadrekit("validate", path, *rules, "--format", "csv")
    assert ok(done).count("bad-choice") == 0
    out = ok(run_cadrekit("score", path, *rules, "--format", "csv", "--lang", "en"))
    got = [(r["id"], r["rank"], r["score"], r["grade"]) for r in rows(out)]
    # 89.18 would be 优秀: the 警告 limit (党内警告 named in it) forbids it; A0004 takes the slot
    assert got == [
        ("A0005", "1", "89.18", capped),
        ("A0004", "2", "88.68", "优秀"),
        ("A0003", "3", "88.18", others),
        ("A0001", "4", "88.18", others),
        ("A0002", "5", "87.68", others),
    ]
    period = "党内警告（2025-03-02）影响期 2025-03-02 至 2026-03-01"  # 12 months, not 警告's 6
    got_vet = checks(path, *rules, "--date", "2026-03-01", code=1)
    assert got_vet["A0005", "influence"] == ("fail", f"处于影响期：{period}（审核日期 2026-03-01）")
    got_vet = checks(path, *rules, "--date", "2026-03-02", code=0)
    assert got_vet["A0005", "influence"] == ("pass", f"影响期已满：{period}")


def test_a_measure_no_rule_names_is_still_a_located_bad_choice(corpus) -> None:
    done = run_cadrekit(
        "validate",
        corpus.saved("insight-unknown-measure"),
        "--rules",
        "institution",
        "--format",
        "json",
    )
    assert done.returncode == 1, done.stderr
    problems = json.loads(done.stdout)
    problems = problems["problems"] if isinstance(problems, dict) else problems
    bad = [p for p in problems if p["code"] == "bad-choice"]
    assert [(p["location"], p["found"]) for p in bad] == [("监督信息!D4", "通报批评")]
    assert "党内警告" in bad[0]["expected"] and "降低岗位等级" in bad[0]["expected"]


def test_a_measure_named_in_a_rules_file_is_accepted_and_limits(corpus, tmp_path) -> None:
    rules = tmp_path / "rules.yaml"
    ok(run_cadrekit("rules", "init", "--rules", "institution", "-o", rules))
    text = rules.read_text(encoding="utf-8")
    named = "      - measures: [警告, 诫勉, 党内警告, 调整职务]"
    assert named in text
    text = text.replace(named, "      - measures: [警告, 诫勉, 党内警告, 调整职务, 通报批评]")
    rules.write_text(text.replace("    诫勉: 6\n", "    诫勉: 6\n    通报批评: 3\n", 1), "utf-8")
    path = corpus.saved("insight-unknown-measure")
    assert "bad-choice" not in ok(
        run_cadrekit("validate", path, "--rules", rules, "--format", "csv")
    )
    out = ok(run_cadrekit("score", path, "--rules", rules, "--format", "csv", "--lang", "en"))
    assert [(r["id"], r["grade"]) for r in rows(out)][:2] == [("A0005", "合格"), ("A0004", "优秀")]
    got = checks(path, "--rules", rules, "--date", "2025-06-01", code=1)
    assert got["A0005", "influence"] == (
        "fail",
        "处于影响期：通报批评（2025-03-02）影响期 2025-03-02 至 2025-06-01（审核日期 2025-06-01）",
    )


def test_library_pool_and_vet_bar_the_same_cadres(corpus) -> None:
    """The library on a loaded (not hand-built) dataset: one set of barred cadres."""
    from cadrekit import api
    from cadrekit.insight.flags import flags
    from cadrekit.insight.vet import vet

    path = corpus.saved("insight-admonished")
    result = api.score(path)
    for day in ("2025-12-31", "2026-02-28", "2026-03-01"):
        pool = flags(result, ("promotion",), day)
        barred = set(pool.loc[pool["item"] == "promotion-barred", "id"])
        checked = vet(api.load(path), today=day)
        failed = set(
            checked.loc[(checked["check"] == "influence") & (checked["status"] == "fail"), "id"]
        )
        assert barred == failed == ({"A0005"} if day != "2026-03-01" else set())


# ------------------------------------------------------------- item 10: tenure reasons


def tenure(path: Path, *args: str) -> list[tuple[str, ...]]:
    out = ok(
        run_cadrekit("score", path, "--kind", "tenure", *args, "--format", "csv", "--lang", "en")
    )
    keys = ("id", "years", "mean_score", "tenure_score", "tenure_grade", "reason_code", "reason")
    return [tuple(r[k] for k in keys) for r in rows(out)]


def test_tenure_without_scores_or_graded_years_is_not_graded_with_a_reason(corpus) -> None:
    got = tenure(corpus.saved("insight-tenure"), "--from", "2023", "--to", "2024")
    assert got == [
        ("A0001", "2", "85.50", "85.50", "称职", "default", "任期得分 85.50，0 个年度为优秀"),
        (
            "A0002",
            "2",
            "",
            "",
            "不定等次",
            "no-annual-score",
            "任期内各考核年度均无年度得分（历年考核 年度得分 列），无法计算任期得分",
        ),
        (
            "A0003",
            "0",
            "",
            "",
            "不定等次",
            "too-few-years",
            "任期内确定等次的考核年度 0 个，不足 1 年，另有 2 个年度为不定等次",
        ),
        ("A0004", "2", "89.00", "89.00", "称职", "default", "任期得分 89.00，0 个年度为优秀"),
        (
            "A0005",
            "2",
            "94.00",
            "94.00",
            "优秀",
            "excellent",
            "任期得分 94.00 ≥ 90 且优秀年度占比 ≥ 1/2",
        ),
    ]


def test_tenure_with_an_empty_indicator_is_not_graded(corpus, tmp_path) -> None:
    rules = tmp_path / "rules.yaml"
    ok(run_cadrekit("rules", "init", "-o", rules))
    text = rules.read_text(encoding="utf-8")
    start = text.index("\ntenure:")
    at = text.index("  indicators: {}", start)
    end = text.index("\n", at)
    rules.write_text(
        text[:at] + "  indicators: {任期目标完成率: 0.3}" + text[end:], encoding="utf-8"
    )
    got = tenure(corpus.saved("insight-tenure"), "--from", "2023", "--to", "2024", "--rules", rules)
    # A0004's 任期目标完成率 is empty: no score, not graded; the others get T = 0.7·mean + 0.3·rate
    assert [g for g in got if g[0] in ("A0001", "A0004")] == [
        ("A0001", "2", "85.50", "86.85", "称职", "default", "任期得分 86.85，0 个年度为优秀"),
        (
            "A0004",
            "2",
            "89.00",
            "",
            "不定等次",
            "missing-indicator",
            "任期指标 任期目标完成率 未填写，无法计算任期得分",
        ),
    ]


# -------------------------------------------------- item 11: the assessed year's own result

OWN = "；含 2025 年度本年度考核结果（历年考核中尚无该年度）"


def test_tenure_takes_the_assessed_year_from_the_roster(corpus) -> None:
    got = tenure(corpus.saved("insight-tenure"), "--from", "2023")
    # 2025 from the roster itself: A0001 (85 + 86 + 88.18) / 3
    assert got == [
        ("A0001", "3", "86.39", "86.39", "称职", "default", f"任期得分 86.39，0 个年度为优秀{OWN}"),
        (
            "A0002",
            "3",
            "87.68",
            "87.68",
            "称职",
            "default",
            f"任期得分 87.68，0 个年度为优秀；2 个考核年度无年度得分，未计入平均分{OWN}",
        ),
        ("A0003", "1", "88.18", "88.18", "称职", "default", f"任期得分 88.18，0 个年度为优秀{OWN}"),
        ("A0004", "3", "88.89", "88.89", "称职", "default", f"任期得分 88.89，0 个年度为优秀{OWN}"),
        (
            "A0005",
            "3",
            "92.39",
            "92.39",
            "优秀",
            "excellent",
            f"任期得分 92.39 ≥ 90 且优秀年度占比 ≥ 1/2{OWN}",
        ),
    ]


def test_vet_fails_a_cadre_graded_basic_this_year_though_history_says_competent(corpus) -> None:
    path = corpus.saved("insight-vet-this-year")
    said = "（本年度考核结果：历年考核中尚无 2025 年度）"
    for year in ((), ("--year", "2025")):
        got = checks(path, "--date", "2026-01-15", *year, code=1)
        assert got["A0002", "latest_grade"] == (
            "fail",
            f"最近年度考核为 2025 年度 基本称职{said}，不得提拔",
        )
        assert got["A0001", "latest_grade"] == ("pass", f"最近年度考核为 2025 年度 称职{said}")


def test_vet_of_a_roster_that_cannot_be_scored_is_incomplete_not_passed(corpus) -> None:
    got = checks(corpus.saved("insight-vet-unscored"), "--date", "2026-01-15", code=1)
    why = (
        "历年考核中尚无 2025 年度，2025 年度名册有 1 处错误未能评分（cadrekit validate 可列出）；"
        "此前最近为 2024 年度 称职"
    )
    assert got["A0002", "latest_grade"] == ("incomplete", why)
    assert got["A0001", "latest_grade"] == ("incomplete", why)
