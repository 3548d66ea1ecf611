"""DEFAULT_RULES §7 ranking and §8 quota."""

from __future__ import annotations

import pandas as pd
import pytest

from test_engine_support import by_id, cadres, score


def test_competition_ranking_1224() -> None:
    perf = [90.0, 80.0, 80.0, 70.0]
    out = score(cadres(*({"工作实绩": p} for p in perf)))
    assert by_id(out).loc[["1", "2", "3", "4"], "rank"].tolist() == [1, 2, 2, 4]
    assert out.cadres["rank"].dtype == "Int64"


def test_equal_score_then_performance_decides() -> None:
    a = {"工作实绩": 84.0, "votes_excellent": 10}  # S = 42 + 30 + 20 = 92
    b = {"工作实绩": 90.0, "votes_excellent": 5, "votes_competent": 5}  # S = 45 + 27 + 20 = 92
    got = by_id(score(cadres(a, b)))
    assert got.loc["1", "score"] == got.loc["2", "score"] == 92.0
    assert got.loc[["2", "1"], "rank"].tolist() == [1, 2]  # P 90 beats P 84


def test_equal_s_and_p_then_votes_then_good_quarters_decide() -> None:
    # Same S and P: V decides (V 100 / Q 80 against V 80 / Q 110 is impossible, so
    # trade V against Q): .3·100 + .2·70 = 44 = .3·80 + .2·100.
    a = {"q1": "较好", "q2": "一般", "q3": "较好", "q4": "一般"}  # V 100, Q 70
    b = {"votes_excellent": 0, "votes_competent": 10}  # V 80, Q 100
    got = by_id(score(cadres(b, a)))
    assert got.loc["1", "score"] == got.loc["2", "score"] == 89.0
    assert got.loc[["2", "1"], "rank"].tolist() == [1, 2]
    # good_quarters: same S, P, V; Q equal but different counts of 好.
    c = {"q1": "好", "q2": "好", "q3": "一般", "q4": "一般"}  # Q 80, good 2
    d = {"q1": "较好", "q2": "较好", "q3": "较好", "q4": "较好"}  # Q 80, good 0
    got = by_id(score(cadres(d, c)))
    assert got.loc["1", "score"] == got.loc["2", "score"]
    assert got.loc[["2", "1"], "rank"].tolist() == [1, 2]


def test_all_keys_equal_share_a_rank_and_are_listed_by_id() -> None:
    out = score(cadres({}, {}, {"工作实绩": 99.0}))
    assert out.cadres["id"].tolist() == ["3", "1", "2"]
    assert out.cadres["rank"].tolist() == [1, 2, 2]


def test_quota_tie_at_the_cut_gives_none_the_quota() -> None:
    # 10 staff in U1 → slots 2; eligible ranks 1, 2, 2 → the tie straddles slot 2.
    rows = [{"工作实绩": 100.0}, {"工作实绩": 96.0}, {"工作实绩": 96.0}]
    rows += [{"工作实绩": 50.0}] * 7
    out = score(cadres(*rows))
    got = by_id(out)
    assert got.loc["1", "grade"] == "优秀"
    for cid in ("2", "3"):
        assert got.loc[cid, "grade"] == "称职"
        assert got.loc[cid, "flags"] == ["quota-tie"]
    group = out.groups.iloc[0]
    assert (group["n"], group["slots"], group["excellent"], group["unfilled"]) == (10, 2, 1, 1)
    assert bool(group["tie"]) and group["优秀"] == 1 and group["称职"] == 9


def test_tie_inside_the_slots_is_fine() -> None:
    rows = [{"工作实绩": 96.0}, {"工作实绩": 96.0}] + [{"工作实绩": 50.0}] * 8
    got = by_id(score(cadres(*rows)))
    assert got.loc[["1", "2"], "grade"].tolist() == ["优秀", "优秀"]
    assert got.loc["1", "flags"] == []


@pytest.mark.parametrize(("n", "slots"), [(4, 0), (5, 1), (9, 1), (10, 2), (14, 2), (15, 3)])
def test_staff_slots_floor_within_unit(n: int, slots: int) -> None:
    rows = [{"工作实绩": 100.0 - i} for i in range(n)]
    other = [{"unit": "U2", "工作实绩": 100.0 - 10 * i} for i in range(5)]
    out = score(cadres(*rows, *other))
    groups = out.groups.set_index("quota_group")
    assert groups.loc["staff/U1", "slots"] == slots
    assert groups.loc["staff/U2", "slots"] == 1
    assert pd.isna(groups.loc["staff/U1", "unit"]) is False
    got = by_id(out)
    assert (got["grade"] == "优秀").sum() == slots + 1


def test_leader_track_quota_is_the_whole_track() -> None:
    leader = {"unit_type": "县直部门", "layer": "正职", "职能工作": 95.0, "重点任务": 95.0}
    leader |= {"服务评价": 95.0, "党的建设": 95.0}
    rows = [{**leader, "unit": f"U{i}"} for i in range(4)]  # rate .25 × 4 = 1 slot
    out = score(cadres(*rows))
    group = out.groups.iloc[0]
    assert group["quota_group"] == "dept-chief" and pd.isna(group["unit"])
    assert (group["n"], group["slots"]) == (4, 1)
    assert bool(group["tie"]) and group["excellent"] == 0  # all four tie at the cut


def test_ineligible_cadres_are_skipped_and_use_no_slot() -> None:
    # 5 staff → 1 slot; rank 1 has a 一般 quarter (ineligible): rank 2 gets 优秀.
    rows = [{"工作实绩": 100.0, "q4": "一般"}, {"工作实绩": 90.0}] + [{"工作实绩": 50.0}] * 3
    got = by_id(score(cadres(*rows)))
    assert got.loc["1", "rank"] == 1 and not got.loc["1", "eligible"]
    assert got.loc["1", "grade"] == "称职"
    assert got.loc["2", "grade"] == "优秀"


def test_ineligible_cadre_inside_a_tie_does_not_create_a_quota_tie() -> None:
    rows = [{"工作实绩": 90.0}, {"工作实绩": 90.0, "status": "不参加"}] + [{"工作实绩": 50.0}] * 5
    got = by_id(score(cadres(*rows)))  # n = 6 → 1 slot
    assert got.loc["1", "grade"] == "优秀" and got.loc["1", "flags"] == []


def test_not_graded_are_listed_last_in_their_track_without_rank() -> None:
    rows = [{"status": "不参加", "工作实绩": 100.0}, {"工作实绩": 60.0}, {"工作实绩": 70.0}]
    out = score(cadres(*rows))
    assert out.cadres["id"].tolist() == ["3", "2", "1"]
    assert out.cadres["rank"].isna().tolist() == [False, False, True]
