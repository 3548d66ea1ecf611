"""Column-wise checks: every problem located at its cell (``干部名册!F17``); the checks of
ids (validate_ids) and of what scoring needs (validate_scoring) are re-exported here, so
``load.validate`` stays the one entry point of every check.

Checks run over whole columns with masks; a Problem is built only for each failing cell.
The row models (models/rows.py) say what each column must hold.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.load.cells import shown_invisible
from cadrekit.load.headers import cell_text
from cadrekit.load.loaded import Loaded, _each, _expected, _problem
from cadrekit.load.schema import bounds_text
from cadrekit.load.validate_ids import check_duplicate_ids, check_id_numbers, check_unknown_ids
from cadrekit.load.validate_scoring import (
    check_indicators_needed,
    check_quarters,
    check_tracks,
    check_votes,
    fill_blank_votes,
    missing_cells,
)
from cadrekit.models.rows import MIN_APPOINTMENT_AGE, YEARS
from cadrekit.problems import Problem, Severity

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.rules import RuleSet

_BAD_CODE = {
    "number": "bad-number",
    "int": "bad-integer",
    "date": "bad-date",
    "bool": "bad-boolean",
    "choice": "bad-choice",
    "text": "bad-choice",
}

__all__ = [
    "Loaded",
    "check_duplicate_ids",
    "check_id_numbers",
    "check_indicators_needed",
    "check_quarters",
    "check_tracks",
    "check_unknown_ids",
    "check_votes",
    "fill_blank_votes",
    "missing_cells",
]

# Dates a record can plausibly carry: an assessment year is one of 1949–2100 (--year's
# range), so is every event, measure, training or appointment; a birth date goes back to
# 1930 (someone older is past any assessment). Anything outside is a typing slip — a 1 typed
# into a date cell (1900-01-01), 9999-12-31 for "open", 2021.03 typed into a date-formatted
# cell (the serial 2021.03, 1905-07-13) — and is never used as a date.
DATE_RANGE = (dt.date(YEARS[0], 1, 1), dt.date(YEARS[1], 12, 31))
BIRTH_RANGE = (dt.date(1930, 1, 1), dt.date(2100, 12, 31))
# Dates that enter no score and decide no year: out of range they are a warning.
_DATES_WARNED = frozenset({("cadres", "birth_date"), ("cadres", "appointed_on")})


def date_range(kind: str, name: str) -> tuple[dt.date, dt.date]:
    return BIRTH_RANGE if name == "birth_date" else DATE_RANGE


def plausible_dates(ld: Loaded, name: str, dates: Any) -> pd.Series:
    """A date column's values with every implausible date (outside :func:`date_range`, or
    too far out to hold) left empty; records the masks on ``ld`` for the checks."""
    lo, hi = (pd.Timestamp(d) for d in date_range(ld.kind, name))
    values = dates.values
    outside = dates.far | (values.notna() & ((values < lo) | (values > hi)))
    ld.bad[name] = dates.bad
    ld.october[name] = dates.october & ~outside
    ld.implausible[name] = outside
    return values.mask(outside) if outside.any() else values


def check_columns(ld: Loaded, today: dt.date | None = None) -> list[Problem]:
    """Per-cell checks of one sheet against its row model."""
    problems: list[Problem] = []
    frame = ld.sheet.frame
    for name, spec in ld.columns.items():
        if name not in frame.columns or name not in ld.sheet.letters:
            continue
        values = frame[name]
        bad = _mask(ld.bad.get(name), len(frame))  # masks as NumPy: no Series a step
        code = _BAD_CODE[spec.kind]
        for i in _at(frame.index, bad):
            near = suggestion(values[i], spec.choices) if code == "bad-choice" else {}
            problems.append(_problem(ld, code, i, name, _expected(spec), **near))
        odd = ld.implausible.get(name)
        if odd is not None and odd.any():
            problems += _implausible_dates(ld, name, odd)
            bad = bad | _mask(odd, len(frame))  # reported: not "missing" as well
        if spec.required:
            for i in _at(frame.index, values.isna().to_numpy(dtype=bool) & ~bad):
                problems.append(_problem(ld, "missing-value", i, name, spec.zh))
        if spec.kind in ("number", "int"):
            problems += _range(ld, name, values, spec.ge, spec.le, int_column=spec.kind == "int")
            if spec.most is not None:
                problems += _implausible(ld, name, values, spec.most)
        if spec.kind == "date" and today is not None:
            late = values > pd.Timestamp(today)
            for i in _each(late):
                problems.append(_problem(ld, "future-date", i, name, f"≤ {today.isoformat()}"))
        if name in ld.october:
            problems += _october(ld, name, ld.october[name])
        if name in ld.invisible:
            problems += _invisible(ld, name, ld.invisible[name])
    return problems


def _mask(mask: pd.Series | None, n: int) -> np.ndarray:
    """A mask by position (NA: False); None: no cell."""
    return np.zeros(n, dtype=bool) if mask is None else mask.to_numpy(dtype=bool, na_value=False)


def _at(index: pd.Index, mask: np.ndarray) -> list[int]:
    """The labels under a mask by position, as :func:`_each` gives them."""
    return [int(i) for i in index[mask]]


# What the format characters people meet are called; others go by their Unicode name.
_FORMAT_NAMES = {
    0x00AD: ("软连字符", "soft hyphen"),
    0x200B: ("零宽空格", "zero-width space"),
    0x200C: ("零宽非连接符", "zero-width non-joiner"),
    0x200D: ("零宽连接符", "zero-width joiner"),
    0x200E: ("从左到右标记", "left-to-right mark"),
    0x200F: ("从右到左标记", "right-to-left mark"),
    0x2060: ("词连接符", "word joiner"),
    0xFEFF: ("字节顺序标记", "byte order mark"),
    **{
        c: ("双向文字控制符", "bidi control")
        for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
    },
}


def _format_names(text: str, lang: int) -> str:
    import unicodedata

    seen = dict.fromkeys(c for c in text if shown_invisible(c) != c)
    names = []
    for c in seen:
        known = _FORMAT_NAMES.get(ord(c))
        label = known[lang] if known else unicodedata.name(c, "format character").lower()
        names.append(f"U+{ord(c):04X}（{label}）" if lang == 0 else f"U+{ord(c):04X} ({label})")
    return "、".join(names) if lang == 0 else ", ".join(names)


def _invisible(ld: Loaded, name: str, hidden: pd.Series) -> list[Problem]:
    """``invisible-character`` at each text cell that held a format character: removed, so
    ``A\u00ad0001`` is the id A0001 (a duplicate, if another row has it), and said here."""
    frame = ld.sheet.frame
    problems = []
    for i in _each(hidden):
        raw = str(ld.raw.at[i, name])
        problems.append(
            _problem(
                ld,
                "invisible-character",
                i,
                name,
                found=shown_invisible(raw),
                chars_zh=_format_names(raw, 0),
                chars_en=_format_names(raw, 1),
                clean=cell_text(frame.at[i, name]),
            )
        )
    return problems


def _implausible_dates(ld: Loaded, name: str, odd: pd.Series) -> list[Problem]:
    """``implausible-date`` at each cell outside the column's range: an error where the date
    decides what counts (events, measures, training), a warning on the roster's birth and
    appointment dates, which enter no score."""
    lo, hi = date_range(ld.kind, name)
    severity: Severity = "warning" if (ld.kind, name) in _DATES_WARNED else "error"
    problems = []
    for i in _each(odd):
        raw = ld.raw.at[i, name]
        likely = year_month_serial(raw)
        zh = en = ""
        if likely is not None:
            typed = f"{likely[0]}.{likely[1]:02d}"
            zh = f"；可能是 {likely[0]}年{likely[1]}月（{typed} 输入到了日期格式的单元格）"
            en = (
                f"; probably {likely[0]}-{likely[1]:02d} ({typed} typed into a date-formatted cell)"
            )
        p = _problem(
            ld,
            "implausible-date",
            i,
            name,
            f"{lo.isoformat()} – {hi.isoformat()}",
            shown=_date_shown(raw),
            likely_zh=zh,
            likely_en=en,
        )
        problems.append(replace(p, severity=severity))
    return problems


_SERIAL_EPOCH = dt.datetime(1899, 12, 30)


def year_month_serial(raw: object) -> tuple[int, int] | None:
    """(year, month) when a date cell's serial number reads as ``YYYY.MM``: whole part
    1930–2100, two decimals 01–12 (2021.03 typed into a date-formatted cell is the serial
    2021.03, 1905-07-13 00:43:12)."""
    if not isinstance(raw, dt.datetime | pd.Timestamp):
        return None
    serial = (pd.Timestamp(raw) - pd.Timestamp(_SERIAL_EPOCH)) / pd.Timedelta(days=1)
    whole = int(np.floor(serial))
    hundredths = (serial - whole) * 100
    month = round(hundredths)
    if 1930 <= whole <= 2100 and 1 <= month <= 12 and abs(hundredths - month) < 0.01:
        return whole, month
    return None


def _date_shown(raw: object) -> str:
    """The date a cell holds, as a day (its time of day is only the serial's fraction)."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    return cell_text(raw)


NEAR = 0.5  # one character of two in common: 称值 for 称职, 较号 for 较好


def suggestion(word: object, choices: Iterable[str]) -> dict[str, str]:
    """The did-you-mean params of a word that is none of ``choices`` (较号 → 较好): the
    nearest choice by difflib's ratio, at least :data:`NEAR`; of equally near ones the
    first listed (较号 is as near 较差 as 较好); empty when none is near."""
    if not isinstance(word, str) or not word:
        return {}
    best, near = NEAR, ""
    for choice in choices:
        ratio = difflib.SequenceMatcher(None, word, choice).ratio()
        if ratio > best or (ratio == best and not near):
            best, near = ratio, choice
    if not near:
        return {}
    return {"suggest_zh": f"（是不是“{near}”？）", "suggest_en": f" (did you mean '{near}'?)"}


def check_history_grades(ld: Loaded, rules: RuleSet) -> list[Problem]:
    """``unknown-grade`` at each 历年考核 等次 that is none of the rule set's grade words
    (``grades.order`` and ``grades.not_graded``): a misspelt grade (称值) would silently drop
    that year out of the consecutive-year consequences and the flags."""
    frame = ld.sheet.frame
    if "grade" not in frame.columns or "grade" not in ld.sheet.letters:
        return []
    words = rules.grades.all
    given = frame["grade"]
    unknown = given.notna() & ~given.astype("object").isin(words)
    allowed = "、".join(words)
    return [
        _problem(ld, "unknown-grade", i, "grade", allowed, **suggestion(given[i], words))
        for i in _each(unknown)
    ]


def _implausible(ld: Loaded, name: str, values: pd.Series, most: float) -> list[Problem]:
    """``implausible-value`` at each cell above ``most`` (within the column's bounds)."""
    large = values.astype("float64") > most
    return [
        _problem(ld, "implausible-value", i, name, bounds_text(None, most), limit=f"{most:g}")
        for i in _each(large)
    ]


def check_appointment(ld: Loaded) -> list[Problem]:
    """``appointed-too-young`` at each 任现职时间 before the cadre's 16th birthday."""
    sf = ld.sheet
    if not {"birth_date", "appointed_on"} <= sf.letters.keys():
        return []
    born, appointed = sf.frame["birth_date"], sf.frame["appointed_on"]
    months = (appointed.dt.year - born.dt.year) * 12 + (appointed.dt.month - born.dt.month)
    months -= (appointed.dt.day < born.dt.day).astype("int64")
    young = appointed.notna() & born.notna() & (months < MIN_APPOINTMENT_AGE * 12)
    if not young.any():
        return []
    earliest = (born[young] + pd.DateOffset(years=MIN_APPOINTMENT_AGE)).dt.strftime("%Y-%m-%d")
    return [
        _problem(
            ld,
            "appointed-too-young",
            i,
            "appointed_on",
            f"≥ {earliest[i]}",
            earliest=earliest[i],
            birth=cell_text(ld.raw.at[i, "birth_date"]),
            birth_cell=sf.cell(i, "birth_date"),
            age=MIN_APPOINTMENT_AGE,
        )
        for i in _each(young)
    ]


def _october(ld: Loaded, name: str, october: pd.Series) -> list[Problem]:
    """``ambiguous-month`` at each number cell ``YYYY.1``, read as October of YYYY."""
    if not october.any():
        return []
    years = ld.sheet.frame[name][october].dt.year
    return [
        _problem(ld, "ambiguous-month", i, name, f"{years[i]}-10", year=int(years[i]))
        for i in _each(october)
    ]


def _range(
    ld: Loaded,
    name: str,
    values: pd.Series,
    lo: float | None,
    hi: float | None,
    *,
    int_column: bool = False,
) -> list[Problem]:
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)  # as NumPy: no Series a step
    outside = np.zeros(len(numbers), dtype=bool)
    if lo is not None:
        outside |= numbers < lo
    if hi is not None:
        outside |= numbers > hi
    # a negative count is not a whole number ≥ 0
    code = "bad-integer" if int_column and lo == 0 and hi is None else "out-of-range"
    expected = "12" if code == "bad-integer" else bounds_text(lo, hi)
    return [_problem(ld, code, int(i), name, expected) for i in values.index[outside]]


