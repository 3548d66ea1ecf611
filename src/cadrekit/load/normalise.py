"""Vectorised value normalisation: raw cells → typed columns, plus a mask of cells that failed.

Every converter takes a whole column (raw cells from any reader, or its own output, so
normalising twice changes nothing) and returns ``(values, bad)``: ``bad`` marks cells that
hold something but could not be read as the column's type. Work is done with ``Series.str``
(Arrow kernels), ``pd.to_numeric``, ``np.select`` and masks; nothing loops over rows in
Python. Only columns that mix cell types pay for one ``map(type)`` to split them.

Rules (DESIGN §3): full-width digits and letters (NFKC), stray, zero-width and
non-breaking spaces, numbers stored as text, ids read back as ``85.0``, Excel serial dates,
date text ``2021.03`` / ``2021-3`` / ``2021年3月`` / ``202103`` / ``2021-03-15`` /
``2021/3/15`` / ``2021年3月15日`` (a month alone means its first day), booleans 是/否,
Y/N, TRUE/FALSE, 1/0, √/×.

Cells are split and text cleaned in load/cells.py, dates read in load/dates.py; text,
numbers, booleans and choices are read here, and every name stays importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cadrekit.load.cells import DECIMAL_BYTES, DOT_BYTES, any_byte, nothing, only_bytes, split
from cadrekit.load.cells import Parts as Parts
from cadrekit.load.cells import clean_text as clean_text
from cadrekit.load.cells import invisible_cells as invisible_cells
from cadrekit.load.cells import shown_invisible as shown_invisible
from cadrekit.load.cells import value_bytes as value_bytes
from cadrekit.load.dates import Dates as Dates
from cadrekit.load.dates import as_date
from cadrekit.load.dates import far_days as far_days
from cadrekit.load.dates import october_numbers as october_numbers
from cadrekit.load.dates import read_dates as read_dates
from cadrekit.load.dates import ymd as ymd
from cadrekit.load.schema import FORMAT_RANGES as FORMAT_RANGES

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

    from cadrekit.load.schema import ColumnSpec

_INT_TEXT = r"^[+-]?\d+\.0*$"  # 85.0 → 85

BOOL_WORDS: dict[str, bool] = {
    "是": True,
    "否": False,
    "y": True,
    "n": False,
    "yes": True,
    "no": False,
    "true": True,
    "false": False,
    "t": True,
    "f": False,
    "1": True,
    "0": False,
    "√": True,
    "✓": True,
    "✔": True,
    "×": False,
    "✗": False,
    "✘": False,
    "x": False,
    "有": True,
    "无": False,
}


def _number_text(num: pd.Series) -> pd.Series:
    """Numbers as the text a person typed: 85.0 → '85', 85.5 → '85.5'."""
    whole = num.notna() & np.isfinite(num) & (num == np.floor(num)) & (num.abs() < 2**63)
    out = num.astype("str")
    if whole.any():
        out = out.mask(whole, num[whole].astype("int64").astype("str"))
    return out.where(num.notna())


def as_text(col: pd.Series, *, id_like: bool = False) -> tuple[pd.Series, pd.Series]:
    """Any column → cleaned text. Never bad: every cell has a text form."""
    parts = split(col)
    text = parts.text if parts.text is not None else nothing(col.index, "str")
    if id_like and parts.text is not None and any_byte(text, DOT_BYTES):
        ints = text.str.match(_INT_TEXT, na=False)
        if ints.any():
            text = text.mask(ints, text[ints].str.replace(r"\.0*$", "", regex=True))
    if parts.num is not None:
        text = text.fillna(_number_text(parts.num))
    if parts.when is not None:
        text = text.fillna(parts.when.dt.strftime("%Y-%m-%d").astype("str"))
    if parts.flag is not None:
        text = text.fillna(parts.flag.map({True: "TRUE", False: "FALSE"}).astype("str"))
    return text.astype("str"), pd.Series(False, index=col.index)


def as_number(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers and numbers stored as text → float64; anything else is bad."""
    parts = split(col)
    values = parts.num if parts.num is not None else nothing(col.index, "float64")
    if parts.text is not None:
        values = values.fillna(_parse_numbers(parts.text))
    values = values.where(np.isfinite(values))
    return values, parts.present() & values.isna()


