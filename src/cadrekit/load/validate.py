"""Column-wise and cross-sheet checks: every problem located at its cell (``干部名册!F17``).

Checks run over whole columns with masks; a Problem is built only for each failing cell.
The row models (models/rows.py) say what each column must hold.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.idnumber import check_digits, well_formed
from cadrekit.load.headers import cell_text
from cadrekit.load.normalise import shown_invisible, value_bytes, ymd
from cadrekit.load.schema import ColumnSpec, bounds_text, column_specs
from cadrekit.models.dataset import SheetFrame
from cadrekit.models.rows import MIN_APPOINTMENT_AGE, SHEET_NAMES, YEARS
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


@dataclass
class Loaded:
    """One sheet while loading: the SheetFrame, its raw cells and the unreadable cells."""

    kind: str
    sheet: SheetFrame
    raw: pd.DataFrame  # raw cells under the frame's column names, same index
    bad: dict[str, pd.Series] = field(default_factory=dict)
    # date cells read from an ambiguous number YYYY.1 (October, or a January typed 2022.1)
    october: dict[str, pd.Series] = field(default_factory=dict)
    # date cells outside the column's plausible range (DATE_RANGE): left empty in the frame
    implausible: dict[str, pd.Series] = field(default_factory=dict)
    # text cells that held a format character (soft hyphen, LRM, bidi controls …), removed
    invisible: dict[str, pd.Series] = field(default_factory=dict)
    # the column specs under the rule set in use (schema.rule_specs); None: the row model's
    specs: dict[str, ColumnSpec] | None = None

    @property
    def columns(self) -> dict[str, ColumnSpec]:
        return self.specs if self.specs is not None else column_specs(self.kind)

    # cells that were number cells in the file (身份证号 typed as a number lost digits)
    numbers: dict[str, pd.Series] = field(default_factory=dict)


def _problem(
    ld: Loaded,
    code: str,
    index: int,
    column: str | None,
    expected: str = "",
    found: str | None = None,
    **params: Any,
) -> Problem:
    sf = ld.sheet
    if found is None:
        found = cell_text(ld.raw.at[index, column]) if column in ld.raw.columns else ""
    return Problem(
        code,
        location=sf.cell(index, column),
        found=found,
        expected=expected,
        column=sf.headers.get(column, column or "") if column else "",
        sheet=sf.sheet,
        row=sf.rows[index],
        params={k: v for k, v in params.items() if v is not None},
    )


def _each(mask: pd.Series) -> Iterable[int]:
    return (int(i) for i in mask.index[mask.to_numpy(dtype=bool, na_value=False)])


def _expected(spec: ColumnSpec) -> str:
    if spec.kind in ("choice", "text") and spec.choices:
        return "、".join(spec.choices)
    if spec.kind == "date":
        return "2021-03-15 / 2021.03"
    if spec.kind == "bool":
        return "是/否"
    if spec.kind == "int":
        return "12"
    return spec.bounds_text or "85"


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
        bad = ld.bad.get(name, pd.Series(False, index=frame.index))
        code = _BAD_CODE[spec.kind]
        for i in _each(bad):
            near = suggestion(values[i], spec.choices) if code == "bad-choice" else {}
            problems.append(_problem(ld, code, i, name, _expected(spec), **near))
        odd = ld.implausible.get(name)
        if odd is not None and odd.any():
            problems += _implausible_dates(ld, name, odd)
            bad = bad | odd  # reported: not "missing" as well
        if spec.required:
            for i in _each(values.isna() & ~bad):
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
    numbers = values.astype("float64")
    outside = pd.Series(False, index=values.index)
    if lo is not None:
        outside |= numbers < lo
    if hi is not None:
        outside |= numbers > hi
    # a negative count is not a whole number ≥ 0
    code = "bad-integer" if int_column and lo == 0 and hi is None else "out-of-range"
    expected = "12" if code == "bad-integer" else bounds_text(lo, hi)
    return [_problem(ld, code, i, name, expected) for i in _each(outside)]


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


# --- cross-sheet -----------------------------------------------------------------------------


def _all_distinct(values: pd.Series) -> bool:
    """No value repeats (NA aside); Arrow's hash is much cheaper than ``duplicated``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(values.dtype, pd.StringDtype):
        return False  # let pandas decide
    present = pc.drop_null(pa.array(values.array))
    return len(pc.unique(present)) == len(present)


