"""The 事业单位 sample under ``--rules institution``: clean input, each rule on its id."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

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
    assert {r["grade"] for r in SCENARIOS} == {"优秀", "合格", "不定等次", "不合格"}


def test_grades_and_quota_on_the_sample(result: Result) -> None:
    counts = result.cadres["grade"].value_counts().to_dict()
    assert counts == {"合格": 124, "优秀": 26, "不定等次": 6, "不合格": 3, "基本合格": 1}
    groups = result.groups
    assert (groups["excellent"] <= groups["slots"]).all()


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
