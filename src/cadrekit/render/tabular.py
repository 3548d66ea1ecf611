"""CSV, JSON and JSON lines: one row (object) per cadre, in the stable column order.

CSV is for people and spreadsheets: headers in the chosen language, flags joined with
``;``, scores with exactly two decimals, yes/no as 是/否 or true/false, missing values
empty, and (``safe=True``) text
that a spreadsheet would run as a formula escaped. JSON is for programs: keys are always
the English canonical names, numbers are numbers, missing values are ``null``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import uuid
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from cadrekit.io.write import masked_id_text, text_safe
from cadrekit.render import fields
from cadrekit.render.fields import missing
from cadrekit.render.frame import (
    SCORE_COLUMNS,
    bool_words,
    cadre_frame,
    mask_carried_id_numbers,
    mask_id_numbers,
)
from cadrekit.render.json_rows import object_rows
from cadrekit.render.labels import headers, quota_grade

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result


# ---------------------------------------------------------------------------------- CSV


def _join_flags(value: Any) -> Any:
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return ";".join(str(v) for v in value)
    return "" if missing(value) else value


def _joined_flags(series: pd.Series) -> pd.Series:
    """Flags joined with ";" (one C-level join per row when every cell is a list of text)."""
    values = series.tolist()
    if set(map(type, values)) <= {list}:
        try:
            return pd.Series(list(map(";".join, values)), index=series.index)
        except TypeError:  # a flag that is not text
            pass
    return series.map(_join_flags)


def _object_cells(series: pd.Series) -> pd.Series:
    """``series.map(csv_cell)``, without a call per cell when it holds only text and None
    (masked ID numbers)."""
    values = series.tolist()
    if set(map(type, values)) <= {str, type(None)}:
        return pd.Series(["" if v is None else v for v in values], index=series.index)
    return series.map(fields.csv_cell)


# Text from the rules (track ids and labels, grade names): never a formula, never escaped.
RULE_TEXT_COLUMNS = ("track", "track_label", "grade", "limit")


def csv_columns(
    result: Result, *, safe: bool = False, show_id_numbers: bool = False, lang: str = "zh"
) -> dict[Any, pa.Array | pd.Series]:
    """Each output column's CSV text as an Arrow string array (missing values empty).

    A column whose dtype has no exact fast text (time of day, categories, …) is left as a
    pandas Series for ``to_csv`` to format, as it always did.
    """
    written = _Written(result, show_id_numbers, lang, safe)
    return written.columns(slice(None))


# Rows turned into text at a time when writing: the text of every cell of a million rows
# at once held about 0.5 GB more than the result.
BLOCK_ROWS = fields.CHUNK_ROWS


class _Written:
    """The frame CSV writes (ids masked), and each column's kind decided on all its rows,
    so that a block of rows is written exactly as the whole column would be."""

    def __init__(self, result: Result, show_id_numbers: bool, lang: str, safe: bool) -> None:
        frame = cadre_frame(result, show_id_numbers=True)
        self.masked = None
        if not show_id_numbers:
            mask_carried_id_numbers(frame)
        if "id_number" in frame.columns and not show_id_numbers:
            # Arrow text masked in Arrow (cadre_frame's object column costs a Python str a row)
            self.masked = masked_id_text(frame["id_number"])
            if self.masked is None:
                frame["id_number"] = mask_id_numbers(frame["id_number"])
        self.frame, self.words, self.safe = frame, bool_words(lang), safe
        self.kinds = {c: (_is_boolean(frame[c]), fields.is_dates(frame[c])) for c in frame}

    def __len__(self) -> int:
        return len(self.frame)

    def columns(self, rows: slice) -> dict[Any, pa.Array | pd.Series]:
        part = self.frame.iloc[rows]
        return {
            column: fields.object_text(self._masked(rows), self.safe)
            if column == "id_number" and self.masked is not None
            else _csv_column(
                part[column],
                column,
                self.words,
                self.safe and column not in RULE_TEXT_COLUMNS,
                self.kinds[column],
            )
            for column in part.columns
        }

    def _masked(self, rows: slice) -> Any:
        assert self.masked is not None
        start, stop, _ = rows.indices(len(self.masked))
        return self.masked.slice(start, stop - start)


def _csv_column(
    series: pd.Series, column: Any, words: tuple[str, str], escape: bool, kind: tuple[bool, bool]
) -> pa.Array | pd.Series:
    boolean, dates = kind
    if column in SCORE_COLUMNS:
        return fields.two_decimals(series)
    if boolean:
        return _yes_no(series, words)
    if column == "flags":
        source = _joined_flags(series)
    elif pd.api.types.is_object_dtype(series):  # mixed cells: dates, lists, NA
        source = _object_cells(series)
    else:
        source = series
    if isinstance(source.dtype, pd.StringDtype):
        text = fields.string_array(source)
    elif pd.api.types.is_object_dtype(source):
        text = fields.text_array([fields.cell_text(v) for v in source.tolist()])
    else:  # numbers and dates are never escaped
        found = fields.number_text(source)
        found = fields.date_text(source, dates) if found is None else found
        return source if found is None else found
    return fields.escape_formulas(text, source) if escape else text


def csv_frame(
    result: Result, *, safe: bool = False, show_id_numbers: bool = False, lang: str = "zh"
) -> pd.DataFrame:
    """The frame exactly as CSV writes it (every cell its text, unquoted).

    Booleans are 是/否 (``lang="zh"``) or true/false (``"en"``).
    """
    columns = csv_columns(result, safe=safe, show_id_numbers=show_id_numbers, lang=lang)
    return _text_frame(columns)


def _text_frame(columns: dict[Any, pa.Array | pd.Series]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            column: pd.Series(text.to_pylist(), dtype=object)
            if isinstance(text, pa.Array)
            else text.reset_index(drop=True)
            for column, text in columns.items()
        }
    )


def _is_boolean(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series.dtype):
        return True
    return pd.api.types.is_object_dtype(series) and (
        pd.api.types.infer_dtype(series, skipna=True) == "boolean"
    )


def _yes_no(series: pd.Series, words: tuple[str, str]) -> pa.Array:
    """True → 是/true, False → 否/false, missing → "" (vectorised)."""
    missing_ = series.isna().to_numpy()
    truth = series.fillna(False).to_numpy(dtype=bool)
    return fields.spread(list(words), np.where(missing_, -1, np.where(truth, 0, 1)))


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
    options = {"lang": lang, "bom": bom, "safe": safe, "show_id_numbers": show_id_numbers}
    emit(stream, csv_bytes(result, **options))  # type: ignore[arg-type]


def emit(stream: IO[str], chunks: Iterable[bytes]) -> None:
    """UTF-8 chunks to a text stream: as bytes when it takes them (io.write.Utf8Writer)."""
    write_utf8 = getattr(stream, "write_utf8", None)
    for chunk in chunks:
        if write_utf8 is not None:
            write_utf8(chunk)
        else:
            stream.write(chunk.decode("utf-8"))


def csv_bytes(
    result: Result,
    *,
    lang: str = "zh",
    bom: bool = False,
    safe: bool = False,
    show_id_numbers: bool = False,
) -> Iterator[bytes]:
    """The CSV file as UTF-8 chunks: the bytes ``DataFrame.to_csv`` wrote (QUOTE_MINIMAL,
    "\\n" line ends), rows joined in Arrow unless a column needs pandas' own formatting."""
    written = _Written(result, show_id_numbers, lang, safe)
    header = headers(
        list(dict.fromkeys(written.frame.columns)), lang, grade=quota_grade(result.rules)
    )
    if safe:  # an input column's name is data too: a header such as =cmd|' /C calc'!A0
        header = [text_safe(h) for h in header]
    if bom:
        yield "\ufeff".encode()
    texts = list(written.columns(slice(0, BLOCK_ROWS)).values())
    if len(texts) > 1 and all(isinstance(t, pa.Array) for t in texts):
        # every block is Arrow text too: each column's kind was decided on all its rows
        yield from fields.csv_lines(header, texts)  # type: ignore[arg-type]
        for start in range(BLOCK_ROWS, len(written), BLOCK_ROWS):
            block = written.columns(slice(start, start + BLOCK_ROWS))
            yield from fields.csv_rows(list(block.values()))
        return
    # One column (the csv module quotes a lone empty field) or a column pandas formats.
    out = io.StringIO()
    columns = written.columns(slice(None))
    _text_frame(columns).to_csv(out, index=False, header=header, lineterminator="\n")
    yield out.getvalue().encode("utf-8")


