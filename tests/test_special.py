"""专项考核: special results enter the annual assessment as a component, a bonus or a limit;
``rank_task`` ranks one special assessment on its own."""

from __future__ import annotations

import pandas as pd

from cadrekit.insight.special import rank_task
from test_engine_support import by_id, cadres, rules_with, score
from test_insight_common import make_dataset

FILLERS = [{"工作实绩": 50.0}] * 4  # S = 75


def special(*rows: tuple[str, str, float, str | None]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["id", "task", "score", "grade"])
    frame["date"] = pd.to_datetime("2024-11-01")
    return frame


def test_without_special_rules_special_results_change_nothing() -> None:
    out = score(cadres({}, *FILLERS), special=special(("1", "森林防灭火", 40.0, "较差")))
    assert by_id(out).loc["1", "score"] == 95.0 and "special_limit" not in out.cadres


def test_component_blends_the_mean_special_score() -> None:
    rules = rules_with(special={"rules": [{"mode": "component", "weight": 0.2}]})
    sp = special(("1", "森林防灭火", 80.0, None), ("1", "信访维稳", 70.0, None))
    out = score(cadres({}, *FILLERS), rules=rules, special=sp)
    assert by_id(out).loc["1", "score"] == 91.0  # 0.8 × 95 + 0.2 × 75
    assert by_id(out).loc["2", "score"] == 75.0  # no special result: unchanged
    step = out.audit[(out.audit["cadre_id"] == "1") & (out.audit["layer"] == "special")]
    assert step["value"].tolist() == ["75"]
    assert "森林防灭火 80 分、信访维稳 70 分" in step["reason"].iloc[0]


def test_bonus_by_grade_and_only_for_its_tracks() -> None:
    rule = {"mode": "bonus", "points": {"好": 1, "较差": -3}, "tracks": ["staff"]}
    rules = rules_with(special={"rules": [rule]})
    sp = special(("1", "乡村振兴", 95.0, "好"), ("2", "乡村振兴", 50.0, "较差"))
    got = by_id(score(cadres({}, *FILLERS), rules=rules, special=sp))
    assert got.loc["1", "score"] == 96.0 and got.loc["2", "score"] == 72.0
    rules = rules_with(special={"rules": [{**rule, "tracks": ["dept-chief"]}]})
    got = by_id(score(cadres({}, *FILLERS), rules=rules, special=sp))
    assert got.loc["1", "score"] == 95.0


def test_a_poor_special_result_forbids_the_top_grade() -> None:
    rule = {"mode": "limit", "grades": ["较差"], "limit": "称职"}
    rules = rules_with(special={"rules": [rule]})
    got = by_id(
        score(cadres({}, *FILLERS), rules=rules, special=special(("1", "信访维稳", 55.0, "较差")))
    )
    assert got.loc["1", "limit"] == "称职" and got.loc["1", "grade"] == "称职"
    assert "信访维稳（较差）" in got.loc["1", "limit_reason"]


def test_special_results_of_another_year_do_not_count() -> None:
    rules = rules_with(special={"rules": [{"mode": "limit", "grades": ["较差"], "limit": "称职"}]})
    sp = special(("1", "信访维稳", 55.0, "较差"))
    sp["date"] = pd.to_datetime("2023-11-01")
    assert by_id(score(cadres({}, *FILLERS), rules=rules, special=sp)).loc["1", "grade"] == "优秀"


def test_rank_task_ranks_one_special_assessment_per_track() -> None:
    ds = make_dataset(
        cadres=[
            {"id": "A1", "name": "张一", "unit": "城关镇", "layer": "一般干部"},
            {"id": "A2", "name": "李二", "unit": "城关镇", "layer": "一般干部"},
            {"id": "A3", "name": "王三", "unit": "水利局", "layer": "一般干部"},
        ],
        special=[
            {"id": "A1", "task": "森林防灭火", "date": "2025-10-01", "score": 88, "grade": "好"},
            {"id": "A2", "task": "森林防灭火", "date": "2025-10-01", "score": 92, "grade": "好"},
            {"id": "A3", "task": "森林防灭火", "date": "2025-10-01", "score": 88, "grade": None},
            {"id": "A3", "task": "信访维稳", "date": "2025-10-01", "score": 99, "grade": None},
        ],
    )
    out = rank_task(ds, "森林防灭火")
    assert out[["id", "rank", "special_score"]].values.tolist() == [
        ["A2", 1, 92.0],
        ["A1", 2, 88.0],
        ["A3", 2, 88.0],
    ]
    assert set(out["track_label"]) == {"一般干部"}
