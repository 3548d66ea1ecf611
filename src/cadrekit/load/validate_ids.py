"""Checks across sheets and of ids: duplicate 编号, ids another sheet does not know
(departed cadres), 身份证号 (well formed, check digit, typed as a number)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from cadrekit.idnumber import check_digits, well_formed
from cadrekit.load.loaded import Loaded, _each, _problem
from cadrekit.load.normalise import value_bytes, ymd
from cadrekit.models.columns import isin_text
from cadrekit.models.rows import SHEET_NAMES
from cadrekit.problems import Problem


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
    unknown = ids.notna() & ~isin_text(ids, known)
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
        for i in _each(unit_event & ~isin_text(units, roster["unit"])):
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
    is18, is15, ok, born = _read_numbers(text, present)
    problems += _bad_numbers(ld, text, present, is18, is15, ok, born)
    if "birth_date" in frame.columns:
        problems += _birth_mismatches(ld, frame["birth_date"], (is18 & ok) | is15, born)
    return problems


def _read_numbers(
    text: pd.Series, present: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Which numbers have 18 characters of the right form, which 15 digits, whose check
    digit is right (18 only), and the birth date each holds (NaT where it is no date)."""
    index = text.index
    grid = _byte_grid(text, 18)
    if grid is not None:  # every number 18 bytes: no regex, and none can be 15 digits
        right = well_formed(grid)
        is18 = pd.Series(False, index=index)
        is18[present.to_numpy()] = right
        is15 = pd.Series(False, index=index)
    else:
        is18 = text.str.match(r"^\d{17}[\dX]$", na=False)
        is15 = text.str.match(r"^\d{15}$", na=False)
    ok = pd.Series(False, index=index)
    born = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
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
    return is18, is15, ok, born


def _bad_numbers(
    ld: Loaded,
    text: pd.Series,
    present: pd.Series,
    is18: pd.Series,
    is15: pd.Series,
    ok: pd.Series,
    born: pd.Series,
) -> list[Problem]:
    """``bad-id-number`` errors, and warnings for the old 15-digit numbers."""
    problems = []
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
    return problems


def _birth_mismatches(
    ld: Loaded, birth: pd.Series, readable: pd.Series, born: pd.Series
) -> list[Problem]:
    """``id-number-birth-mismatch``: a readable number (``readable``) whose birth year and
    month differ from 出生年月."""
    good = readable & born.notna() & birth.notna()
    differ = good & ((born.dt.year != birth.dt.year) | (born.dt.month != birth.dt.month))
    born_text = born[differ].dt.strftime("%Y.%m")  # only where it is reported
    return [
        _problem(ld, "id-number-birth-mismatch", i, "birth_date", expected=str(born_text[i]))
        for i in _each(differ)
    ]
