"""The HTML page and the public list on the sample county (420 cadres), from cadrekit's load.

What a public output holds is checked against the roster itself: no cadre's 身份证号 (in
full or masked), birth date, supervision note, event reason, limit reason or flag name
appears anywhere in the public page, and its rows are exactly the result's rank, name,
unit, post, score and grade, track by track.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from cadrekit import api
from cadrekit.render.labels import flag_name
from cadrekit.render.page import environment, render_html
from cadrekit.render.public import PUBLIC_COLUMNS, public_tracks

SAMPLE = Path(__file__).parents[1] / "data" / "samples" / "county-2025.xlsx"
WHEN = dt.datetime(2026, 1, 5, 9, 30)


@pytest.fixture(scope="module")
def dataset():
    return api.load(SAMPLE)


@pytest.fixture(scope="module")
def result():
    return api.score(SAMPLE)


def rows_of(text: str) -> list[list[str]]:
    """The cells of every ranked table's body rows (the page's own markup is regular)."""
    body = "".join(re.findall(r'<table class="ranked".*?<tbody>(.*?)</tbody>', text, re.S))
    import html

    return [
        [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr [^>]*>(.*?)</tr>", body, re.S)
    ]


def secrets(dataset, result) -> list[str]:
    """Text of the roster that a public list must never hold."""
    cadres = dataset.frame("cadres")
    found = [str(v) for v in cadres["id_number"].dropna()]
    found += [v[:6] + "********" + v[-4:] for v in found]
    found += [pd.Timestamp(v).strftime("%Y-%m-%d") for v in cadres["birth_date"].dropna()]
    found += [str(v) for v in dataset.frame("supervision")["note"].dropna()]
    found += [str(v) for v in dataset.frame("events")["reason"].dropna()]
    reasons = result.cadres["limit_reason"].dropna().astype(str)
    parts = [part for v in reasons for part in v.split("；")]
    found += [re.sub(r"\s*\[[\w.\[\]-]+\]$", "", part) for part in parts]
    codes = {c for flags in result.cadres["flags"] for c in flags}
    found += [flag_name(c) for c in codes] + list(codes)
    found += [str(v) for v in result.cadres["id"]]
    return sorted({s for s in found if len(s) >= 4})


def test_public_page_has_no_private_text(dataset, result):
    text = render_html(result, public=True, generated_at=WHEN)
    hidden = secrets(dataset, result)
    assert len(hidden) > 1000  # ids, ID numbers, dates, notes, reasons: the check has teeth
    leaked = [s for s in hidden if s in text]
    assert leaked == []


def test_public_rows_are_the_results(result):
    text = render_html(result, public=True, generated_at=WHEN)
    frame = result.cadres
    expected = []
    for tid in dict.fromkeys(frame["track"].astype(str)):
        part = frame[frame["track"].astype(str) == tid]
        for rank, name, unit, post, score, grade in part[list(PUBLIC_COLUMNS)].itertuples(
            index=False
        ):
            expected.append(
                [
                    "" if pd.isna(rank) else str(int(rank)),
                    name,
                    unit,
                    "" if pd.isna(post) else post,
                    f"{score:.2f}",
                    grade,
                ]
            )
    assert rows_of(text) == expected
    assert len(expected) == 420
    assert all(t.columns == list(PUBLIC_COLUMNS) for t in public_tracks(result))


def test_full_page_has_no_id_numbers_or_birth_dates(dataset, result):
    text = render_html(result, generated_at=WHEN)
    cadres = dataset.frame("cadres")
    numbers = [str(v) for v in cadres["id_number"].dropna()]
    masked = [v[:6] + "********" + v[-4:] for v in numbers]
    births = [pd.Timestamp(v).strftime("%Y-%m-%d") for v in cadres["birth_date"].dropna()]
    assert [s for s in numbers + masked + births if s in text] == []
    assert len(rows_of(text)) == 420
    assert "[limits." not in text  # rule paths are left out of the limit reasons


def test_the_page_is_the_same_for_the_same_input(result):
    assert render_html(result, generated_at=WHEN) == render_html(result, generated_at=WHEN)
    assert "生成于 2026-01-05 09:30" in render_html(result, generated_at=WHEN)
    assert "生成于 2026-01-05（" in render_html(result, public=True, generated_at=WHEN)


def test_templates_escape_by_default():
    env = environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<script>&") == "&lt;script&gt;&amp;"
