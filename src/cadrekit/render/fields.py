"""Whole columns to text at once: the cells CSV writes, as Arrow string arrays.

pandas' ``to_csv`` turns every cell into text in Python (about 40 µs a row of our 44
columns). Here each distinct value is formatted once and spread over its rows with
Arrow, the few cells that could be a formula or need quotes are found by scanning bytes,
and rows are joined in Arrow. Every function writes exactly the text ``to_csv`` wrote for
the same cell (tests/test_render_fields.py compares the two on every kind of column).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadrekit.io.write import csv_safe

TEXT = pa.large_string()
# Rows joined per Arrow call: bounds the memory of the joined text (about 30 MB here).
CHUNK_ROWS = 100_000
# First UTF-8 byte of every character Python's ``\s`` matches, and of = + - @: a cell
# starting with none of these cannot be a formula under csv_safe's rule (test_render_fields
# checks the list against every code point).
_FORMULA_FIRST_BYTES = b"=+-@\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \xc2\xe1\xe2\xe3"
_MAY_BE_FORMULA = np.zeros(256, dtype=bool)
_MAY_BE_FORMULA[list(_FORMULA_FIRST_BYTES)] = True
# Characters for which Python's csv writer (QUOTE_MINIMAL, "\n" line ends) quotes a field.
_QUOTE_BYTES = (b",", b'"', b"\n")


def text_array(values: Sequence[str] | np.ndarray) -> pa.Array:
    return pa.array(values, type=TEXT)


def spread(texts: list[str], codes: np.ndarray, missing_text: str = "") -> pa.Array:
    """``texts[code]`` for every row; code -1 (missing) gives ``missing_text``."""
    codes = np.where(codes < 0, len(texts), codes)
    return pc.take(text_array([*texts, missing_text]), pa.array(codes))


def distinct_text(series: pd.Series, fmt: Callable[[Any], list[str]]) -> pa.Array:
    """``fmt`` of the distinct non-missing values (formatted once each), spread over the rows."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return spread(fmt(uniques), np.asarray(codes))


