"""Shared helpers for the insight tests (small inline frames) and tests of the date helpers."""

from __future__ import annotations

import pandas as pd

from cadrekit.insight._common import add_months, months_between, years_months
from cadrekit.models.dataset import Dataset, SheetFrame

SHEET = {
    "cadres": "干部名册",
    "events": "纪实记录",
    "supervision": "监督信息",
    "history": "历年考核",
    "candidates": "拟提拔人选",
    "training": "教育培训",
    "special": "专项考核",
}
DATES = {"date", "appointed_on", "birth_date"}


def make_dataset(**sheets: list[dict]) -> Dataset:
    """A Dataset from lists of row dicts, as the loader would give it (dates datetime64)."""
    out = {}
    for kind, rows in sheets.items():
        df = pd.DataFrame(rows)
        for column in DATES & set(df.columns):
            df[column] = pd.to_datetime(df[column])
        out[kind] = SheetFrame(
            kind=kind,
            sheet=SHEET[kind],
            frame=df,
            rows=[i + 2 for i in range(len(df))],
            letters={c: chr(65 + i) for i, c in enumerate(df.columns)},
            headers={c: c for c in df.columns},
        )
    return Dataset(sheets=out)


def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_short_month() -> None:
    dates = pd.Series(pd.to_datetime(["2025-03-02", "2025-08-31", "2024-02-29", None]))
    got = add_months(dates, pd.Series([12, 6, 12, 6]))
    assert [str(d.date()) if pd.notna(d) else None for d in got] == [
        "2026-03-02",
        "2026-02-28",
        "2025-02-28",
        None,
    ]


def test_months_between_counts_a_month_once_its_day_is_reached() -> None:
    start = pd.Series(pd.to_datetime(["2024-03-15", "2024-03-15", "2023-01-01"]))
    assert months_between(start, pd.Timestamp("2025-03-14")).tolist() == [11, 11, 26]
    assert months_between(start, pd.Timestamp("2025-03-15")).tolist() == [12, 12, 26]


def test_years_months_words() -> None:
    assert [years_months(m) for m in (15, 24, 5)] == ["1 年 3 个月", "2 年", "5 个月"]
