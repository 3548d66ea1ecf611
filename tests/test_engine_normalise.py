"""Indicator direction and normalisation within a track, hand-computed."""

from __future__ import annotations

import pytest

from test_engine_support import by_id, cadres, rules_with, score


@pytest.mark.parametrize(
    ("normalise", "direction", "expected"),
    [
        ("none", "higher", [50.0, 75.0, 100.0]),
        ("share_of_max", "higher", [50.0, 75.0, 100.0]),
        ("minmax", "higher", [0.0, 50.0, 100.0]),
        # mean 75, population sd 20.4124…: 50 ± 10·25/20.4124 = 50 ± 12.2474
        ("zscore", "higher", [37.75, 50.0, 62.25]),
        ("percentile", "higher", [33.33, 66.67, 100.0]),
        ("none", "lower", [50.0, 25.0, 0.0]),  # 0 + 100 − x
        ("minmax", "lower", [100.0, 50.0, 0.0]),
        ("share_of_max", "lower", [100.0, 50.0, 0.0]),  # 50, 25, 0 over max 50
    ],
)
def test_normalisation(normalise: str, direction: str, expected: list[float]) -> None:
    indicator = {"column": "工作实绩", "weight": 1.0, "normalise": normalise}
    indicator["direction"] = direction
    rules = rules_with(tracks__4__indicators=[indicator])
    frame = cadres({"工作实绩": 50.0}, {"工作实绩": 75.0}, {"工作实绩": 100.0})
    got = by_id(score(frame, rules=rules))
    assert got.loc[["1", "2", "3"], "performance"].tolist() == expected


def test_normalisation_is_within_the_track() -> None:
    indicator = {"column": "工作实绩", "weight": 1.0, "normalise": "share_of_max"}
    rules = rules_with(tracks__4__indicators=[indicator])
    leader = {"layer": "正职", "职能工作": 90.0, "重点任务": 90.0, "服务评价": 90.0}
    leader |= {"党的建设": 90.0, "工作实绩": 200.0}
    got = by_id(score(cadres({"工作实绩": 40.0}, {"工作实绩": 80.0}, leader), rules=rules))
    assert got.loc[["1", "2"], "performance"].tolist() == [50.0, 100.0]


def test_equal_values() -> None:
    frame = cadres({"工作实绩": 60.0}, {"工作实绩": 60.0})
    for method, value in (("minmax", 100.0), ("zscore", 50.0), ("percentile", 75.0)):
        ind = {"column": "工作实绩", "weight": 1.0, "normalise": method}
        got = score(frame, rules=rules_with(tracks__4__indicators=[ind]))
        assert got.cadres["performance"].tolist() == [value, value]
