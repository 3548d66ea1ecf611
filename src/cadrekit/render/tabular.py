"""CSV, JSON and JSON lines: one row (object) per cadre, in the stable column order.

CSV is for people and spreadsheets: headers in the chosen language, flags joined with
``;``, scores with exactly two decimals, yes/no as 是/否 or true/false, missing values
empty, and (``safe=True``) text
that a spreadsheet would run as a formula escaped. JSON is for programs: keys are always
the English canonical names, numbers are numbers, missing values are ``null``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

from cadrekit.io.write import csv_safe
from cadrekit.render.frame import SCORE_COLUMNS, bool_words, cadre_frame
from cadrekit.render.labels import headers, quota_grade

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result


# ---------------------------------------------------------------------------------- CSV


def _join_flags(value: Any) -> Any:
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return ";".join(str(v) for v in value)
    return "" if _missing(value) else value


def _missing(value: Any) -> bool:
    """None, NaN, NaT or pd.NA (a list or an array is a value, never missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


# Text from the rules (track ids and labels, grade names): never a formula, never escaped.
RULE_TEXT_COLUMNS = ("track", "track_label", "grade", "limit")
# A cell can only start a formula if it holds one of these (csv_safe decides exactly).
_FORMULA_CHARS = r"[=+\-@\t\r]"


def csv_frame(
    result: Result, *, safe: bool = False, show_id_numbers: bool = False, lang: str = "zh"
) -> pd.DataFrame:
    """The frame exactly as CSV writes it (every cell already text or a whole number).

    Booleans are 是/否 (``lang="zh"``) or true/false (``"en"``).
    """
    frame = cadre_frame(result, show_id_numbers=show_id_numbers)
    words = bool_words(lang)
    for column in frame.columns:
        series = frame[column]
        if column in SCORE_COLUMNS:
            frame[column] = _two_decimals(series)
            continue
        if _is_boolean(series):
            frame[column] = _yes_no(series, words)
            continue
        if column == "flags":
            frame[column] = series.map(_join_flags)
        elif pd.api.types.is_object_dtype(series):  # mixed cells: dates, lists, NA
            frame[column] = series.map(_csv_text)
        if safe and column not in RULE_TEXT_COLUMNS:
            frame[column] = _escape_formulas(frame[column])
    return frame


def _is_boolean(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series.dtype):
        return True
    return pd.api.types.is_object_dtype(series) and (
        pd.api.types.infer_dtype(series, skipna=True) == "boolean"
    )


def _yes_no(series: pd.Series, words: tuple[str, str]) -> pd.Series:
    """True → 是/true, False → 否/false, missing → "" (vectorised)."""
    import numpy as np

    missing = series.isna().to_numpy()
    truth = series.fillna(False).to_numpy(dtype=bool)
    text = np.where(missing, "", np.where(truth, words[0], words[1]))
    return pd.Series(text, index=series.index, dtype=object)


def _escape_formulas(series: pd.Series) -> pd.Series:
    """``csv_safe`` on the few cells that could start a formula, not on every cell.

    Only text holding = + - @ tab or CR can be a formula; finding those cells is one
    vectorised (Arrow) scan, and ``csv_safe``'s exact rule then runs on them alone.
    """
    if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
        return series
    text = series if isinstance(series.dtype, pd.StringDtype) else series.astype("str")
    suspect = text.str.contains(_FORMULA_CHARS, regex=True).fillna(False).to_numpy(dtype=bool)
    if not suspect.any():
        return series
    out = series.astype(object)
    out[suspect] = csv_safe(series[suspect]).astype(object)
    return out


def _two_decimals(series: pd.Series) -> pd.Series:
    """84.13000000000001 → "84.13", 90.5 → "90.50", NA → "".

    One pass over a float array: ``format`` in a comprehension is quicker than
    ``np.char.mod`` (which formats element by element too) and writes the same text.
    """
    import numpy as np

    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    text = [f"{v:.2f}" for v in values.tolist()]
    out = np.array(text, dtype=object)
    out[np.isnan(values)] = ""
    return pd.Series(out, index=series.index, dtype=object)


def _csv_text(value: Any) -> Any:
    if _missing(value):
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(
    result: Result,
    stream: IO[str],
    *,
    lang: str = "zh",
    bom: bool = False,
    safe: bool = False,
    show_id_numbers: bool = False,
) -> None:
    """Write one row per cadre to ``stream``."""
    frame = csv_frame(result, safe=safe, show_id_numbers=show_id_numbers, lang=lang)
    if bom:
        stream.write("\ufeff")
    names = headers(list(frame.columns), lang, grade=quota_grade(result.rules))
    frame.to_csv(stream, index=False, header=names, lineterminator="\n")


# --------------------------------------------------------------------------------- JSON


def _plain(value: Any) -> Any:
    """One cell as a JSON value."""
    if _missing(value):
        return None
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return None if math.isinf(value) else value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return _plain(value.tolist())
    return str(value)


def _column_values(frame: pd.DataFrame, column: str) -> list[Any]:
    series = frame[column]
    missing = series.isna().tolist()
    cells = series.astype(object).tolist()
    if column in SCORE_COLUMNS:
        return [None if m else round(float(v), 2) for v, m in zip(cells, missing, strict=True)]
    return [None if m else _plain(v) for v, m in zip(cells, missing, strict=True)]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-ready dicts (column by column: fast on 100k rows)."""
    columns = [str(c) for c in frame.columns]
    values = [_column_values(frame, c) for c in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def cadre_records(result: Result, *, show_id_numbers: bool = False) -> list[dict[str, Any]]:
    return records(cadre_frame(result, show_id_numbers=show_id_numbers))


def to_json_dict(
    result: Result, *, lang: str = "en", show_id_numbers: bool = False
) -> dict[str, Any]:
    """The whole result as one JSON object; ``lang`` only picks the problems' messages."""
    meta = result.meta
    return {
        "year": result.year,
        "rules": meta.get("rules_origin"),
        "rules_sha256": result.rules_sha256,
        "input_sha256": meta.get("input_sha256"),
        "cadres": cadre_records(result, show_id_numbers=show_id_numbers),
        "groups": records(result.groups),
        "problems": [_plain_dict(p.to_dict(lang)) for p in result.problems],
    }


def _plain_dict(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) if not isinstance(v, dict) else _plain_dict(v) for k, v in data.items()}


def write_json(
    result: Result, stream: IO[str], *, lang: str = "en", show_id_numbers: bool = False
) -> None:
    data = to_json_dict(result, lang=lang, show_id_numbers=show_id_numbers)
    json.dump(data, stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def jsonl_lines(result: Result, *, show_id_numbers: bool = False) -> Iterator[str]:
    for record in cadre_records(result, show_id_numbers=show_id_numbers):
        yield json.dumps(record, ensure_ascii=False)


def write_jsonl(result: Result, stream: IO[str], *, show_id_numbers: bool = False) -> None:
    """One cadre object per line."""
    for line in jsonl_lines(result, show_id_numbers=show_id_numbers):
        stream.write(line)
        stream.write("\n")
