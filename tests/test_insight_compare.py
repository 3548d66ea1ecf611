"""compare: movement per cadre, arrivals and departures, rule changes, summaries."""

from __future__ import annotations

import pandas as pd

from cadrekit.insight.compare import compare, summary
from cadrekit.models.result import AUDIT_COLUMNS, Result
from cadrekit.rules.load import default_rules


def result(rows, *, sha="in-1", rules_sha="r-1") -> Result:
    cadres = pd.DataFrame(rows, columns=["id", "name", "unit", "track", "rank", "score", "grade"])
    cadres["rank"] = cadres["rank"].astype("Int64")
    return Result(
        cadres=cadres,
        audit=pd.DataFrame(columns=AUDIT_COLUMNS),
        groups=pd.DataFrame(),
        year=2025,
        rules=default_rules(),
        rules_sha256=rules_sha,
        meta={"input_sha256": sha},
    )


OLD = [
    ("A1", "张一", "城关镇", "staff", 1, 90.0, "优秀"),
    ("A2", "李二", "城关镇", "staff", 2, 85.0, "称职"),
    ("A3", "王三", "水利局", "staff", 3, 80.0, "称职"),
]
NEW = [
    ("A2", "李二", "城关镇", "staff", 1, 91.0, "优秀"),
    ("A1", "张一", "城关镇", "staff", 2, 88.5, "称职"),
    ("A4", "赵四", "水利局", "staff", 3, 70.0, "基本称职"),
]


def test_movement_arrivals_and_departures() -> None:
    got = compare(result(OLD), result(NEW, sha="in-2"))
    cols = ["id", "change", "grade_old", "grade_new", "rank_change", "score_change", "rule_change"]
    assert got[cols].astype(object).where(got[cols].notna(), None).values.tolist() == [
        ["A2", "up", "称职", "优秀", 1, 6.0, False],
        ["A1", "down", "优秀", "称职", -1, -1.5, False],
        ["A4", "arrived", None, "基本称职", None, None, False],
        ["A3", "departed", "称职", None, None, None, False],
    ]


def test_same_input_under_new_rules_marks_rule_changes() -> None:
    old = result(OLD)
    new = result([(*r[:6], "称职") if r[0] == "A1" else r for r in OLD], rules_sha="r-2")
    got = compare(old, new)
    assert got[["id", "change", "rule_change"]].values.tolist() == [
        ["A1", "down", True],
        ["A2", "same", False],
        ["A3", "same", False],
    ]


def test_summary_per_unit() -> None:
    got = summary(result(OLD), result(NEW, sha="in-2"), "unit")
    assert got[
        ["unit", "n_old", "n_new", "mean_old", "mean_new", "mean_change", "优秀_old", "优秀_new"]
    ].values.tolist() == [
        ["城关镇", 2, 2, 87.5, 89.75, 2.25, 1, 1],
        ["水利局", 1, 1, 80.0, 70.0, -10.0, 0, 0],
    ]
    assert got[["基本称职_old", "基本称职_new"]].values.tolist() == [[0, 0], [0, 1]]


def test_arrival_and_departure_on_results_scored_from_loaded_workbooks(tmp_path) -> None:
    """Loaded frames carry Arrow text and nullable numbers: comparing a grade with a
    missing one gives NA, not False (the crash of issue 18, item 1)."""
    import copy
    import sys
    from pathlib import Path

    from cadrekit import api

    sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
    import make_problem_fixtures as fx

    book = fx.base_book()
    old = fx.write_book(copy.deepcopy(book), tmp_path / "2024.xlsx")
    book["干部名册"]["rows"] = book["干部名册"]["rows"][1:]  # A001 left
    book["纪实记录"]["rows"] = []
    new = fx.write_book(book, tmp_path / "2025.xlsx")
    got = compare(api.score(old, year=2025), api.score(new, year=2025))
    assert got[["id", "change"]].values.tolist() == [
        ["A003", "same"],
        ["A002", "same"],
        ["A001", "departed"],
    ]
