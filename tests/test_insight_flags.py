"""能上能下 lists: each item with exact evidence, on small inline Results."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cadrekit import api
from cadrekit.insight.flags import (
    adjustment_list,
    consequences,
    flags,
    promotion_pool,
    rank_promotion,
    risk_list,
)
from cadrekit.models.result import AUDIT_COLUMNS, Result
from cadrekit.rules.load import default_rules
from test_insight_common import make_dataset

BASE = {
    "unit": "城关镇",
    "track": "township-deputy",
    "track_label": "乡镇班子副职",
    "score": 80.0,
    "grade": "称职",
    "flags": [],
    "status": "参加",
    "status_reason": None,
    "top_leader": False,
    "layer": "副职",
    "appointed_on": "2022-01-01",
    "votes_excellent": 10,
    "votes_competent": 10,
    "votes_basic": 0,
    "votes_incompetent": 0,
}


def cadre(id_: str, name: str, rank: int | None, **kw) -> dict:
    return {**BASE, "id": id_, "name": name, "rank": rank, **kw}


def make_result(cadres, *, history=(), events=(), supervision=(), audit=(), year=2025) -> Result:
    frame = pd.DataFrame(cadres)
    frame["rank"] = frame["rank"].astype("Int64")
    frame["appointed_on"] = pd.to_datetime(frame["appointed_on"])
    sheets = {"cadres": cadres, "history": list(history)}
    if events:
        sheets["events"] = list(events)
    if supervision:
        sheets["supervision"] = list(supervision)
    ds = make_dataset(**sheets)
    return Result(
        cadres=frame,
        audit=pd.DataFrame(list(audit), columns=AUDIT_COLUMNS[:-1]).assign(outcome=""),
        groups=pd.DataFrame(),
        year=year,
        rules=default_rules(),
        dataset=ds,
    )


def rows(frame: pd.DataFrame) -> list[list]:
    return frame[["id", "item", "evidence"]].values.tolist()


def test_promotion_pool_items_and_rank_promotion_evidence() -> None:
    result = make_result(
        [
            cadre("A1", "张一", 1, grade="优秀", score=91.5),
            cadre("A2", "李二", 2, grade="称职", appointed_on="2024-07-01"),
            cadre("A3", "王三", 3),
        ],
        history=[
            {"id": "A1", "year": 2023, "grade": "优秀"},
            {"id": "A1", "year": 2024, "grade": "基本称职"},
            {"id": "A2", "year": 2023, "grade": "优秀"},
            {"id": "A2", "year": 2024, "grade": "优秀"},
        ],
        events=[
            {
                "id": "A3",
                "unit": "城关镇",
                "date": "2025-05-04",
                "kind": "加分",
                "category": "其他",
                "points": 1.0,
                "reason": "获评省级先进个人",
                "source": "省人社厅",
            },
            {
                "id": "A3",
                "unit": "城关镇",
                "date": "2024-05-04",
                "kind": "加分",
                "category": "其他",
                "points": 1.0,
                "reason": "市级表彰",
                "source": "市委",
            },
            {
                "id": "A2",
                "unit": "城关镇",
                "date": "2025-06-01",
                "kind": "加分",
                "category": "招商引资",
                "points": 1.0,
                "reason": "引进项目",
                "source": "县商务局",
            },
        ],
    )
    got = promotion_pool(result)
    assert set(got["list"]) == {"promotion"}
    assert rows(got) == [
        [
            "A1",
            "excellent-this-year",
            "2025 年度 优秀（综合得分 91.50，乡镇班子副职 第 1 名（共 3 人））",
        ],
        ["A1", "top-of-track", "乡镇班子副职 第 1 名（共 3 人）"],
        ["A1", "excellent-repeatedly", "近 3 年（2023–2025）优秀 2 次：2023、2025"],
        [
            "A1",
            "rank-promotion",
            "任现职 2022-01 起至 2025-12-31 共 4.00 年，优秀 2 个年度各折算 0.5 年，基本称职/不定等次 1 个年度不计，折算 4.00 年，达到晋升所需 2 年",
        ],
        ["A2", "excellent-repeatedly", "近 3 年（2023–2025）优秀 2 次：2023、2024"],
        [
            "A2",
            "rank-promotion",
            "任现职 2024-07 起至 2025-12-31 共 1.50 年，优秀 1 个年度各折算 0.5 年，折算 2.00 年，达到晋升所需 2 年",
        ],
        ["A3", "commendation", "2025-05-04 获评省级先进个人（省人社厅）"],
        [
            "A3",
            "rank-promotion",
            "任现职 2022-01 起至 2025-12-31 共 4.00 年，折算 4.00 年，达到晋升所需 2 年",
        ],
    ]


def test_rank_promotion_columns_and_layer_minimum() -> None:
    rules = default_rules().model_copy(deep=True)
    result = make_result(
        [
            cadre("A1", "张一", 1, appointed_on="2023-01-01"),
            cadre("A2", "李二", 2, appointed_on=None),
        ]
    )
    object.__setattr__(rules.flags.promotion, "min_years_by_layer", {"副职": 3})
    result.rules = rules
    got = rank_promotion(result)
    columns = ["id", "served", "excellent", "uncounted", "effective", "required", "eligible"]
    assert got.loc[[0], columns].values.tolist() == [["A1", 3.0, 0, 0, 3.0, 3.0, True]]
    assert got.loc[1, "evidence"] == "任现职时间 未填写，无法计算职级晋升年限"
    assert not got.loc[1, "eligible"]
    assert (
        got.loc[0, "evidence"]
        == "任现职 2023-01 起至 2025-12-31 共 3.00 年，折算 3.00 年，达到晋升所需 3 年"
    )


def test_adjustment_list_items_are_for_review() -> None:
    result = make_result(
        [
            cadre(
                "A1",
                "张一",
                3,
                grade="不称职",
                votes_excellent=2,
                votes_competent=5,
                votes_incompetent=4,
            ),
            cadre("A2", "李二", 2, grade="基本称职"),
            cadre(
                "A3", "王三", None, grade="不定等次", status="不参加", status_reason="病假 10 个月"
            ),
            cadre("A4", "赵四", 1, votes_excellent=20, votes_competent=0, votes_incompetent=10),
        ],
        history=[
            {"id": "A1", "year": 2024, "grade": "称职"},
            {"id": "A2", "year": 2024, "grade": "基本称职"},
        ],
    )
    assert rows(adjustment_list(result)) == [
        [
            "A1",
            "incompetent",
            "2025 年度 不称职：按《推进领导干部能上能下规定》研究是否调整（供研究，非结论）",
        ],
        ["A1", "incompetent-votes", "不称职票 4/11 = 36.4%，超过 1/3（供研究，非结论）"],
        ["A2", "basic-repeated", "2024–2025 连续 2 年 基本称职（供研究，非结论）"],
        [
            "A3",
            "sick-leave",
            "考核状态 不参加，说明：病假 10 个月；因健康原因长期不能正常履职的，研究是否调整（供研究，非结论）",
        ],
    ]  # A4: exactly 1/3 is not over 1/3


def test_last_in_track_needs_a_rank_column_in_history() -> None:
    cadres = [cadre("A1", "张一", 1), cadre("A2", "李二", 2)]
    without = make_result(cadres, history=[{"id": "A2", "year": 2024, "grade": "称职"}])
    assert adjustment_list(without).empty
    with_rank = make_result(
        cadres,
        history=[
            {"id": "A1", "year": 2024, "grade": "称职", "rank": 1},
            {"id": "A2", "year": 2024, "grade": "称职", "rank": 2},
        ],
    )
    assert rows(adjustment_list(with_rank)) == [
        ["A2", "last-in-track", "2024–2025 连续 2 年在本赛道排名末位（供研究，非结论）"]
    ]


def test_consequences_carry_the_engine_reason() -> None:
    result = make_result(
        [
            cadre("A1", "张一", 1, grade="优秀", flags=["merit-third-class"]),
            cadre("A2", "李二", 2, flags=["quota-tie"]),
        ],
        audit=[
            (
                "A1",
                "flags",
                "consequences[0]",
                "merit-third-class",
                "2023–2025 连续 3 年等次为优秀 → merit-third-class",
            ),
        ],
    )
    got = consequences(result)
    assert got[["id", "item", "evidence", "rule_path"]].values.tolist() == [
        [
            "A1",
            "merit-third-class",
            "2023–2025 连续 3 年等次为优秀 → merit-third-class",
            "consequences[0]",
        ],
        ["A2", "quota-tie", "quota-tie", "quota.tie_flag"],
    ]


def test_risk_list_per_top_leader() -> None:
    result = make_result(
        [
            cadre("A1", "张一", 2, top_leader=True, grade="称职"),
            cadre("A2", "李二", 1, top_leader=True, unit="水利局"),
            cadre("A3", "王三", 3),
        ],
        history=[{"id": "A1", "year": 2024, "grade": "优秀"}],
        supervision=[
            {
                "id": "A1",
                "date": "2025-04-02",
                "source": "审计",
                "measure": "提醒谈话",
                "verified": True,
                "note": "专项资金拨付滞后",
            },
            {
                "id": "A1",
                "date": "2025-06-02",
                "source": "信访举报",
                "measure": "批评教育",
                "verified": False,
                "note": None,
            },
            {
                "id": "A1",
                "date": "2022-06-02",
                "source": "信访举报",
                "measure": "批评教育",
                "verified": True,
                "note": None,
            },
            {
                "id": "A3",
                "date": "2025-06-02",
                "source": "信访举报",
                "measure": "诫勉",
                "verified": True,
                "note": None,
            },
        ],
        events=[
            {
                "id": None,
                "unit": "城关镇",
                "date": "2025-08-01",
                "kind": "一票否决",
                "category": "信访维稳",
                "points": 0.0,
                "reason": "发生重大群体性事件",
                "source": "县委",
            },
            {
                "id": "A1",
                "unit": "城关镇",
                "date": "2025-03-01",
                "kind": "减分",
                "category": "其他",
                "points": 1.0,
                "reason": "工作滞后",
                "source": "县委督查室",
            },
            {
                "id": "A1",
                "unit": "城关镇",
                "date": "2025-03-01",
                "kind": "加分",
                "category": "其他",
                "points": 1.0,
                "reason": "好事",
                "source": "县委",
            },
        ],
    )
    assert rows(risk_list(result)) == [
        ["A1", "risk-points", "风险点 1 个：资金使用 1 条"],  # the catalogue (flags.risk)
        [
            "A1",
            "audit-finding",
            "2025-04-02 审计 提醒谈话（已核实）：专项资金拨付滞后［风险点：资金使用］",
        ],
        ["A1", "petition", "2025-06-02 信访举报 批评教育（未核实）"],
        ["A1", "deduction", "2025-03-01 本人 减分 其他 1 分（工作滞后）"],
        ["A1", "veto", "2025-08-01 本单位 一票否决 信访维稳 0 分（发生重大群体性事件）"],
        ["A1", "grade-fell", "等次 2024 优秀 → 2025 称职"],
        ["A2", "none", "数据中未发现风险提示"],
    ]


def test_flags_concatenates_the_chosen_lists_in_order() -> None:
    result = make_result([cadre("A1", "张一", 1, grade="优秀", top_leader=True)])
    got = flags(result, ("risk", "promotion"))
    assert got["list"].tolist() == ["risk", "promotion", "promotion", "promotion"]


def test_pool_members_short_of_the_years_are_marked_not_yet() -> None:
    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"
    pool = promotion_pool(api.score(sample, year=2025))
    ranks = pool[pool["item"].str.startswith("rank-promotion")]
    not_yet = ranks[ranks["item"] == "rank-promotion-not-yet"]
    assert sorted(not_yet["id"]) == ["A0029", "A0287", "A0319", "A0418"]
    assert not_yet["evidence"].str.contains("未达到晋升所需").all()
    assert not ranks.loc[ranks["item"] == "rank-promotion", "evidence"].str.contains("未达到").any()
    assert ranks["id"].is_unique  # one 职级晋升 row per cadre of the pool