def check_duplicate_ids(ld: Loaded) -> list[Problem]:
    ids = ld.sheet.frame["id"]
    if _all_distinct(ids):
        return []
    dup = ids.notna() & ids.duplicated(keep=False)
    if not dup.any():
        return []
    problems: list[Problem] = []
    groups = ids[dup].groupby(ids[dup], sort=False).groups
    for members in groups.values():
        labels = [int(x) for x in members]
        for n, i in enumerate(labels):
            other = labels[1] if n == 0 else labels[0]
            problems.append(_problem(ld, "duplicate-id", i, "id", other=ld.sheet.cell(other, "id")))
    return problems


def _same_but_case(ids: pd.Series, known: pd.Series) -> pd.Series:
    """For each id, the roster id equal to it but for letter case (where there is one)."""
    folded = known.astype("string").str.casefold()
    first = pd.Series(known.to_numpy(), index=folded.to_numpy())
    first = first[~first.index.duplicated()]
    return ids.astype("string").str.casefold().map(first).dropna()


# Sheets whose old rows may name cadres who have since left: a note, not an error.
_PAST_KINDS = frozenset({"history", "training"})


def check_unknown_ids(ld: Loaded, roster: pd.DataFrame) -> list[Problem]:
    """Ids in another sheet that the roster lacks; events with no id must name a known unit.

    In 历年考核 and 教育培训 an id the roster lacks is a cadre who has left: one note for
    the sheet (``departed-ids``), and the rows count for no one; an id that differs from a
    roster id only in letter case is still an error there, as everywhere.
    """
    frame = ld.sheet.frame
    problems: list[Problem] = []
    if "id" not in frame.columns or "id" not in ld.sheet.letters:
        return problems
    ids = frame["id"]
    known = roster["id"].dropna()
    unknown = ids.notna() & ~ids.isin(known)
    near = _same_but_case(ids[unknown], known) if unknown.any() else ids.iloc[:0]
    departed: list[int] = []
    for i in _each(unknown):
        if i in near.index:  # a0007 for A0007: say which id it probably is
            problems.append(
                _problem(ld, "unknown-id-case", i, "id", SHEET_NAMES["cadres"][0], near=near[i])
            )
        elif ld.kind in _PAST_KINDS:
            departed.append(i)
        else:
            problems.append(_problem(ld, "unknown-id", i, "id", SHEET_NAMES["cadres"][0]))
    if departed:
        problems.append(_departed(ld, departed))
    if ld.kind == "events" and "unit" in frame.columns:
        units = frame["unit"]
        unit_event = ids.isna() & units.notna()
        for i in _each(unit_event & ~units.isin(roster["unit"].dropna())):
            problems.append(_problem(ld, "unknown-unit", i, "unit", SHEET_NAMES["cadres"][0]))
        for i in _each(ids.isna() & units.isna()):
            problems.append(_problem(ld, "missing-value", i, "id", "编号 / 单位"))
    return problems


