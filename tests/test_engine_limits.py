"""DEFAULT_RULES §6, one test per row; §9 final grade."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from test_engine_support import NA, by_id, cadres, events, score, supervision

FILLERS = [{"工作实绩": 50.0}] * 4  # S = 75: never 优秀; with the target, n = 5 → 1 slot


def run_one(target: dict[str, Any] | None = None, **frames: pd.DataFrame) -> pd.Series:
    out = score(cadres(target or {}, *FILLERS), **frames)
    return by_id(out).loc["1"]


def test_without_limits_the_target_is_excellent() -> None:
    got = run_one()
    assert pd.isna(got["limit"]) and pd.isna(got["limit_reason"])
    assert got["grade"] == "优秀" and got["eligible"]


@pytest.mark.parametrize(
    ("measure", "date", "limit"),
    [
        ("诫勉", "2024-03-01", "称职"),
        ("警告", "2024-03-01", "称职"),
        ("党内警告", "2024-03-01", "称职"),
        ("调整职务", "2024-12-31", "称职"),
        ("记过", "2024-03-01", "不定等次"),
        ("严重警告", "2024-03-01", "不定等次"),
        ("免职", "2024-03-01", "不定等次"),
        ("降职", "2024-03-01", "不定等次"),
        ("责令辞职", "2024-03-01", "不定等次"),
        ("记过", "2023-12-31", None),  # 记过 reaches the year only
        ("严重警告", "2023-06-01", None),
        ("记大过", "2024-03-01", "不定等次"),
        ("记大过", "2023-01-01", "不定等次"),  # … 记大过 the year before too
        ("降级", "2023-06-01", "不定等次"),
        ("撤职", "2023-06-01", "不定等次"),
        ("记大过", "2022-12-31", None),
        ("撤销党内职务", "2024-03-01", "不称职"),
        ("留党察看", "2024-03-01", "不称职"),
        ("开除党籍", "2024-03-01", "不称职"),
        ("留党察看", "2023-03-01", None),
        ("诫勉", "2023-03-01", None),
        ("诫勉", "2025-01-01", None),  # after the year
        ("提醒谈话", "2024-03-01", None),
        ("批评教育", "2024-03-01", None),
    ],
)
def test_supervision_measures(measure: str, date: str, limit: str | None) -> None:
    got = run_one(supervision=supervision({"id": "1", "date": date, "measure": measure}))
    if limit is None:
        assert pd.isna(got["limit"]) and got["grade"] == "优秀"
        return
    assert got["limit"] == limit
    assert measure in got["limit_reason"] and "[limits.supervision.rules[" in got["limit_reason"]
    expected_grade = {"称职": "称职", "不定等次": "不定等次", "不称职": "不称职"}[limit]
    assert got["grade"] == expected_grade
    assert pd.isna(got["rank"]) == (limit == "不定等次")


def test_unverified_supervision_limits_nothing_but_is_audited() -> None:
    sv = supervision({"id": "1", "date": "2024-03-01", "measure": "记过", "verified": False})
    out = score(cadres({}, *FILLERS), supervision=sv)
    got = by_id(out).loc["1"]
    assert pd.isna(got["limit"]) and got["grade"] == "优秀"
    trail = out.audit[out.audit["rule_path"] == "limits.supervision.unverified_limits"]
    assert trail["cadre_id"].tolist() == ["1"]


def test_missing_verified_column_means_verified() -> None:
    sv = supervision({"id": "1", "date": "2024-03-01", "measure": "诫勉"}, verified=False)
    assert "verified" not in sv.columns
    assert run_one(supervision=sv)["limit"] == "称职"


def test_verified_as_text_yes_no() -> None:
    sv = supervision(
        {"id": "1", "date": "2024-03-01", "measure": "诫勉", "verified": "否"},
        {"id": "2", "date": "2024-03-01", "measure": "诫勉", "verified": "是"},
    )
    got = by_id(score(cadres({}, {}), supervision=sv))
    assert pd.isna(got.loc["1", "limit"]) and got.loc["2", "limit"] == "称职"


@pytest.mark.parametrize("status", ["不定等次", "不参加"])
def test_status_not_graded(status: str) -> None:
    out = score(cadres({"status": status, "status_reason": "病假"}, *FILLERS))
    got = by_id(out).loc["1"]
    assert got["limit"] == "不定等次" and got["grade"] == "不定等次"
    assert pd.isna(got["rank"])
    assert "病假" in got["limit_reason"] and f"limits.status.{status}" in got["limit_reason"]
    assert out.groups.loc[0, "n"] == 4 and out.groups.loc[0, "slots"] == 0  # floor(.2 × 4)


def test_status_participating_is_not_limited() -> None:
    assert pd.isna(run_one({"status": "参加"})["limit"])


@pytest.mark.parametrize(
    ("votes", "limit"),
    [
        ((6, 0, 0, 3), None),  # I share = 1/3 exactly: not more than 1/3; E+C = 2/3
        ((6, 0, 0, 4), "不称职"),  # 4/10 > 1/3 (and E+C 6/10 < 2/3: strictest wins)
        ((5, 1, 3, 0), None),  # (E+C) = 6/9 = 2/3: not below
        ((5, 0, 3, 0), "基本称职"),  # 5/8 < 2/3
        ((1, 1, 1, 0), None),  # 2/3
    ],
)
def test_vote_shares(votes: tuple[int, int, int, int], limit: str | None) -> None:
    names = ["votes_excellent", "votes_competent", "votes_basic", "votes_incompetent"]
    got = run_one(dict(zip(names, votes, strict=True)))
    if limit is None:
        assert pd.isna(got["limit"])
    else:
        assert got["limit"] == limit and got["grade"] == limit
        assert "[limits.votes[" in got["limit_reason"]


@pytest.mark.parametrize(
    ("quarters", "limit", "eligible"),
    [
        (["好", "一般", "较差", "好"], "基本称职", False),
        (["好", "一般", "一般", NA], "基本称职", False),
        (["好", "一般", "好", "好"], None, False),  # one 一般: no limit, but not eligible
        (["较好", "较好", "较好", "较好"], None, False),  # no 好 quarter: not eligible
        (["好", "较好", NA, NA], None, True),
    ],
)
def test_quarters(quarters: list, limit: str | None, eligible: bool) -> None:
    got = run_one(dict(zip(["q1", "q2", "q3", "q4"], quarters, strict=True)))
    assert (got["limit"] if limit else None) == limit or pd.isna(got["limit"])
    if limit:
        assert got["limit"] == limit and got["grade"] == limit
    assert bool(got["eligible"]) is eligible
    assert (got["grade"] == "优秀") is eligible


@pytest.mark.parametrize(
    ("performance", "s", "limit"),
    [
        (10.0, 55.0, "不称职"),
        (20.0, 60.0, "基本称职"),
        (38.0, 69.0, "基本称职"),
        (40.0, 70.0, None),
    ],
)
def test_score_thresholds(performance: float, s: float, limit: str | None) -> None:
    got = run_one({"工作实绩": performance})
    assert got["score"] == s
    if limit is None:
        assert pd.isna(got["limit"]) and got["grade"] == "称职"  # below 85: not eligible
    else:
        assert got["limit"] == limit and got["grade"] == limit
        assert "[limits.score[" in got["limit_reason"]


def test_score_85_is_eligible() -> None:
    got = run_one({"工作实绩": 70.0})
    assert got["score"] == 85.0 and got["grade"] == "优秀"


def test_veto_on_the_cadre_in_the_year() -> None:
    ev = events({"id": "1", "date": "2024-05-01", "kind": "一票否决", "points": 0})
    got = run_one(events=ev)
    assert got["limit"] == "称职" and got["grade"] == "称职"
    assert "[limits.veto]" in got["limit_reason"]


def test_veto_of_another_year_is_ignored() -> None:
    ev = events({"id": "1", "date": "2023-05-01", "kind": "一票否决", "points": 0})
    assert run_one(events=ev)["grade"] == "优秀"


def test_veto_on_the_unit_limits_its_top_leader_only() -> None:
    ev = events({"unit": "U1", "date": "2024-05-01", "kind": "一票否决", "points": 0})
    frame = cadres({"top_leader": True}, {}, {"unit": "U2", "top_leader": True})
    got = by_id(score(frame, events=ev))
    assert got.loc["1", "limit"] == "称职"
    assert pd.isna(got.loc["2", "limit"]) and pd.isna(got.loc["3", "limit"])


def test_strictest_wins_and_every_reason_is_named() -> None:
    sv = supervision({"id": "1", "date": "2024-03-01", "measure": "诫勉"})
    target = {"votes_excellent": 5, "votes_competent": 0, "votes_basic": 3}
    got = run_one(target, supervision=sv)
    assert got["limit"] == "基本称职" and got["grade"] == "基本称职"
    assert "limits.supervision.rules[0]" in got["limit_reason"]
    assert "limits.votes[1]" in got["limit_reason"]
