"""Output shared by the insight commands (vet, flags, explain, compare).

A frame goes to stdout as a rich table (on a terminal), CSV (when piped) or JSON; or to a
file with ``-o`` (format from the suffix), written atomically. Headers follow ``--lang``
in tables and CSV; JSON keys are always the English column names.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.errors import UsageError
from cadrekit.render.labels import (
    CHANGE_ZH,
    FLAG_ITEMS_ZH,
    INSIGHT_LABELS,
    INSIGHT_WORDS_ZH,
    STATUS_ZH,
    fill,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

HEADERS_ZH = INSIGHT_LABELS
#: Coded columns in words; the items with the quota grade filled (优秀 for the built-in rules).
WORDS_ZH = INSIGHT_WORDS_ZH | {"item": {k: fill(v) for k, v in FLAG_ITEMS_ZH.items()}}
#: Shares shown as percentages in tables (达标率).
PERCENT_COLUMNS = frozenset({"share"})
STATUS_STYLE = {"pass": "green", "fail": "bold red", "incomplete": "yellow", "report": "cyan"}
#: What the insight commands write (through :func:`cadrekit.render.output.resolve_format`).
FORMATS = ("table", "csv", "json", "jsonl", "xlsx")


def parse_date(text: str | None) -> dt.date:
    """``--date YYYY-MM-DD``; today when not given (the one place that reads the clock)."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"日期格式不对：{text}（应为 YYYY-MM-DD）",
            message_en=f"bad date {text!r}: use YYYY-MM-DD",
        ) from None


def header(column: str, lang: str, grade: str | None = None) -> str:
    """The column's header; ``grade`` names the rules' quota grade (优秀 if not given)."""
    if lang != "zh":
        return column
    if column not in HEADERS_ZH and column.endswith(("_old", "_new")):  # 优秀_old → 优秀（原）
        return f"{column[:-4]}（{'原' if column.endswith('_old') else '新'}）"
    return fill(HEADERS_ZH.get(column, column), grade)