def _departed(ld: Loaded, indexes: list[int]) -> Problem:
    """The one ``departed-ids`` note of a sheet: how many rows, whose, and where."""
    sf = ld.sheet
    people = list(dict.fromkeys(str(sf.frame["id"].at[i]) for i in indexes))
    shown = "、".join(people[:5]) + (f" 等 {len(people)} 人" if len(people) > 5 else "")
    shown_en = ", ".join(people[:5]) + (f" and {len(people) - 5} more" if len(people) > 5 else "")
    rows = [sf.rows[i] for i in indexes]
    return Problem(
        "departed-ids",
        location=sf.sheet,
        found="、".join(people[:5]),
        expected=SHEET_NAMES["cadres"][0],
        column=sf.headers.get("id", "id"),
        sheet=sf.sheet,
        row=rows[0],
        params={
            "count": len(indexes),
            "people": len(people),
            "ids": shown,
            "ids_en": shown_en,
            "rows": _rows_text(rows),
            "sheet_name": sf.sheet,
        },
    )


def _rows_text(rows: list[int]) -> str:
    """Spreadsheet rows as runs: 9–11、14."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    text = [f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs[:10]]
    return "、".join(text) + ("…" if len(runs) > 10 else "")


def _mask_id(text: str) -> str:
    return text[:6] + "*" * max(len(text) - 10, 0) + text[-4:] if len(text) > 10 else text


def _byte_grid(text: pd.Series, width: int) -> np.ndarray | None:
    """The UTF-8 bytes of the present cells as an n × ``width`` grid, when every present
    cell is ``width`` bytes long (and a missing one none); else None."""
    parts = []
    for data, lengths, valid in value_bytes(text):
        if (lengths[valid] != width).any() or lengths[~valid].any():
            return None
        parts.append(data)
    return np.concatenate(parts).reshape(-1, width) if parts else None


# what Excel shows, and a CSV export keeps, of a long number: 4.31123197002246E+17
_SCIENTIFIC = r"^\d+(\.\d+)?E[+]?\d+$"


def _numeric_id_numbers(ld: Loaded, text: pd.Series) -> pd.Series:
    """身份证号 cells stored as numbers (a number cell, or its 4.31…E+17 text)."""
    numeric = ld.numbers.get("id_number", pd.Series(False, index=text.index))
    scientific = text.str.match(_SCIENTIFIC, na=False) if _maybe_scientific(text) else False
    return (numeric | scientific) & text.notna()


def _maybe_scientific(text: pd.Series) -> bool:
    return bool(text.str.contains("E", regex=False, na=False).any())


def check_id_numbers(ld: Loaded) -> list[Problem]:
    """GB 11643-1999 MOD 11-2 check digit; 15-digit numbers are old and accepted as a warning;
    the birth date inside the number must agree with 出生年月 (year and month). A number
    cell is ``id-number-as-number`` and nothing else: Excel kept 15 of its digits, so
    neither its check digit nor its birth date can be trusted."""
    frame = ld.sheet.frame
    if "id_number" not in frame.columns or "id_number" not in ld.sheet.letters:
        return []
    text = frame["id_number"].str.upper()
    numeric = _numeric_id_numbers(ld, text)
    problems: list[Problem] = [
        _problem(
            ld,
            "id-number-as-number",
            i,
            "id_number",
            "文本格式的 18 位号码",
            found=_mask_id(text[i]),
        )
        for i in _each(numeric)
    ]
    if numeric.any():
        text = text.mask(numeric)
    present = text.notna()
    grid = _byte_grid(text, 18)
    if grid is not None:  # every number 18 bytes: no regex, and none can be 15 digits
        right = well_formed(grid)
        is18 = pd.Series(False, index=frame.index)
        is18[present.to_numpy()] = right
        is15 = pd.Series(False, index=frame.index)
    else:
        is18 = text.str.match(r"^\d{17}[\dX]$", na=False)
        is15 = text.str.match(r"^\d{15}$", na=False)
    ok = pd.Series(False, index=frame.index)
    born = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if is18.any():
        # 18 ASCII characters each, so the Arrow bytes are an n × 18 grid
        if grid is not None:
            raw = grid[right]
        else:
            raw = np.concatenate([b for b, _, _ in value_bytes(text[is18])]).reshape(-1, 18)
        digits = raw[:, :17].astype(np.int16) - 48  # int16: a fourth of int64's memory
        ok[is18] = check_digits(raw)
        year = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
        month = digits[:, 10:12] @ np.array([10, 1])
        day = digits[:, 12:14] @ np.array([10, 1])
        born[is18] = ymd(year, month, day, text.index[is18.to_numpy()]).to_numpy()
    if is15.any():
        born[is15] = pd.to_datetime("19" + text[is15].str[6:12], format="%Y%m%d", errors="coerce")
    valid_birth = born.notna()
    for i in _each(present & ~((is18 & ok) | is15) | (present & (is18 | is15) & ~valid_birth)):
        # 18 characters whose check digit or birth date is wrong, else the wrong length
        expected = "末位校验码正确、出生日期有效" if is18[i] else "18 位"
        problems.append(
            _problem(ld, "bad-id-number", i, "id_number", expected, found=_mask_id(text[i]))
        )
    for i in _each(is15 & valid_birth):
        p = _problem(ld, "bad-id-number", i, "id_number", "18 位", found=_mask_id(text[i]))
        problems.append(replace(p, severity="warning"))
    if "birth_date" in frame.columns:
        birth = frame["birth_date"]
        good = ((is18 & ok) | is15) & valid_birth & birth.notna()
        differ = good & ((born.dt.year != birth.dt.year) | (born.dt.month != birth.dt.month))
        born_text = born[differ].dt.strftime("%Y.%m")  # only where it is reported
        for i in _each(differ):
            problems.append(
                _problem(
                    ld,
                    "id-number-birth-mismatch",
                    i,
                    "birth_date",
                    expected=str(born_text[i]),
                )
            )
    return problems


def check_votes(ld: Loaded, rules: RuleSet) -> list[Problem]:
    """``zero-votes`` where no count is filled (or all are 0); ``blank-vote`` at each blank
    count of a row whose other counts are filled: it reads as 0 (:func:`fill_blank_votes`)."""
    votes = rules.components.votes
    if votes is None:
        return []
    columns = [k.column for k in votes.kinds.values()]
    problems = _all_empty(ld, columns, "zero-votes", zero_is_empty=True)
    blank = _blank_votes(ld, columns)
    if blank is None:
        return problems
    for column in blank.columns:
        problems += [
            _problem(ld, "blank-vote", i, column, "0", found="") for i in _each(blank[column])
        ]
    return problems


def fill_blank_votes(ld: Loaded, rules: RuleSet) -> None:
    """Each blank count that :func:`check_votes` reported as ``blank-vote`` becomes 0 in
    the frame, so that the score, the vote-share limits and every output read the same 0."""
    votes = rules.components.votes
    blank = None if votes is None else _blank_votes(ld, [k.column for k in votes.kinds.values()])
    if blank is None:
        return
    frame = ld.sheet.frame
    for column in blank.columns:
        if blank[column].any():
            frame[column] = frame[column].mask(blank[column], 0)


def _blank_votes(ld: Loaded, columns: list[str]) -> pd.DataFrame | None:
    """Blank vote cells of cadres taking part whose row has another count filled (a
    number, or an unreadable cell that is its own error); None when no column is there."""
    sf = ld.sheet
    present = [c for c in columns if c in sf.letters]
    if not present:
        return None
    frame = sf.frame
    none = pd.Series(False, index=frame.index)
    bad = pd.DataFrame({c: ld.bad.get(c, none) for c in present}, index=frame.index)
    filled = frame[present].notna() | bad.astype(bool)
    taking_part = frame["status"].fillna("参加") == "参加"
    some = filled.any(axis=1) & taking_part
    return (~filled).mul(some, axis=0).astype(bool)


def check_quarters(ld: Loaded, rules: RuleSet) -> list[Problem]:
    quarterly = rules.components.quarterly
    if quarterly is None:
        return []
    return _all_empty(ld, list(quarterly.columns), "no-quarter")


def _all_empty(
    ld: Loaded, columns: list[str], code: str, *, zero_is_empty: bool = False
) -> list[Problem]:
    """``code`` on each cadre taking part whose ``columns`` are all empty (or sum to 0)."""
    sf = ld.sheet
    present = [c for c in columns if c in sf.letters]
    if not present:
        return _missing_columns(ld, columns)
    frame = sf.frame
    taking_part = frame["status"].fillna("参加") == "参加"
    unreadable = pd.concat(
        [ld.bad.get(c, pd.Series(False, index=frame.index)) for c in present], axis=1
    )
    if zero_is_empty:
        total = frame[present].astype("float64").fillna(0).sum(axis=1)
        empty = total == 0
    else:
        empty = frame[present].isna().all(axis=1)
    hit = taking_part & empty & ~unreadable.any(axis=1)
    found = "0" if zero_is_empty else ""
    return [
        _problem(ld, code, i, present[0], "、".join(sf.headers.get(c, c) for c in present), found)
        for i in _each(hit)
    ]


def _missing_columns(ld: Loaded, columns: list[str]) -> list[Problem]:
    specs = column_specs(ld.kind)
    sf = ld.sheet
    row = sf.rows[0] - 1 if sf.rows else 1
    return [
        Problem(
            "missing-column",
            location=f"{sf.sheet}!{row}",
            sheet=sf.sheet,
            row=row,
            column=specs[c].zh if c in specs else c,
            expected=specs[c].zh if c in specs else c,
        )
        for c in columns
        if c not in sf.letters
    ]


def check_tracks(ld: Loaded, rules: RuleSet) -> list[Problem]:
    """``unknown-track`` at each 考核序列 cell naming no track (never silently reassigned)."""
    frame = ld.sheet.frame
    if "track" not in frame.columns or "track" not in ld.sheet.letters:
        return []
    names = [t.id for t in rules.tracks] + [t.label for t in rules.tracks]
    given = frame["track"]
    unknown = given.notna() & ~given.astype("object").isin(names)
    allowed = "、".join(f"{t.id}（{t.label}）" for t in rules.tracks)
    return [_problem(ld, "unknown-track", i, "track", allowed) for i in _each(unknown)]


def check_indicators_needed(ld: Loaded, rules: RuleSet) -> list[Problem]:
    """``missing-indicator`` at each empty cell the cadre's track needs."""
    needed = missing_cells(ld.sheet.frame, rules)
    labels = rules.track_labels()  # the hint names the track as people do
    problems: list[Problem] = []
    absent: set[str] = set()
    for index, column, track in needed:
        if column not in ld.sheet.letters:
            absent.add(column)
            continue
        if ld.bad.get(column) is not None and bool(ld.bad[column].at[index]):
            continue  # already reported as bad-number
        problems.append(
            _problem(
                ld,
                "missing-indicator",
                index,
                column,
                bounds_text(0, 100),
                track=track,
                track_label=labels.get(track, track),
            )
        )
    problems += _missing_columns(ld, sorted(absent))
    return problems


def missing_cells(cadres: pd.DataFrame, rules: RuleSet) -> list[tuple[int, str, str]]:
    """(frame index, indicator column, track id) of each empty cell a cadre's track needs.

    Uses the rules' placement (``missing_needed``), as scoring does, so tracks are the same.
    """
    # only the columns that place a cadre in a track or that a track needs: the engine
    # copies what it is given, and the other columns cannot change the answer
    wanted = ["id", "track"]
    for track in rules.tracks:
        wanted += list(track.condition_values())
    wanted += list(rules.indicator_columns())
    frame = cadres[[c for c in dict.fromkeys(wanted) if c in cadres.columns]].copy()
    for column in rules.indicator_columns():
        if column not in frame.columns:
            frame[column] = np.nan
    from cadrekit.rules.tracks import missing_needed

    found = missing_needed(frame, rules)
    return [
        (int(i), str(c), str(t))
        for i, c, t in zip(found["index"], found["column"], found["track"], strict=True)
    ]
