"""The built-in 事业单位 rule set (``--rules institution``), one test per rule, like the default's."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from cadrekit.insight.explain import explain, to_markdown
from cadrekit.rules.load import BUILT_IN, load_rules
from test_engine_support import by_id, cadres, events, score, supervision

RULES = load_rules("institution").rules
FILLERS = [{"工作实绩": 50.0}] * 4  # S = 75; with the target n = 5 → floor(0.2 × 5) = 1 slot


def run_one(target: dict[str, Any] | None = None, year: int = 2024, **frames: Any) -> pd.Series:
    out = score(cadres(target or {}, *FILLERS), year=year, rules=RULES, **frames)
    return by_id(out).loc["1"]


def test_loaded_by_name_with_its_own_grades() -> None:
    assert "institution" in BUILT_IN
    assert load_rules("institution").origin == "institution"
    assert RULES.grades.order == ["优秀", "合格", "基本合格", "不合格"]
    assert RULES.grades.default == "合格" and RULES.grades.not_graded == "不定等次"


def test_grades_come_from_the_rules() -> None:
    out = score(cadres({}, {"工作实绩": 30.0}, {"工作实绩": 10.0}, *FILLERS), rules=RULES)
    got = by_id(out)
    assert got.loc[["1", "2", "3"], "grade"].tolist() == ["优秀", "基本合格", "不合格"]
    assert set(got["grade"]) <= set(RULES.grades.all)
    assert {"优秀", "合格", "基本合格", "不合格", "不定等次"} <= set(out.groups.columns)


@pytest.mark.parametrize(("n", "slots"), [(4, 0), (5, 1), (9, 1), (10, 2), (15, 3)])
def test_quota_is_20_percent_of_the_unit(n: int, slots: int) -> None:
    out = score(cadres(*[{"工作实绩": 90.0}] + FILLERS * 4)[:n], rules=RULES)
    assert out.groups["slots"].tolist() == [slots]


def test_leaders_are_their_own_track() -> None:
    out = score(cadres({"layer": "正职"}, {"layer": "副职"}, {}), rules=RULES)
    assert by_id(out).loc[["1", "2", "3"], "track"].tolist() == [
        "inst-leader",
        "inst-leader",
        "inst-staff",
    ]


@pytest.mark.parametrize(
    ("measure", "date", "limit", "grade"),
    [
        ("警告", "2024-03-01", "合格", "合格"),  # 警告: no 优秀 that year
        ("警告", "2023-03-01", None, "优秀"),
        ("记过", "2024-03-01", "不定等次", "不定等次"),  # 记过: not graded that year
        ("记过", "2023-03-01", None, "优秀"),
        ("降低岗位等级", "2024-03-01", "不定等次", "不定等次"),  # that year …
        ("降低岗位等级", "2023-03-01", "不定等次", "不定等次"),  # … and the next
        ("降低岗位等级", "2022-12-31", None, "优秀"),
    ],
)
def test_sanction_effects(measure: str, date: str, limit: str | None, grade: str) -> None:
    got = run_one(supervision=supervision({"id": "1", "date": date, "measure": measure}))
    assert (None if pd.isna(got["limit"]) else got["limit"]) == limit
    assert got["grade"] == grade


def test_political_veto_makes_the_year_unqualified() -> None:
    ev = events({"id": "1", "date": "2024-05-01", "kind": "一票否决", "points": 0})
    got = run_one(events=ev)
    assert got["limit"] == "不合格" and got["grade"] == "不合格"
    assert "不合格" in got["limit_reason"] and "[limits.veto]" in got["limit_reason"]


@pytest.mark.parametrize(
    ("votes", "limit"),
    [((6, 0, 0, 4), "不合格"), ((5, 0, 3, 0), "基本合格"), ((6, 0, 0, 3), None)],
)
def test_vote_shares(votes: tuple[int, int, int, int], limit: str | None) -> None:
    names = ["votes_excellent", "votes_competent", "votes_basic", "votes_incompetent"]
    got = run_one(dict(zip(names, votes, strict=True)))
    assert (None if pd.isna(got["limit"]) else got["limit"]) == limit


@pytest.mark.parametrize(
    ("performance", "grade"), [(10.0, "不合格"), (30.0, "基本合格"), (40.0, "合格"), (70.0, "优秀")]
)
def test_score_thresholds(performance: float, grade: str) -> None:
    assert run_one({"工作实绩": performance})["grade"] == grade


def history(*rows: tuple[str, int, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "year", "grade"])


@pytest.mark.parametrize(
    ("target", "past", "flags"),
    [
        ({"工作实绩": 10.0}, [(2023, "不合格")], ["contract-review", "post-grade-review"]),
        ({"工作实绩": 10.0}, [(2022, "不合格")], ["post-grade-review"]),
        ({"工作实绩": 30.0}, [], ["admonishment"]),
        ({}, [(2023, "优秀"), (2022, "优秀")], ["merit-third-class"]),
        ({"工作实绩": 10.0}, [(2023, "不称职")], ["post-grade-review"]),  # not its grade name
    ],
)
def test_consequences(target: dict, past: list, flags: list[str]) -> None:
    hist = history(*(("1", y, g) for y, g in past))
    out = score(cadres(target, *FILLERS), rules=RULES, history=hist)
    assert by_id(out).loc["1", "flags"] == flags


def test_explain_speaks_the_rule_sets_grades() -> None:
    import cadrekit.api as api

    roster = pd.DataFrame(
        [
            {
                "编号": str(i),
                "姓名": f"人{i}",
                "单位": "县医院",
                "层级": "一般干部",
                "优秀票": 10,
                "称职票": 0,
                "基本称职票": 0,
                "不称职票": 0,
                "一季度": "好",
                "工作实绩": 90 if i == 1 else 60,
            }
            for i in range(1, 6)
        ]
    )
    result = api.score({"cadres": roster}, rules="institution", year=2024)
    doc = explain(result, "2")
    assert doc["grade"] == "合格" and doc["quota_grade"] == "优秀"
    text = to_markdown(doc)
    assert "等次：**合格**" in text and "称职" not in text
