"""Header detection and alias mapping.

The header is the first row among the first 20 that names at least two known columns
(canonical names, Chinese headers and aliases of the sheet's row model, plus the indicator
columns the rules name), compared after NFKC and with whitespace removed. Rows above it
(merged titles such as 「2025年度干部考核汇总表」), blank rows inside the data and trailing
合计/总计 rows are skipped and reported with their real row numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cadrekit.io.csvsniff import wide_rows
from cadrekit.load.schema import column_specs, header_key
from cadrekit.models.dataset import column_letter
from cadrekit.problems import Problem

HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 2
_TOTAL = re.compile(r"^(合计|总计|小计)")
# the lines an office prints under a table: a row whose first filled cell starts so is no
# cadre (compared as header keys, NFKC and no spaces, so 注： matches 注: too)
FOOTER_WORDS = (
    "填表人", "填报人", "制表", "审核人", "审批人", "复核人", "负责人", "联系人", "联系电话",
    "电话", "填表日期", "填报日期", "填表时间", "报送日期", "填报单位", "填表单位",
    "注：", "说明：", "备注：",
)  # fmt: skip
_FOOTER = re.compile("^(" + "|".join(re.escape(header_key(w)) for w in FOOTER_WORDS) + ")")


def cell_text(value: object) -> str:
    """A raw cell as a person would read it: 85.0 → '85', a midnight datetime → its date."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def clean_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def known_names(kind: str, indicators: Iterable[str] = ()) -> dict[str, str]:
    """Header key → canonical column name, for one sheet kind."""
    out: dict[str, str] = {}
    for name in indicators:
        out[header_key(name)] = name
    for spec in column_specs(kind).values():
        for text in (spec.name, spec.zh, *spec.aliases):
            out[header_key(text)] = spec.name
    return out


@dataclass
class Header:
    """Where the header is and what each column is called."""

    row: int  # raw index label of the header row (spreadsheet row = row + 1)
    names: dict[int, str]  # raw column → frame column name
    written: dict[int, str]  # raw column → header text as written
    data_rows: list[int]  # raw index labels of the data rows kept (= positions for io frames)
    problems: list[Problem] = field(default_factory=list)


_BLANK_CELLS = ["", " ", "\u3000", "\xa0", "\t"]