def check_indicators(
    ld: Loaded, indicators: dict[str, tuple[float | None, float | None]]
) -> list[Problem]:
    problems: list[Problem] = []
    frame = ld.sheet.frame
    for name, (lo, hi) in indicators.items():
        if name not in frame.columns or name not in ld.sheet.letters:
            continue
        expected = bounds_text(lo, hi) or "85"
        for i in _each(ld.bad.get(name, pd.Series(False, index=frame.index))):
            problems.append(_problem(ld, "bad-number", i, name, expected))
        problems += _range(ld, name, frame[name], lo, hi)
    return problems


# Problems that say a cell is empty; at a formula cell with no saved result the cell only
# reads as empty, and saying "fill it in" would mislead.
_READ_EMPTY = frozenset({"missing-value", "missing-indicator", "blank-vote"})


def formula_no_value(problems: list[Problem], formulas: dict[str, dict[str, str]]) -> list[Problem]:
    """``problems`` with each :data:`_READ_EMPTY` one at a formula cell that holds no saved
    result (``formulas``: sheet name → {"F17": "50+40"}) made ``formula-no-value``."""
    if not formulas:
        return problems
    out: list[Problem] = []
    for p in problems:
        cells = formulas.get(p.sheet)
        ref = p.location.rpartition("!")[2]
        if p.code in _READ_EMPTY and cells and ref in cells:
            text = cells[ref]
            shown_zh, shown_en = (
                (f"={text}", f"={text}") if text else ("共享公式", "shared formula")
            )
            params = {**p.params, "formula": text, "formula_zh": shown_zh, "formula_en": shown_en}
            # found: the formula, so that each row of a report's table shows its own
            p = replace(p, code="formula-no-value", found=f"={text}" if text else "", params=params)
        out.append(p)
    return out
