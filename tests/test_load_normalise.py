"""Each normalisation rule, exact in → out; and normalising twice changes nothing."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrekit.load.normalise import as_bool, as_date, as_int, as_number, as_text, normalise


def one(fn, value, **kw):
    values, bad = fn(pd.Series([value], dtype=object), **kw)
    return values.iloc[0], bool(bad.iloc[0])


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Ａ００１", "A001"),  # full-width letters and digits
        ("  城关镇 ", "城关镇"),  # stray spaces
        ("城关\u00a0镇", "城关镇"),  # non-breaking space inside CJK
        ("张\u3000三", "张三"),  # ideographic space padding a name
        ("张  三", "张三"),
        ("Li  Ming", "Li Ming"),  # Latin names keep one space
        ("A0\u200b01", "A001"),  # zero-width space
        ("党建（示范）", "党建(示范)"),  # full-width brackets
    ],
)
def test_text_is_cleaned(raw, text):
    assert one(as_text, raw) == (text, False)


@pytest.mark.parametrize(
    ("raw", "text"),
    [(85.0, "85"), ("85.0", "85"), (85, "85"), ("A85.0", "A85.0"), (85.5, "85.5")],
)
def test_ids_read_back_as_floats_are_whole(raw, text):
    assert one(as_text, raw, id_like=True) == (text, False)


def test_empty_text_is_missing():
    values, bad = as_text(pd.Series(["", "  ", None, "\u3000"], dtype=object))
    assert values.isna().all() and not bad.any()


@pytest.mark.parametrize(
    ("raw", "number", "bad"),
    [
        ("85", 85.0, False),  # number stored as text
        ("８５.５", 85.5, False),  # full-width digits
        (" 90 ", 90.0, False),
        (85.0, 85.0, False),
        (7, 7.0, False),
        ("八十", None, True),
        ("85分", None, True),
        ("inf", None, True),
        (True, None, True),
        (None, None, False),
    ],
)
def test_numbers(raw, number, bad):
    value, is_bad = one(as_number, raw)
    assert is_bad is bad
    assert np.isnan(value) if number is None else value == number


@pytest.mark.parametrize(
    ("raw", "number", "bad"),
    [
        ("12", 12, False),
        (12.0, 12, False),
        ("１２", 12, False),
        ("12.5", None, True),
        ("x", None, True),
    ],
)
def test_integers(raw, number, bad):
    value, is_bad = one(as_int, raw)
    assert is_bad is bad
    assert value is pd.NA if number is None else value == number


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2021.03", "2021-03-01"),
        ("2021-3", "2021-03-01"),
        ("2021年3月", "2021-03-01"),
        ("202103", "2021-03-01"),
        ("2021-03-15", "2021-03-15"),
        ("2021/3/15", "2021-03-15"),
        ("2021年3月15日", "2021-03-15"),
        ("20210315", "2021-03-15"),
        ("２０２１．０３", "2021-03-01"),  # full-width
        (" 2021 . 03 ", "2021-03-01"),
        ("2021-03-15 08:30:00", "2021-03-15"),  # a datetime written out as text
        (44271, "2021-03-16"),  # Excel serial
        (44271.75, "2021-03-16"),  # serial with a time of day
        (2021.03, "2021-03-01"),  # a number cell typed as 2021.03
        (2021.1, "2021-10-01"),  # …and 2021.10, whose trailing zero Excel dropped
        (202103, "2021-03-01"),
        (dt.date(2021, 3, 15), "2021-03-15"),
        (dt.datetime(2021, 3, 15, 10, 30), "2021-03-15"),
    ],
)
def test_dates(raw, day):
    assert one(as_date, raw) == (pd.Timestamp(day), False)


@pytest.mark.parametrize(
    ("raw", "day", "october"),
    [
        (2022.1, "2022-10-01", True),  # number: 2022.10 as Excel keeps it, or January?
        (2022.10, "2022-10-01", True),  # the same number
        (1999.1, "1999-10-01", True),
        (2022.01, "2022-01-01", False),  # two digits: January, unambiguous
        (2022.11, "2022-11-01", False),
        (2022.12, "2022-12-01", False),
        ("2022.1", "2022-01-01", False),  # text is read as written: January
        ("2022.10", "2022-10-01", False),
        (44000.1, "2020-06-18", False),  # an Excel serial with a time, not a month
        (dt.date(2022, 10, 1), "2022-10-01", False),
    ],
)
def test_number_yyyy_1_is_october_and_marked(raw, day, october):
    from cadrekit.load.normalise import read_dates

    values, bad, marked, _ = read_dates(pd.Series([raw, None], dtype=object))
    assert (values[0], bool(bad[0]), bool(marked[0])) == (pd.Timestamp(day), False, october)
    assert not marked[1]


def test_october_numbers_in_a_float_column():
    from cadrekit.load.normalise import read_dates

    _, _, marked, _ = read_dates(pd.Series([2022.1, 2022.01, np.nan, 2021.1, 2022.2, 2022.15]))
    assert marked.tolist() == [True, False, False, True, False, False]


@pytest.mark.parametrize("raw", ["2021年13月", "2021-02-30", "去年", "2021", 2021, "21.03"])
def test_bad_dates(raw):
    value, bad = one(as_date, raw)
    assert bad and pd.isna(value)


@pytest.mark.parametrize(
    ("raw", "flag"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0.0, False),
        ("√", True),
        ("×", False),
        (True, True),
        ("Ｙ", True),
    ],
)
def test_booleans(raw, flag):
    assert one(as_bool, raw) == (flag, False)


def test_bad_boolean():
    value, bad = one(as_bool, "可能")
    assert bad and value is pd.NA


def _raw_roster() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [85.0, "Ａ002", " A003 "],
            "name": ["张  三", "李四", None],
            "unit": ["城关镇", "城关镇", "城关镇"],
            "top_leader": ["是", "N", None],
            "birth_date": ["1985.06", 44271, dt.date(1990, 1, 5)],
            "votes_excellent": ["20", 3.0, "x"],
            "q1": ["好", " 较好 ", "优"],
            "经济发展": ["85", 90.5, "八十"],
            "备注": ["a", 1, None],
        },
        dtype=object,
    )


def test_normalise_types_the_columns():
    out = normalise(_raw_roster(), "cadres", ["经济发展"])
    assert out["id"].tolist() == ["85", "A002", "A003"]
    assert out["name"].iloc[0] == "张三"
    assert out["top_leader"].tolist()[:2] == [True, False]
    assert out["birth_date"].iloc[0] == pd.Timestamp("1985-06-01")
    assert str(out["votes_excellent"].dtype) == "Int64"
    assert out["经济发展"].iloc[:2].tolist() == [85.0, 90.5]
    assert out["备注"].tolist() == ["a", 1, None]  # unknown columns untouched


def test_normalise_is_idempotent():
    once = normalise(_raw_roster(), "cadres", ["经济发展"])
    twice = normalise(once, "cadres", ["经济发展"])
    pd.testing.assert_frame_equal(once, twice)


cells = st.one_of(
    st.none(),
    st.text(alphabet="0123456789.-/年月日 Ａ１２是否YN√×张三\u3000\u00a0", max_size=12),
    st.integers(min_value=-5, max_value=30_000_000),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=3e7),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(cells, min_size=1, max_size=8))
def test_every_converter_is_idempotent(values):
    col = pd.Series(values, dtype=object)
    for fn in (as_text, as_number, as_int, as_date, as_bool):
        once, _ = fn(col)
        twice, bad = fn(once)
        pd.testing.assert_series_equal(once, twice)
        assert not bad.any()


@pytest.mark.parametrize(
    "raw", [dt.datetime(9999, 12, 31), dt.date(9999, 12, 31), "9999-12-31", "9999.12", 2958465.0]
)
def test_dates_too_far_out_are_marked_not_bad(raw):
    """9999-12-31 as a cell, text or serial is a date, only too far out to hold: ``far``."""
    from cadrekit.load.normalise import read_dates

    values, bad, _, far = read_dates(pd.Series([raw, "2021-03-15"], dtype=object))
    assert (pd.isna(values[0]), bool(bad[0]), bool(far[0])) == (True, False, True)
    assert (values[1], bool(far[1])) == (pd.Timestamp("2021-03-15"), False)


@pytest.mark.parametrize("raw", [-1e308, 1e308, -5, "9999-13-01", 3_000_000.0])
def test_numbers_that_are_no_date_stay_bad(raw):
    from cadrekit.load.normalise import read_dates

    values, bad, _, far = read_dates(pd.Series([raw], dtype=object))
    assert (pd.isna(values[0]), bool(bad[0]), bool(far[0])) == (True, True, False)


def test_every_format_character_is_removed():
    """FORMAT_RANGES holds every Unicode format character (Cf) this Python knows of."""
    import sys
    import unicodedata

    from cadrekit.load.normalise import FORMAT_RANGES

    listed = {c for a, b in FORMAT_RANGES for c in range(a, b + 1)}
    cf = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert cf <= listed
    assert {unicodedata.category(chr(c)) for c in listed} <= {"Cf", "Cn"}  # Cn: newer Cf


@pytest.mark.parametrize("mark", ["\u00ad", "\u200e", "\u200f", "\u202e", "\u2066", "\u2069"])
def test_ids_differing_by_a_format_character_read_alike(mark):
    from cadrekit.load.normalise import invisible_cells

    raw = pd.Series([f"A{mark}0001", "A0001", None], dtype=object)
    assert one(as_text, raw.iloc[0])[0] == "A0001"
    assert invisible_cells(raw).tolist() == [True, False, False]
