"""DEFAULT_RULES §10 consequence flags."""

from __future__ import annotations

import pandas as pd
import pytest

from test_engine_support import by_id, cadres, score

FILLERS = [{"工作实绩": 50.0}] * 4


def history(*rows: tuple[str, int, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "year", "grade"])


@pytest.mark.parametrize(
    ("target", "past", "flags"),
    [
        ({}, [(2023, "优秀"), (2022, "优秀")], ["merit-third-class"]),
        ({}, [(2023, "优秀"), (2021, "优秀")], []),  # not consecutive
        ({}, [(2023, "优秀")], []),
        ({"工作实绩": 10.0}, [(2023, "不称职")], ["dismissal-review", "demotion-review"]),
        ({"工作实绩": 10.0}, [(2022, "不称职")], ["demotion-review"]),
        ({"工作实绩": 10.0}, [], ["demotion-review"]),
        ({"工作实绩": 30.0}, [], ["admonishment"]),  # S 65: 基本称职
        ({"工作实绩": 60.0}, [(2023, "优秀"), (2022, "优秀")], []),  # 称职 this year
    ],
)
def test_consequences(target: dict, past: list, flags: list[str]) -> None:
    hist = history(*(("1", y, g) for y, g in past), ("2", 2023, "优秀"))
    got = by_id(score(cadres(target, *FILLERS), history=hist)).loc["1"]
    assert got["flags"] == flags


def test_quota_tie_comes_first() -> None:
    rows = [{"工作实绩": 96.0}] * 2 + [{"工作实绩": 50.0}] * 3  # 1 slot, tie of two
    hist = history(("1", 2023, "优秀"), ("1", 2022, "优秀"))
    got = by_id(score(cadres(*rows), history=hist))
    assert got.loc["1", "flags"] == ["quota-tie"]  # 称职 this year: no merit flag
    assert got.loc["3", "flags"] == []