def distinct_floats(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, distinct values) of a numpy float array, by bit pattern so that 0.0
    and -0.0 stay apart; NaN has code -1."""
    codes, uniques = pd.factorize(values.view(f"i{values.dtype.itemsize}"))
    codes = np.asarray(codes)
    codes[np.isnan(values)] = -1
    return codes, np.asarray(uniques).view(values.dtype)


def float_text(series: pd.Series, fmt: Callable[[np.ndarray], list[str]]) -> pa.Array:
    """A numpy float column: ``fmt`` of its distinct values, NaN empty."""
    codes, uniques = distinct_floats(series.to_numpy())
    return spread(fmt(uniques), codes)


def two_decimals(series: pd.Series) -> pa.Array:
    """84.13000000000001 → "84.13", 90.5 → "90.50", missing → "" (Python's ``:.2f``)."""
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return float_text(pd.Series(values), lambda u: [f"{v:.2f}" for v in u.tolist()])


def number_text(series: pd.Series) -> pa.Array | None:
    """Integers and numpy floats as to_csv writes them; None for any other column."""
    dtype = series.dtype
    if pd.api.types.is_integer_dtype(dtype) and not isinstance(dtype, pd.ArrowDtype):
        return pa.array(series.array).cast(TEXT).fill_null("")  # type: ignore[arg-type]
    if isinstance(dtype, np.dtype) and dtype in (np.float64, np.float32):
        return float_text(series, lambda u: u.astype(str).tolist())  # to_csv's astype(str)
    return None


def is_dates(series: pd.Series) -> bool:
    """Naive datetimes that are all midnight (written as YYYY-MM-DD)."""
    if not isinstance(series.dtype, np.dtype) or series.dtype.kind != "M":
        return False
    present = series.dropna()
    return bool((present == present.dt.normalize()).all())


def date_text(series: pd.Series, dates: bool | None = None) -> pa.Array | None:
    """Naive datetimes that are all midnight: YYYY-MM-DD, as to_csv writes them; else None
    (times: to_csv decides the format per chunk of rows; left to pandas). ``dates``: that
    test already made on the whole column, when ``series`` is a block of its rows."""
    if not (is_dates(series) if dates is None else dates):
        return None
    return distinct_text(series, lambda u: list(pd.DatetimeIndex(u).strftime("%Y-%m-%d")))


def cell_text(value: Any) -> str:
    """One object cell as to_csv writes it: missing empty, floats by repr, anything else str."""
    if isinstance(value, str):
        return value
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def string_array(series: pd.Series) -> pa.Array:
    """A pandas string column as Arrow text, missing empty (no copy for Arrow storage)."""
    if hasattr(series.array, "__arrow_array__"):
        arr = series.array.__arrow_array__()
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
        return arr.cast(TEXT).fill_null("")
    return text_array([cell_text(v) for v in series.tolist()])


def object_text(text: pa.Array | pa.ChunkedArray, escape: bool) -> pa.Array:
    """Arrow text written as a column of those Python strings would be (missing empty;
    with ``escape``, formulas escaped as ``csv_safe`` escapes an object column)."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    text = text.cast(TEXT).fill_null("")
    return escape_formulas(text, None) if escape else text


def escape_formulas(text: pa.Array, source: pd.Series | None) -> pa.Array:
    """``csv_safe`` on the cells whose first byte could start a formula, not on every cell.

    ``source`` holds the cells as the old writer escaped them (same dtype, so the same
    regex engine decides); ``text`` is their CSV text. No ``source``: the cells were
    the Python strings of ``text`` (an object column).
    """
    rows = np.flatnonzero(_first_byte_in(text, _MAY_BE_FORMULA))
    if not len(rows):
        return text
    if source is None:
        cells = pd.Series(text.take(pa.array(rows)).to_pylist(), dtype=object)
    else:
        cells = source.iloc[rows]
    fixed = csv_safe(cells)
    mask = np.zeros(len(text), dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(text, mask, text_array([cell_text(v) for v in fixed.tolist()]))


def _first_byte_in(text: pa.Array, table: np.ndarray) -> np.ndarray:
    """Per cell: is its first byte marked in ``table`` (an empty cell never is)."""
    offsets, data = layout(text)
    starts = offsets[:-1]
    nonempty = offsets[1:] > starts
    out = np.zeros(len(text), dtype=bool)
    out[nonempty] = table[data[starts[nonempty]]]
    return out


def layout(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    _, offsets_buf, data_buf = text.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[text.offset : text.offset + len(text) + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, "u1")
    return offsets, data


def quote(text: pa.Array) -> pa.Array:
    """Quote the cells the csv module quotes (",", '"' or a newline inside), '"' doubled."""
    _, data = layout(text)
    raw = data.tobytes()
    if not any(b in raw for b in _QUOTE_BYTES):
        return text
    need = pc.match_substring_regex(text, '[,"\n]')
    doubled = pc.replace_substring(text, '"', '""')
    mark = pa.scalar('"', TEXT)
    wrapped = pc.binary_join_element_wise(mark, doubled, mark, pa.scalar("", TEXT))
    return pc.if_else(need, wrapped, text)


def csv_lines(header: list[str], columns: list[pa.Array]) -> Iterator[bytes]:
    """UTF-8 CSV: the header through the csv module, then rows joined by Arrow in chunks."""
    head = io.StringIO()
    csv.writer(head, lineterminator="\n").writerow(header)
    yield head.getvalue().encode("utf-8")
    yield from csv_rows(columns)


def csv_rows(columns: list[pa.Array]) -> Iterator[bytes]:
    """The rows of :func:`csv_lines`, without the header."""
    quoted = [quote(c) for c in columns]
    for part in _chunks(quoted):
        plain = _plain_rows(part)
        yield _joined_rows(part, ",", "\n") if plain is None else plain


def _plain_rows(columns: list[pa.Array]) -> bytes | None:
    """Rows through Arrow's CSV writer, which writes each cell as it is (about twice as fast
    as joining them); None when a cell holds a delimiter, a quote or a line end (a cell
    already quoted), which that writer refuses."""
    import pyarrow.csv as pacsv

    table = pa.Table.from_arrays(columns, names=[str(j) for j in range(len(columns))])
    options = pacsv.WriteOptions(  # batches of 8192 rows: faster than 1024 or 100k here
        include_header=False, batch_size=8192, delimiter=",", quoting_style="none"
    )
    sink = pa.BufferOutputStream()
    try:
        pacsv.write_csv(table, sink, options)
    except pa.ArrowInvalid:
        return None
    return sink.getvalue().to_pybytes()


def rows_bytes(columns: list[pa.Array], sep: str, end: str) -> Iterator[bytes]:
    """Each row's cells joined by ``sep`` and followed by ``end``, as UTF-8, chunk by chunk."""
    for part in _chunks(columns):
        yield _joined_rows(part, sep, end)


def _chunks(columns: list[pa.Array]) -> Iterator[list[pa.Array]]:
    for start in range(0, len(columns[0]) if columns else 0, CHUNK_ROWS):
        yield [c.slice(start, CHUNK_ROWS) for c in columns]


def _joined_rows(part: list[pa.Array], sep: str, end: str) -> bytes:
    tail, glue, empty = pa.scalar(end, TEXT), pa.scalar(sep, TEXT), pa.scalar("", TEXT)
    part = [*part[:-1], pc.binary_join_element_wise(part[-1], tail, empty)]
    lines = pc.binary_join_element_wise(*part, glue)
    offsets, data = layout(lines)
    return data[offsets[0] : offsets[-1]].tobytes()


def missing(value: Any) -> bool:
    """None, NaN, NaT or pd.NA (a list or an array is a value, never missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def csv_cell(value: Any) -> Any:
    """A cell of a mixed (object) column: missing empty, dates ISO, anything else itself."""
    if missing(value):
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
