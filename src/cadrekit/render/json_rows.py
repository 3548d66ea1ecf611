"""Cadre objects as JSON text a column at a time: what ``json.dump`` wrote, faster.

``json.dump(..., indent=1)`` runs the pure-Python encoder over every value (about 100 µs
a cadre). Here each distinct value of a column is encoded once, with its key and the
indentation it would have had, spread over the rows, and the rows joined in Arrow.
``records`` in tabular.py is the reference; tests/test_render_fields.py compares the two.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadrekit.render import fields
from cadrekit.render.frame import SCORE_COLUMNS

# Inside ``{"cadres": [ {...} ]}`` with indent=1 a cadre's keys sit three spaces in.
KEY_INDENT = "   "


def _dumper(indent: bool) -> Callable[[Any], str]:
    """json.dumps of one value as it reads at a cadre's key (scalars never indent)."""

    def dump(value: Any) -> str:
        if indent and isinstance(value, list | dict):
            text = json.dumps(value, ensure_ascii=False, indent=1)
            return text.replace("\n", "\n" + KEY_INDENT)
        return json.dumps(value, ensure_ascii=False)

    return dump


def column_fragments(
    series: pd.Series, column: str, plain: Callable[[Any], Any], dump: Callable[[Any], str]
) -> pa.Array:
    """The JSON of every cell of one column."""
    if column in SCORE_COLUMNS:
        values = series.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        codes, uniques = fields.distinct_floats(values)
        return fields.spread([dump(round(v, 2)) for v in uniques.tolist()], codes, "null")
    if isinstance(series.dtype, pd.StringDtype):
        return _strings(series, dump)
    if pd.api.types.is_object_dtype(series):
        cells = series.tolist()
        kinds = set(map(type, cells))
        if kinds <= {list}:  # flags: encode each distinct list once
            try:
                rows, lists = pd.factorize(pd.Series(list(map(tuple, cells)), dtype=object))
                texts = [dump([plain(v) for v in u]) for u in lists]
                return fields.spread(texts, np.asarray(rows), "null")
            except TypeError:  # a list holding something unhashable: cell by cell below
                kinds = {object}
        if kinds <= {str, type(None)}:
            return _strings(pd.Series(cells, dtype="string"), dump)
        missing = series.isna().tolist()  # mixed: 1, 1.0 and True must stay apart
        texts = ["null" if m else dump(plain(v)) for v, m in zip(cells, missing, strict=True)]
        return fields.text_array(texts)
    if isinstance(series.dtype, np.dtype) and series.dtype.kind == "f":
        codes, uniques = fields.distinct_floats(series.to_numpy())
        return fields.spread([dump(plain(v)) for v in uniques.tolist()], codes, "null")
    rows, distinct = pd.factorize(series, use_na_sentinel=True)
    texts = [dump(plain(v)) for v in pd.Series(distinct).astype(object).tolist()]
    return fields.spread(texts, np.asarray(rows), "null")


def _strings(series: pd.Series, dump: Callable[[Any], str]) -> pa.Array:
    """Text in quotes as it is when nothing in the column needs a JSON escape."""
    text = fields.string_array(series)
    _, data = fields.layout(text)
    if _NEEDS_ESCAPE[data].any():
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        return fields.spread([dump(v) for v in uniques.tolist()], np.asarray(codes), "null")
    quote = pa.scalar('"', fields.TEXT)
    quoted = pc.binary_join_element_wise(quote, text, quote, pa.scalar("", fields.TEXT))
    return pc.if_else(series.isna().to_numpy(), pa.scalar("null", fields.TEXT), quoted)


# Bytes json.dumps escapes: control characters, the quote and the backslash.
_NEEDS_ESCAPE = np.zeros(256, dtype=bool)
_NEEDS_ESCAPE[[*range(0x20), ord('"'), ord("\\")]] = True


def object_rows(
    frame: pd.DataFrame, plain: Callable[[Any], Any], *, indent: bool
) -> Iterator[bytes]:
    """One JSON object per row: indented as the items of "cadres" (each followed by ",\n"),
    or on one line each (JSON lines, each followed by "\n")."""
    dump = _dumper(indent)
    sep = ",\n" + KEY_INDENT if indent else ", "
    names = [str(c) for c in frame.columns]
    empty = pa.scalar("", fields.TEXT)
    columns = []
    for i, (name, column) in enumerate(zip(names, frame.columns, strict=True)):
        key = json.dumps(name, ensure_ascii=False) + ": "
        head = ("  {\n" + KEY_INDENT if indent else "{") if i == 0 else ""
        tail = ("\n  }" if indent else "}") if i == len(names) - 1 else ""
        found = column_fragments(frame[column], name, plain, dump)
        ends = pa.scalar(head + key, fields.TEXT), pa.scalar(tail, fields.TEXT)
        columns.append(pc.binary_join_element_wise(ends[0], found, ends[1], empty))
    yield from fields.rows_bytes(columns, sep, ",\n" if indent else "\n")
