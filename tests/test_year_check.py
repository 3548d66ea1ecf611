"""A --year that does not fit the records is warned about, never silently used."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd

from cadrekit.load.year_check import year_problems

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"
TODAY = dt.date(2026, 11, 28)


def _frames(*dates: str) -> dict[str, pd.DataFrame | None]:
    events = pd.DataFrame({"id": ["A1"] * len(dates), "date": pd.to_datetime(list(dates))})
    supervision = pd.DataFrame({"id": ["A1"], "date": pd.to_datetime(["2023-05-02"])})
    return {"cadres": None, "events": events, "supervision": supervision}


def test_the_latest_year_with_records_is_quiet() -> None:
    assert year_problems(_frames("2025-03-01", "2024-06-01"), 2025, TODAY) == []


def test_an_earlier_year_says_how_many_later_records_drop_out() -> None:
    (problem,) = year_problems(_frames("2025-03-01", "2025-06-01", "2024-06-01"), 2024, TODAY)
    assert problem.code == "year-before-records" and problem.level == "warning"
    assert problem.title("zh") == (
        "考核年度 2024 之后还有 2 条奖惩或监督记录（最晚 2025 年），均不计入"
    )


def test_a_year_without_records_names_the_years_they_are_in() -> None:
    (problem,) = year_problems(_frames("2025-03-01"), 2022, TODAY)
    assert problem.code == "year-without-records" and problem.level == "warning"
    assert problem.title("zh") == (
        "考核年度 2022 内没有任何奖惩或监督记录（记录年份 2023–2025），均不计入"
    )


def test_a_future_year_is_warned_about() -> None:
    codes = [p.code for p in year_problems(_frames("2025-03-01"), 2030, TODAY)]
    assert codes == ["future-year", "year-without-records"]


def test_no_dated_records_no_warning() -> None:
    assert year_problems({"cadres": None, "events": None}, 2025, TODAY) == []


def test_cli_warns_on_stderr_and_still_scores() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cadrekit",
            "score",
            str(SAMPLE),
            "--year",
            "2021",
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    said = done.stderr.replace("\n", "")  # rich folds long lines at 80 columns
    assert "考核年度 2021 内没有任何奖惩或监督记录（记录年份 2023–2025）" in said
    assert done.stdout.startswith("编号,")


def test_score_with_the_year_of_the_records_before_the_latest_warns_and_keeps_grades() -> None:
    from cadrekit import api

    warned = api.score(SAMPLE, year=2024, today=TODAY)
    (problem,) = [p for p in warned.problems if p.location == "--year"]
    assert problem.code == "year-before-records"
    assert problem.title("zh") == (
        "考核年度 2024 之后还有 149 条奖惩或监督记录（最晚 2025 年），均不计入"
    )
    quiet = api.score(SAMPLE, year=2025, today=TODAY)
    assert not [p for p in quiet.problems if p.location == "--year"]
    # only a warning: the grades are those of the year, as without the check
    grades = warned.cadres.set_index("id")["grade"]
    assert grades["A0027"] == "优秀" and quiet.cadres.set_index("id")["grade"]["A0027"] == "称职"
