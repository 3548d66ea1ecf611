"""``score --unit/--track/--top``: which cadres a filtered table shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cadrekit import api
from cadrekit.errors import UsageError
from cadrekit.models.result import Result
from cadrekit.render.frame import select
from runner import run_cadrekit

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"


@pytest.fixture(scope="module")
def result() -> Result:
    return api.score(SAMPLE, year=2025)


def test_top_with_a_unit_keeps_the_units_best_n_of_each_track(result: Result) -> None:
    staff = result.cadres[(result.cadres["unit"] == "城关镇") & (result.cadres["track"] == "staff")]
    best = sorted(staff["rank"].astype(int))[:10]
    shown = select(result, tracks=["staff"], units=["城关镇"], top=10).cadres
    assert len(shown) == 10 and set(shown["unit"]) == {"城关镇"}
    assert sorted(shown["rank"].astype(int)) == best  # ranks in the whole county track
    assert best[-1] > 10  # the county's top 10 holds fewer of them: the old filter showed none


def test_top_with_a_unit_covers_every_track_of_the_unit(result: Result) -> None:
    shown = select(result, units=["城关镇"], top=2).cadres
    mine = result.cadres[result.cadres["unit"] == "城关镇"]
    assert set(shown["track"]) == set(mine["track"])
    assert shown.groupby("track").size().max() <= 2


def test_top_alone_is_the_track_rank(result: Result) -> None:
    shown = select(result, top=1).cadres
    assert list(shown["rank"]) == [1] * len(result.rules.tracks)


def test_unknown_unit_is_a_usage_error_naming_the_units(result: Result) -> None:
    with pytest.raises(UsageError, match="名册中没有单位：城关") as caught:
        select(result, units=["城关"])
    assert "城关镇" in str(caught.value)


def test_cli_unit_and_top() -> None:
    args = ["--unit", "城关镇", "--track", "staff", "--top", "10", "--format", "json"]
    done = run_cadrekit("score", str(SAMPLE), "--year", "2025", *args)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["cadres"]
    assert len(rows) == 10 and {r["unit"] for r in rows} == {"城关镇"}
    bad = run_cadrekit("score", str(SAMPLE), "--unit", "不存在")
    assert bad.returncode == 2 and "名册中没有单位：不存在" in bad.stderr


def test_footer_says_how_many_are_shown_of_how_many() -> None:
    def footer(*args: str) -> str:
        done = run_cadrekit("score", str(SAMPLE), "--format", "csv", *args)
        return done.stderr.splitlines()[0]

    assert footer("--top", "3") == "考核年度 2025 · 显示 15 名 / 共 420 名干部 · 规则：default"
    assert footer() == "考核年度 2025 · 420 名干部 · 规则：default"