def _parse_numbers(text: pd.Series) -> pd.Series:
    """``pd.to_numeric(text, errors="coerce")`` as float64. Text made only of digits, '.' and
    '-' goes through Arrow's cast, which reads such text exactly as pandas does (both round
    correctly) in a fraction of the time; anything else, or a cast that fails, takes pandas."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if text.notna().any() and only_bytes(text, DECIMAL_BYTES):
        try:
            cast = pc.cast(pa.array(text.array), pa.float64())
        except pa.ArrowInvalid:
            pass
        else:
            numbers = np.asarray(cast.to_numpy(zero_copy_only=False), dtype="float64")
            return pd.Series(numbers, index=text.index, name=text.name)
    return pd.to_numeric(text, errors="coerce").astype("float64")


def as_int(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers → Int64; fractions, text and the rest are bad."""
    values, bad = as_number(col)
    whole = values == np.floor(values)
    exact = values.abs() < 2**53  # beyond it a float no longer holds every whole number
    bad = bad | (values.notna() & ~(whole & exact))
    values = values.where(whole & exact)
    return values.astype("Int64"), bad


def as_bool(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """是/否, Y/N, yes/no, TRUE/FALSE, 1/0, √/× (text or cells) → boolean."""
    parts = split(col)
    values = parts.flag if parts.flag is not None else nothing(col.index, "boolean")
    if parts.text is not None:
        values = values.fillna(_words(parts.text))
    if parts.num is not None:
        values = values.fillna(parts.num.map({1.0: True, 0.0: False}).astype("boolean"))
    return values, parts.present() & values.isna()


_TRUE = [w for w, v in BOOL_WORDS.items() if v]

_FALSE = [w for w, v in BOOL_WORDS.items() if not v]


def _words(text: pd.Series) -> pd.Series:
    """Yes/no words → boolean; case is folded only for cells not already matched."""
    out = pd.Series(pd.NA, index=text.index, dtype="boolean")
    out[text.isin(_TRUE)] = True
    out[text.isin(_FALSE)] = False
    rest = (out.isna() & text.notna()).to_numpy(dtype=bool)
    if rest.any():
        pos = np.flatnonzero(rest)
        folded = text.iloc[pos].str.casefold()
        out.iloc[pos[folded.isin(_TRUE).to_numpy()]] = True
        out.iloc[pos[folded.isin(_FALSE).to_numpy()]] = False
    return out


def as_choice(col: pd.Series, choices: Iterable[str]) -> tuple[pd.Series, pd.Series]:
    """Text that must be one of ``choices``; other text is bad (and kept, for the report)."""
    text, _ = as_text(col)
    bad = text.notna() & ~text.isin(list(choices))
    return text, bad


def convert(col: pd.Series, spec: ColumnSpec) -> tuple[pd.Series, pd.Series]:
    """Normalise one column by its spec → (values, bad mask)."""
    if spec.kind == "number":
        return as_number(col)
    if spec.kind == "int":
        return as_int(col)
    if spec.kind == "date":
        return as_date(col)
    if spec.kind == "bool":
        return as_bool(col)
    if spec.kind == "choice":
        return as_choice(col, spec.choices)
    return as_text(col, id_like=spec.name in {"id", "id_number"})


def normalise(frame: pd.DataFrame, kind: str, indicators: Iterable[str] = ()) -> pd.DataFrame:
    """Typed copy of a frame with canonical columns; other columns are left as they are.

    Idempotent: ``normalise(normalise(f)) == normalise(f)``.
    """
    from cadrekit.load.schema import column_specs

    specs = column_specs(kind)
    out = frame.copy()
    for name in frame.columns:
        if name in specs:
            out[name] = convert(frame[name], specs[name])[0]
        elif name in set(indicators):
            out[name] = as_number(frame[name])[0]
    return out