# --------------------------------------------------------------------------------- JSON


def _plain(value: Any) -> Any:
    """One cell as a JSON value."""
    if missing(value):
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
    return _document(result, lang, cadre_records(result, show_id_numbers=show_id_numbers))


def _document(result: Result, lang: str, cadres: Any) -> dict[str, Any]:
    meta = result.meta
    return {
        "year": result.year,
        "rules": meta.get("rules_origin"),
        "rules_sha256": result.rules_sha256,
        "input_sha256": meta.get("input_sha256"),
        "cadres": cadres,
        "groups": records(result.groups),
        "problems": [_plain_dict(p.to_dict(lang)) for p in result.problems],
    }


def _plain_dict(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) if not isinstance(v, dict) else _plain_dict(v) for k, v in data.items()}


def write_json(
    result: Result, stream: IO[str], *, lang: str = "en", show_id_numbers: bool = False
) -> None:
    """``json.dump(to_json_dict(...), indent=1)``, with the cadres encoded column by column."""
    frame = cadre_frame(result, show_id_numbers=show_id_numbers)
    token = uuid.uuid4().hex  # stands for the cadres until the document is encoded
    text = json.dumps(_document(result, lang, token), ensure_ascii=False, indent=1)
    head, found, rest = text.partition(json.dumps(token))
    if not found or len(frame.columns) == 0:  # pragma: no cover - a cadre without columns
        text = json.dumps(
            to_json_dict(result, lang=lang, show_id_numbers=show_id_numbers),
            ensure_ascii=False,
            indent=1,
        )
        head, rest = text, ""
    elif frame.empty:
        head += "[]"
    else:
        body = b"".join(object_rows(frame, _plain, indent=True))
        stream.write(head + "[\n")
        emit(stream, [body[: -len(b",\n")]])
        head = "\n ]"
    stream.write(head + rest + "\n")


def jsonl_lines(result: Result, *, show_id_numbers: bool = False) -> Iterator[str]:
    for record in cadre_records(result, show_id_numbers=show_id_numbers):
        yield json.dumps(record, ensure_ascii=False)


def write_jsonl(result: Result, stream: IO[str], *, show_id_numbers: bool = False) -> None:
    """One cadre object per line (the lines of ``jsonl_lines``, encoded column by column)."""
    frame = cadre_frame(result, show_id_numbers=show_id_numbers)
    if len(frame.columns) == 0:  # pragma: no cover - a cadre without columns
        for line in jsonl_lines(result, show_id_numbers=show_id_numbers):
            stream.write(line + "\n")
        return
    emit(stream, object_rows(frame, _plain, indent=False))
