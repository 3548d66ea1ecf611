"""任期考核 and 教育培训 over small datasets, and the commands on the sample county."""

from __future__ import annotations

import json
from pathlib import Path

from cadrekit.insight.tenure import tenure
from cadrekit.insight.training import coverage, coverage_by_unit
from runner import run_cadrekit
from test_insight_common import make_dataset

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"
ROSTER = [
    {"id": "A1", "name": "张一", "unit": "城关镇", "layer": "正职", "appointed_on": "2022-03-01"},
    {
        "id": "A2",
        "name": "李二",
        "unit": "城关镇",
        "layer": "一般干部",
        "appointed_on": "2021-06-01",
    },
    {
        "id": "A3",
        "name": "王三",
        "unit": "水利局",
        "layer": "一般干部",
        "appointed_on": "2024-01-01",
    },
]


def hist(*rows: tuple[str, int, str, float]) -> list[dict]:
    return [{"id": i, "year": y, "grade": g, "score": s} for i, y, g, s in rows]


def test_tenure_grades_from_the_terms_scores_and_grades() -> None:
    ds = make_dataset(
        cadres=ROSTER,
        history=hist(
            ("A1", 2021, "不称职", 50),  # before the term: ignored
            ("A1", 2022, "优秀", 94),
            ("A1", 2023, "称职", 88),
            ("A1", 2024, "优秀", 92),
            ("A2", 2022, "称职", 85),
            ("A2", 2023, "不称职", 58),
            ("A2", 2024, "称职", 84),
        ),
    )
    out = tenure(ds).set_index("id")
    assert out.loc["A1", ["term_from", "term_to", "years", "mean_score"]].tolist() == [
        2022,
        2024,
        3,
        91.33,
    ]
    assert out.loc["A1", "tenure_grade"] == "优秀"  # T 91.33 ≥ 90, 2 of 3 years 优秀
    assert out.loc["A2", "tenure_grade"] == "不称职"  # a 不称职 year in the term
    assert out.loc["A3", "tenure_grade"] == "不定等次"  # no year assessed in the term
    narrowed = tenure(ds, start=2024, end=2024).set_index("id")
    assert narrowed.loc["A2", "tenure_grade"] == "称职"


def test_training_hours_against_the_layer_requirement_and_topics() -> None:
    ds = make_dataset(
        cadres=ROSTER,
        training=[
            {"id": "A1", "date": "2025-03-01", "topic": "党的创新理论专题", "hours": 60},
            {"id": "A1", "date": "2025-09-01", "topic": "应急处突", "hours": 40},
            {"id": "A2", "date": "2025-05-01", "topic": "依法行政", "hours": 40},
            {"id": "A2", "date": "2024-05-01", "topic": "党的创新理论", "hours": 80},  # other year
        ],
    )
    per = coverage(ds, year=2025).set_index("id")
    assert per.loc["A1", ["hours", "required", "met", "missing_topics"]].tolist() == [
        100.0,
        90.0,
        True,
        "",
    ]
    assert per.loc["A2", ["hours", "met", "missing_topics"]].tolist() == [
        40.0,
        False,
        "党的创新理论",
    ]
    assert per.loc["A3", "hours"] == 0.0
    units = coverage_by_unit(per.reset_index()).set_index(["unit", "track_label"])
    row = units.loc[("城关镇", "一般干部")]
    assert (row["n"], row["met"], bool(row["full"]), row["below"]) == (1, 0, False, "李二")


def _cli(*args: str) -> str:
    done = run_cadrekit(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_commands_on_the_sample() -> None:
    rows = json.loads(_cli("score", str(SAMPLE), "--kind", "special", "--task", "森林防灭火",
                           "--format", "json"))  # fmt: skip
    assert rows[0]["rank"] == 1 and {r["task"] for r in rows} == {"森林防灭火"}
    tenure_rows = json.loads(_cli("score", str(SAMPLE), "--kind", "tenure", "--format", "json"))
    assert {r["tenure_grade"] for r in tenure_rows} <= {
        "优秀",
        "称职",
        "基本称职",
        "不称职",
        "不定等次",
    }
    units = json.loads(_cli("training", str(SAMPLE), "--format", "json"))
    assert {"unit", "n", "met", "share", "full", "below"} <= set(units[0])


def test_training_table_says_yes_or_no_for_full_coverage() -> None:
    table = _cli("training", str(SAMPLE), "--format", "table")
    assert "全覆盖" in table and "否" in table
    assert "True" not in table and "False" not in table
    english = _cli("training", str(SAMPLE), "--format", "table", "--lang", "en")
    assert " no " in english and "False" not in english
