"""DEFAULT_RULES §2–§5 with hand-computed numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from test_engine_support import NA, by_id, cadres, events, rules_with, score

TOWNSHIP = {
    "unit_type": "乡镇",
    "layer": "正职",
    "经济发展": 85.0,
    "乡村振兴": 90.0,
    "安全稳定": 78.0,
    "党的建设": 92.0,
    "votes_excellent": 10,
    "votes_competent": 5,
    "votes_basic": 3,
    "votes_incompetent": 2,
    "q1": "好",
    "q2": "较好",
    "q3": NA,
    "q4": "一般",
}


def test_performance_votes_quarterly_and_score() -> None:
    got = by_id(score(cadres(TOWNSHIP))).loc["1"]
    assert got["track"] == "township-chief"
    assert got["performance"] == 86.5  # .3·85 + .3·90 + .2·78 + .2·92
    assert got["votes_score"] == 83.0  # (1000 + 400 + 180 + 80) / 20
    assert got["quarterly_score"] == 80.0  # (100 + 80 + 60) / 3, q3 not assessed
    assert got["good_quarters"] == 1
    assert got["score"] == 84.15  # .5·86.5 + .3·83 + .2·80


def test_components_are_rounded_before_use() -> None:
    row = {**TOWNSHIP, "经济发展": 85.05, "votes_excellent": 2, "votes_competent": 1}
    row |= {"votes_basic": 0, "votes_incompetent": 0}
    got = by_id(score(cadres(row))).loc["1"]
    assert got["performance"] == 86.52  # 86.515 → 86.52 (half away from zero)
    assert got["votes_score"] == 93.33  # 280 / 3
    assert got["score"] == 87.26  # .5·86.52 + .3·93.33 + .2·80 = 87.259


def test_bonus_capped_at_5_deduction_counted_and_other_years_left_out() -> None:
    ev = events(
        {"id": "1", "date": "2024-02-01", "kind": "加分", "points": 3},
        {"id": "1", "date": "2024-06-01", "kind": "加分", "points": 4},
        {"id": "1", "date": "2023-12-31", "kind": "加分", "points": 10},
        {"id": "1", "date": "2024-07-01", "kind": "减分", "points": 1.5},
    )
    out = score(cadres(TOWNSHIP), events=ev)
    got = by_id(out).loc["1"]
    assert (got["bonus"], got["deduction"]) == (5.0, 1.5)
    assert got["score"] == 87.65  # 84.15 + 5 − 1.5
    trail = out.audit[out.audit["layer"] == "adjustments"]
    assert trail["reason"].str.contains("不在考核年度内").sum() == 1
    cap = trail[trail["rule_path"] == "adjustments.bonus.cap"]
    assert cap["value"].tolist() == ["2"]


def test_deduction_has_no_cap_and_score_floors_at_zero() -> None:
    ev = events(
        {"id": "1", "date": "2024-02-01", "kind": "减分", "points": 30},
        {"id": "1", "date": "2024-03-01", "kind": "减分", "points": 40},
        {"id": "2", "date": "2024-03-01", "kind": "减分", "points": 100},
    )
    got = by_id(score(cadres(TOWNSHIP, TOWNSHIP), events=ev))
    assert got.loc["1", "deduction"] == 70.0
    assert got.loc["1", "score"] == 14.15
    assert got.loc["2", "score"] == 0.0


def test_category_cap_then_total_cap() -> None:
    rules = rules_with(adjustments__bonus__category_caps={"招商引资": 2})
    ev = events(
        {"id": "1", "date": "2024-02-01", "kind": "加分", "points": 3, "category": "招商引资"},
        {"id": "1", "date": "2024-02-02", "kind": "加分", "points": 1, "category": "乡村振兴"},
    )
    out = score(cadres({}), rules=rules, events=ev)
    assert by_id(out).loc["1", "bonus"] == 3.0
    paths = set(out.audit["rule_path"])
    assert "adjustments.bonus.category_caps.招商引资" in paths


def test_unit_bonus_event_does_not_count_for_the_top_leader_by_default() -> None:
    ev = events({"unit": "U1", "date": "2024-02-01", "kind": "加分", "points": 3})
    frame = cadres({"top_leader": True}, {})
    out = score(frame, events=ev)
    assert by_id(out)["bonus"].tolist() == [0.0, 0.0]
    assert out.audit["reason"].str.contains("单位事项").any()
    rules = rules_with(adjustments__unit_events_to_top_leader=True)
    assert by_id(score(frame, rules=rules, events=ev))["bonus"].tolist() == [3.0, 0.0]


def test_extra_component() -> None:
    rules = rules_with(
        components__performance={"weight": 0.4},
        components__extra=[{"name": "专项", "column": "专项考核", "weight": 0.1}],
    )
    got = by_id(score(cadres({"专项考核": 70.0}), rules=rules)).loc["1"]
    # .4·90 + .3·100 + .2·100 + .1·70
    assert got["score"] == 93.0
    assert got["extra_专项"] == 70.0


@pytest.mark.parametrize(
    ("quarters", "q", "good"),
    [
        (["好", "好", "好", "好"], 100.0, 4),
        (["好", "较好", "一般", "较差"], 70.0, 1),
        (["较好", NA, NA, NA], 80.0, 0),
        (["一般", "较好", "较好", NA], 73.33, 0),
    ],
)
def test_quarterly(quarters: list, q: float, good: int) -> None:
    row = dict(zip(["q1", "q2", "q3", "q4"], quarters, strict=True))
    got = by_id(score(cadres(row))).loc["1"]
    assert (got["quarterly_score"], got["good_quarters"]) == (q, good)


def test_inputs_are_not_mutated() -> None:
    frame = cadres({}, {"工作实绩": 70.0})
    before = frame.copy()
    score(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_unit_event_with_two_top_leaders() -> None:
    ev = events(
        {"unit": "U1", "date": "2024-02-01", "kind": "减分", "points": 3},
        {"id": "3", "date": "2024-02-01", "kind": "减分", "points": 1},
    )
    frame = cadres({"top_leader": True}, {"top_leader": True}, {})
    rules = rules_with(adjustments__unit_events_to_top_leader=True)
    got = by_id(score(frame, rules=rules, events=ev)).loc[["1", "2", "3"]]
    assert got["deduction"].tolist() == [3.0, 3.0, 1.0]
    veto = events({"unit": "U1", "date": "2024-02-01", "kind": "一票否决", "points": 0})
    got = by_id(score(frame, events=veto))
    assert got.loc[["1", "2"], "limit"].tolist() == ["称职", "称职"] and pd.isna(
        got.loc["3", "limit"]
    )


def test_bonus_is_not_rounded_only_s_is() -> None:
    ev = events({"id": "1", "date": "2024-02-01", "kind": "加分", "points": 4.125})
    got = by_id(score(cadres({"工作实绩": 70.0}), events=ev)).loc["1"]
    assert got["bonus"] == 4.125
    assert got["score"] == 89.13  # 85 + 4.125 = 89.125 → 89.13