def _blank_rows(raw: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty (None, NaN or blank text)."""
    filled = raw.notna().sum(axis=1)
    blank = (filled == 0).to_numpy().copy()
    # a row of a few space-only cells is blank too; check only rows with few cells
    few = (filled > 0) & (filled <= 3)
    if few.any():
        subset = raw[few.to_numpy()]
        spaces = (subset.isna() | subset.isin(_BLANK_CELLS)).all(axis=1)
        blank[np.flatnonzero(few.to_numpy())] = spaces.to_numpy()
    return blank


def _row_note(code: str, sheet: str, row: int, found: str = "", **params: object) -> Problem:
    return Problem(
        code, location=f"{sheet}!{row}", sheet=sheet, row=row, found=found, params=dict(params)
    )


def _row_text(values: Iterable[object]) -> str:
    return " ".join(t for t in (cell_text(v).strip() for v in values) if t)


def detect_header(
    raw: pd.DataFrame, kind: str, sheet: str, indicators: Iterable[str] = ()
) -> Header | None:
    """Find and map the header of one raw sheet; ``None`` when no row qualifies."""
    known = known_names(kind, indicators)
    head = raw.iloc[:HEADER_SEARCH_ROWS]
    header_at = None
    for label, values in zip(head.index, head.itertuples(index=False), strict=True):
        keys = {header_key(cell_text(v)) for v in values}
        if len(keys & known.keys()) >= MIN_HEADER_MATCHES:
            header_at = label
            break
    if header_at is None:
        return None
    problems: list[Problem] = []
    pos = raw.index.get_loc(header_at)
    blank = _blank_rows(raw)
    for i in range(int(pos)):  # type: ignore[arg-type]
        if not blank[i]:
            row = int(raw.index[i]) + 1
            problems.append(_row_note("skipped-title-row", sheet, row, _row_text(raw.iloc[i])))
    names, written, col_problems = _map_columns(raw, int(pos), kind, sheet, known, blank)  # type: ignore[arg-type]
    problems += col_problems
    data_rows, row_problems = _data_rows(raw, int(pos), sheet, blank)  # type: ignore[arg-type]
    problems += row_problems
    problems += wide_rows(raw, int(pos), data_rows, sheet)  # type: ignore[arg-type]
    problems += _missing_columns(kind, sheet, int(header_at) + 1, set(names.values()))
    return Header(int(header_at), names, written, data_rows, problems)


def _map_columns(
    raw: pd.DataFrame,
    pos: int,
    kind: str,
    sheet: str,
    known: dict[str, str],
    blank: np.ndarray,
) -> tuple[dict[int, str], dict[int, str], list[Problem]]:
    names: dict[int, str] = {}
    written: dict[int, str] = {}
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    row = int(raw.index[pos]) + 1
    body = raw.iloc[pos + 1 :]
    for col, value in zip(raw.columns, raw.iloc[pos], strict=True):
        text = cell_text(value).strip()
        letter = column_letter(int(col))
        where = f"{sheet}!{letter}{row}"
        if not text:
            if body[col].isna().all() or _blank_rows(body[[col]]).all():
                continue  # an empty column: nothing to carry
            text, name = "", letter
        else:
            name = known.get(header_key(text), clean_header(text))
        if name in seen:
            problems.append(
                Problem(
                    "duplicate-column",
                    location=where,
                    sheet=sheet,
                    row=row,
                    column=text,
                    found=text,
                    params={"other": f"{sheet}!{column_letter(seen[name])}{row}"},
                )
            )
            name = f"{name} ({letter})"
        seen[name] = int(col)
        names[int(col)] = name
        written[int(col)] = text
        if header_key(text) not in known:
            problems.append(
                Problem(
                    "unknown-column", location=where, sheet=sheet, row=row, column=text, found=text
                )
            )
    return names, written, problems


def _data_rows(
    raw: pd.DataFrame, pos: int, sheet: str, blank: np.ndarray
) -> tuple[list[int], list[Problem]]:
    problems: list[Problem] = []
    filled = np.flatnonzero(~blank[pos + 1 :]) + pos + 1
    if len(filled) == 0:
        return [], problems
    last, footer_problems = _trailing_block(raw, pos, sheet, filled)
    problems += footer_problems
    inside = np.arange(pos + 1, last + 1)
    keep = inside[~blank[inside]]
    gaps = inside[blank[inside]]
    if len(gaps):
        # one note per run of blank rows, not one per row
        runs = np.split(gaps, np.flatnonzero(np.diff(gaps) != 1) + 1)
        for run in runs:
            first_row, last_row = int(raw.index[run[0]]) + 1, int(raw.index[run[-1]]) + 1
            note = _row_note("skipped-blank-row", sheet, first_row)
            if last_row != first_row:
                note = Problem(
                    "skipped-blank-row",
                    location=f"{sheet}!{first_row}:{last_row}",
                    sheet=sheet,
                    row=first_row,
                    params={"rows": f"{first_row}–{last_row}"},
                )
            problems.append(note)
    return raw.index[keep].astype(int).tolist(), problems


def _first_text(values: Iterable[object]) -> str:
    return next((t for t in (cell_text(v).strip() for v in values) if t), "")


def _trailing_block(
    raw: pd.DataFrame, pos: int, sheet: str, filled: np.ndarray
) -> tuple[int, list[Problem]]:
    """The last data row, walking up from the end over 合计/总计/小计 rows (a note each) and
    footer lines (填表人, 审核人, 联系电话, 注：…, one note per run of them, blank rows in
    between included). A row stops the walk unless its first filled cell starts with such
    a word, so a cadre row (its first cell an id) is never taken for a footer."""
    problems: list[Problem] = []
    footer: list[int] = []  # positions of footer lines, bottom up

    def flush() -> None:
        if not footer:
            return
        top, bottom = int(raw.index[footer[-1]]) + 1, int(raw.index[footer[0]]) + 1
        rows = f"第 {top} 行" if top == bottom else f"第 {top}–{bottom} 行"
        rows_en = f"row {top}" if top == bottom else f"rows {top}–{bottom}"
        text = " / ".join(_row_text(raw.iloc[i]) for i in reversed(footer))
        problems.append(
            Problem(
                "skipped-footer-rows",
                location=f"{sheet}!{top}" if top == bottom else f"{sheet}!{top}:{bottom}",
                sheet=sheet,
                row=top,
                found=text if len(text) <= 80 else text[:79] + "…",
                params={"rows": rows, "rows_en": rows_en, "count": len(footer)},
            )
        )
        footer.clear()

    last = int(filled[-1])
    while last > pos:
        key = header_key(_first_text(raw.iloc[last]))
        if _TOTAL.match(key):
            flush()
            row = int(raw.index[last]) + 1
            problems.append(_row_note("skipped-total-row", sheet, row, _row_text(raw.iloc[last])))
        elif _FOOTER.match(key):
            footer.append(last)
        else:
            break
        earlier = filled[filled < last]
        last = int(earlier[-1]) if len(earlier) else pos
    flush()
    problems.reverse()  # top to bottom
    return last, problems


def _missing_columns(kind: str, sheet: str, row: int, present: set[str]) -> list[Problem]:
    return [
        Problem(
            "missing-column",
            location=f"{sheet}!{row}",
            sheet=sheet,
            row=row,
            column=spec.zh,
            expected=spec.zh,
            params={"name": spec.name},
        )
        for spec in column_specs(kind).values()
        if spec.required and spec.name not in present
    ]
