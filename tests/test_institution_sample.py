"""The 事业单位 sample under ``--rules institution``: clean input, each rule on its id."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cadrekit import api
from cadrekit.models.result import Result

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
BOOK = SAMPLES / "institution-2025.xlsx"
SCENARIOS = list(
    csv.DictReader((SAMPLES / "institution-2025-scenarios.csv").open(encoding="utf-8"))
)


@pytest.fixture(scope="module")
def result() -> Result:
    return api.score(BOOK, rules="institution", year=2025)


def test_the_sample_has_no_errors_under_the_institution_rules() -> None:
    problems = api.validate(BOOK, "institution").problems
    assert [p.code for p in problems if p.level != "note"] == []


@pytest.mark.parametrize("case", SCENARIOS, ids=[c["id"] for c in SCENARIOS])
def test_each_scenario_gets_its_grade_and_flags(result: Result, case: dict[str, str]) -> None:
    row = result.cadres.set_index("id").loc[case["id"]]
    assert row["grade"] == case["grade"], case["rule"]
    assert " ".join(row["flags"] or []) == case["flags"], case["rule"]


def test_the_scenarios_cover_every_sanction_effect(result: Result) -> None:
    c = result.cadres.set_index("id")
    assert c.loc["S0007", "limit"] == "合格"  # 警告: 优秀 taken away, not the quota
    assert "警告" in c.loc["S0007", "limit_reason"]
    assert "降低岗位等级" in c.loc["S0041", "limit_reason"]  # dated the year before
    assert "2025-03-18 降低岗位等级" in c.loc["S0071", "limit_reason"]  # this year
    assert pd.isna(c.loc["S0072", "limit"])  # two years before: outside 当年及第二年
    assert {r["grade"] for r in SCENARIOS} == {"优秀", "合格", "不定等次", "不合格"}


def test_grades_and_quota_on_the_sample(result: Result) -> None:
    counts = result.cadres["grade"].value_counts().to_dict()
    assert counts == {"合格": 123, "优秀": 26, "不定等次": 7, "不合格": 3, "基本合格": 1}
    groups = result.groups.set_index("quota_group")
    # 20 % of the graded, rounded down: leaders over the track, staff per unit; all used
    assert groups["slots"].to_dict() == {
        "inst-leader": 8,  # 44 leaders
        "inst-staff/县不动产登记中心": 4,
        "inst-staff/县中医院": 2,
        "inst-staff/县人民医院": 2,
        "inst-staff/县农业技术推广中心": 2,
        "inst-staff/县实验小学": 2,
        "inst-staff/县疾病预防控制中心": 3,  # 18 graded: S0071 is not
        "inst-staff/县第一中学": 1,  # 5 graded: S0040 and S0041 are not
        "inst-staff/县融媒体中心": 2,
    }
    assert (groups["slots"] == (groups["n"] * 0.2).astype(int)).all()
    assert (groups["excellent"] == groups["slots"]).all() and not groups["tie"].any()


def test_the_quota_cuts_an_eligible_leader(result: Result) -> None:
    # Not engineered: on this seed the ninth of 44 leaders is eligible but past the 8 slots.
    c = result.cadres.set_index("id")
    assert (c.loc["S0050", "rank"], c.loc["S0050", "grade"]) == (9, "合格")
    assert bool(c.loc["S0050", "eligible"]) and c.loc["S0050", "score"] >= 85
    assert pd.isna(c.loc["S0050", "limit"])


def test_the_cli_scores_it_cleanly() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cadrekit",
            "score",
            str(BOOK),
            "--rules",
            "institution",
            "-f",
            "csv",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "警告" not in done.stderr and "错误" not in done.stderr