def plain(value: Any) -> Any:
    """One cell as a JSON value (None for missing, dates as ISO text, numpy → Python)."""
    import pandas as pd

    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return plain(value.tolist())
    if value is None or (not isinstance(value, str | bool) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = {str(c): frame[c].tolist() for c in frame.columns}  # ints stay ints (Int64)
    return [
        {k: plain(v) for k, v in zip(columns, row, strict=True)}
        for row in zip(*columns.values(), strict=True)
    ]


def csv_text(frame: pd.DataFrame, lang: str, grade: str | None = None, *, safe: bool = True) -> str:
    """CSV; ``safe``: text cells a spreadsheet would run as a formula escaped (numbers kept)."""
    import pandas as pd
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    from cadrekit.io.write import csv_safe, text_safe

    out = in_words(frame, lang)
    for column in out.columns:
        numeric = is_numeric_dtype(out[column].dtype) and not is_bool_dtype(out[column].dtype)
        # tolist, not map: pandas 3.0.0 maps an Int64 column's values as floats (1 → "1.00")
        cells = [_cell(v) for v in out[column].tolist()]
        out[column] = pd.Series(cells, index=out.index, dtype=object)
        if safe and not numeric:
            out[column] = csv_safe(out[column].map(str).astype(object))
    headers = [header(str(c), lang, grade) for c in out.columns]
    if safe:  # an input column's name is data too
        headers = [text_safe(h) for h in headers]
    return str(out.to_csv(index=False, header=headers, lineterminator="\n"))


def with_track_labels(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Track ids as their labels (乡镇党政正职), for people reading Chinese output."""
    out = frame.copy()
    for column in ("track", "track_old"):
        if column in out.columns:
            out[column] = out[column].map(lambda v: labels.get(v, v)).astype(object)
    return out


def in_words(frame: pd.DataFrame, lang: str, *, text: bool = True) -> pd.DataFrame:
    """A copy for people: in Chinese, code words (``down``, ``pass``) and yes/no become
    降, 通过, 是/否; in English they stay as JSON has them (yes/no as true/false when
    ``text``, else left as booleans for the workbook writer)."""
    from pandas.api.types import is_bool_dtype

    out = frame.copy()
    yes_no = {True: "是", False: "否"} if lang == "zh" else {True: "true", False: "false"}
    for column in out.columns:
        series = out[column]
        if is_bool_dtype(series.dtype) and (text or lang == "zh"):
            out[column] = series.map(yes_no).astype(object)
        elif lang == "zh" and column in WORDS_ZH:
            out[column] = series.map(lambda v, w=WORDS_ZH[column]: w.get(v, v)).astype(object)
    return out


def _cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else value


def emit(
    frame: pd.DataFrame,
    fmt: str,
    *,
    lang: str = "zh",
    output: Path | None = None,
    force: bool = False,
    inputs: tuple[Path, ...] = (),
    title: str = "",
    document: dict[str, Any] | None = None,
    sheet_name: str = "rows",
    extra_sheets: tuple[tuple[str, pd.DataFrame], ...] = (),
    grade: str | None = None,
    safe_csv: bool | None = None,
) -> None:
    """Write ``frame`` in ``fmt`` to stdout or ``output``.

    JSON writes ``document`` (when given) with the rows under ``rows``; otherwise a list.
    xlsx writes ``frame`` and any ``extra_sheets`` (name, frame) to the workbook ``output``.
    ``grade``: the rules' quota grade, for headers that name it. ``safe_csv``: escape
    formula-looking text in CSV; by default in a file and not on stdout, as ``score`` does.
    """
    if safe_csv is None:
        safe_csv = output is not None
    if fmt == "xlsx":
        sheets = [(sheet_name, frame), *extra_sheets]
        write_workbook(sheets, output, lang, force, inputs, grade)
        return
    if fmt == "table":
        print_table(frame, lang=lang, title=title, grade=grade)
        return
    if fmt == "csv":
        body = csv_text(frame, lang, grade, safe=safe_csv)
    elif fmt == "jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(frame))
    else:
        data: Any = records(frame) if document is None else {**document, "rows": records(frame)}
        body = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    write_text(body, output, force=force, inputs=inputs)


def write_workbook(
    sheets: list[tuple[str, pd.DataFrame]],
    output: Path | None,
    lang: str,
    force: bool,
    inputs: tuple[Path, ...],
    grade: str | None = None,
) -> None:
    """A workbook needs a file: ``-o name.xlsx``."""
    if output is None:
        raise UsageError(
            "xlsx 格式需要用 -o 指定输出文件", message_en="--format xlsx needs -o FILE.xlsx"
        )
    from cadrekit.io.write import atomic_path
    from cadrekit.render.sheets import write_sheets

    with atomic_path(output, inputs=inputs, force=force) as temp:
        readable = [(name, in_words(frame, lang, text=False)) for name, frame in sheets]
        write_sheets(temp, readable, header=lambda column: header(column, lang, grade))


def write_text(
    body: str, output: Path | None, *, force: bool = False, inputs: tuple[Path, ...] = ()
) -> None:
    if output is None:
        sys.stdout.write(body)
        sys.stdout.flush()
        return
    from cadrekit.io.write import atomic_output

    with atomic_output(
        output, inputs=inputs, force=force, mode="w", encoding="utf-8", newline=""
    ) as fh:
        fh.write(body)


#: Left out first when a terminal is too narrow: the rule paths (the files have them),
#: and the cell a row came from, then the unit.
INSIGHT_DROP = ["rule_path", "location", "unit"]


def print_table(
    frame: pd.DataFrame, *, lang: str = "zh", title: str = "", grade: str | None = None
) -> None:
    """``frame`` as a terminal table fitted to the width: short cells whole, long text
    wrapped in its column, the rule column left out (and named) when too narrow."""
    from rich.console import Console
    from rich.text import Text

    from cadrekit.render.fit import Column, fold, layout, left_out_note, table

    console = Console(soft_wrap=False)
    columns = [
        Column(
            str(c),
            header(str(c), lang, grade),
            [Text.from_markup(styled(str(c), v, lang)) for v in frame[c].tolist()],
        )
        for c in frame.columns
    ]
    split, width_of, left = layout([columns], console.width, INSIGHT_DROP)
    shown = [c for c in columns if c.key not in left]
    # long text may still be narrowed by rich: only the short columns keep their width
    width_of = {c.key: width_of[c.key] for c in shown if c.natural() <= 16}
    console.print(table(shown, title, width_of, split))
    note = left_out_note([c.header for c in columns if c.key in left], console.width, lang)
    for line in fold(note, console.width):
        console.print(Text(line, style="dim"), no_wrap=True)


def styled(column: str, value: Any, lang: str) -> str:
    import numpy as np
    from rich.markup import escape

    if isinstance(value, bool | np.bool_):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if column in PERCENT_COLUMNS and isinstance(value, float | np.floating) and value == value:
        return f"{value * 100:.0f}%"  # a table shows 56%; CSV and JSON keep 0.5556
    cell = _cell(value)
    text = escape(str(cell))
    if column in ("status", "overall") and cell in STATUS_ZH:
        word = STATUS_ZH[cell] if lang == "zh" else cell
        return f"[{STATUS_STYLE[cell]}]{word}[/]"
    if lang == "zh" and column in ("list", "item"):
        return escape(WORDS_ZH[column].get(str(cell), str(cell)))
    if column == "change" and cell in CHANGE_ZH:
        word = CHANGE_ZH[cell] if lang == "zh" else cell
        style = {"up": "green", "down": "red", "arrived": "cyan", "departed": "magenta"}.get(
            cell, ""
        )
        return f"[{style}]{word}[/]" if style else word
    return text


def say(message: str) -> None:
    """A message on stderr (never mixed into the data on stdout)."""
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(message, markup=False)
