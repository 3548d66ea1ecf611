"""``load()``: read a file, find its sheets and headers, normalise and validate every column.

``read (io) → sheets → header → normalise → validate → Dataset``. Problems are collected,
never raised: the caller decides (``validate`` reports them, ``score`` refuses errors unless
``--lenient``, which drops the rows :func:`rejected_rows` names and says so, and scores
a cadre row whose errors leave its score intact, listing them).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.load import validate as checks
from cadrekit.load.ballots import count_ballots
from cadrekit.load.cells import invisible_cells, none_invisible, split
from cadrekit.load.dates import read_dates
from cadrekit.load.example_row import check_example_row
from cadrekit.load.headers import cell_text, detect_header
from cadrekit.load.normalise import as_number, convert
from cadrekit.load.schema import ColumnSpec, column_specs, rule_specs
from cadrekit.load.sheets import find_sheets
from cadrekit.models.dataset import Dataset, SheetFrame, column_letter
from cadrekit.problems import Problem, sort_problems

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.rules import RuleSet

# Absent from the sheet means "verified" to the engine, so this one is never filled in;
# the 职级 columns are optional extras that outputs show only when the roster has them.
_LEAVE_ABSENT = {
    ("supervision", "verified"),
    ("cadres", "rank_title"),
    ("cadres", "rank_since"),
}
_EMPTY_DTYPES = {
    "text": "str",
    "choice": "str",
    "number": "float64",
    "int": "Int64",
    "date": "datetime64[ns]",
    "bool": "boolean",
}


def load(
    source: str | Path,
    rules: RuleSet | None = None,
    *,
    today: dt.date | None = None,
    limits: Any = None,
) -> Dataset:
    """Read ``source`` and return its normalised sheets with every problem found.

    ``rules`` name the indicator columns and decide the rule-dependent checks (votes,
    quarters, indicators a track needs); ``today`` enables ``future-date`` (pass the clock);
    ``limits`` (:class:`cadrekit.io.read.Limits`) bound what the file may hold.
    """
    from cadrekit.io.read import read_book

    book = read_book(Path(source), limits)
    return load_book(book, rules, today=today)


def load_book(book: Any, rules: RuleSet | None = None, *, today: dt.date | None = None) -> Dataset:
    """:func:`load` for a book already read (anything with ``path``, ``sheets``, ``sha256``;
    its ``problems``, if any, are about the whole file)."""
    path = Path(book.path)
    found, problems = find_sheets(list(book.sheets), path.name)
    problems += getattr(book, "problems", [])  # about the whole file (misnamed-file)
    indicators = rules.indicator_columns() if rules is not None else {}
    loaded: dict[str, checks.Loaded] = {}
    for kind, raw_sheet in found.items():
        ld, sheet_problems = read_sheet(
            raw_sheet, kind, indicators if kind == "cadres" else {}, rule_specs(kind, rules)
        )
        problems += sheet_problems
        if ld is not None:
            loaded[kind] = ld
    problems += _check(loaded, indicators, rules, today)
    formulas = {s.name: s.formulas for s in found.values() if getattr(s, "formulas", None)}
    problems = checks.formula_no_value(problems, formulas)
    for ld in loaded.values():
        _fill_defaults(ld)
    if rules is not None and "cadres" in loaded and "id" in loaded["cadres"].sheet.letters:
        checks.fill_blank_votes(loaded["cadres"], rules)  # after the checks saw the blanks
    return Dataset(
        sheets={kind: ld.sheet for kind, ld in loaded.items()},
        problems=sort_problems(problems),
        source=path,
        sha256=getattr(book, "sha256", ""),
    )


def read_sheet(
    raw_sheet: Any,
    kind: str,
    indicators: dict[str, Any] | None = None,
    specs: dict[str, ColumnSpec] | None = None,
) -> tuple[checks.Loaded | None, list[Problem]]:
    """Header, columns and normalised values of one raw sheet (``specs``: the columns under
    the rule set in use, :func:`~cadrekit.load.schema.rule_specs`; default the row model's)."""
    # a plain CSV comes as Arrow text (``str`` columns, NA for empty): read it as such
    text: pd.DataFrame | None = getattr(raw_sheet, "text", None)
    raw: pd.DataFrame = text if text is not None else raw_sheet.frame
    name = raw_sheet.name
    header = detect_header(raw, kind, name, indicators or {})
    if header is None:
        return None, [Problem("no-header", location=name, sheet=name)]
    rows = header.data_rows
    if not _positional(raw):
        rows = raw.index.get_indexer(pd.Index(rows)).tolist()
    columns = raw.columns.get_indexer(pd.Index(list(header.names))).tolist()
    if rows and rows[-1] - rows[0] == len(rows) - 1:  # one run of rows: a slice, not a copy
        body: pd.DataFrame = raw.iloc[rows[0] : rows[-1] + 1].take(columns, axis=1)
    else:
        body = raw.take(rows).take(columns, axis=1)
    body = body.set_axis([header.names[c] for c in header.names], axis=1)
    body = body.reset_index(drop=True)
    if text is None:
        body = body.astype(object)
    merged: list[Problem] = []
    if text is None and getattr(raw_sheet, "merges", None) and _positional(raw):
        body, merged = _fill_merges(raw, body, rows, columns, raw_sheet.merges, header, name)
    sheet = SheetFrame(
        kind=kind,
        sheet=name,
        frame=body,
        rows=[r + 1 for r in header.data_rows],
        letters={header.names[c]: column_letter(c) for c in header.names},
        headers={header.names[c]: header.written[c] or header.names[c] for c in header.names},
    )
    ld = checks.Loaded(kind, sheet, body, specs=specs)
    sheet.frame = _normalise(ld, indicators or {})
    problems = list(header.problems) + merged
    if kind == "cadres" and not header.data_rows:
        problems.append(_no_rows(name, header))
    return ld, problems


def _fill_merges(
    raw: pd.DataFrame,
    body: pd.DataFrame,
    rows: list[int],
    columns: list[int],
    merges: list[tuple[int, int, int, int]],
    header: Any,
    sheet: str,
) -> tuple[pd.DataFrame, list[Problem]]:
    """The value of each merged range below the header written into every empty data cell
    it covers (a merge keeps it in the first cell only), with one note per range.

    ``rows``/``columns``: the raw positions of ``body``'s rows and columns. Ranges that
    start at or above the header (titles, a two-row header) are left alone, and so are
    the covered cells of skipped rows (totals, footers, blank rows).
    """
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: j for j, c in enumerate(columns)}
    height, width = raw.shape
    problems: list[Problem] = []
    copied = False
    for r0, c0, r1, c1 in sorted(set(merges)):
        if r0 <= int(header.row) or r0 >= height or c0 >= width:
            continue
        value = raw.iat[r0, c0]
        if cell_text(value).strip() == "":
            continue  # an empty merged range: nothing to fill
        cells = [
            (row_at[r], col_at[c])
            for r in range(r0, min(r1, height - 1) + 1)
            if r in row_at
            for c in range(c0, min(c1, width - 1) + 1)
            if c in col_at and (r, c) != (r0, c0)
        ]
        cells = [(i, j) for i, j in cells if cell_text(body.iat[i, j]).strip() == ""]
        if not cells:
            continue
        if not copied:  # body may be a view of the raw sheet
            body, copied = body.copy(), True
        for i, j in cells:
            body.iat[i, j] = value  # type: ignore[assignment]
        first, last = f"{column_letter(c0)}{r0 + 1}", f"{column_letter(c1)}{r1 + 1}"
        problems.append(
            Problem(
                "merged-cells-filled",
                location=f"{sheet}!{first}:{last}",
                found=cell_text(value),
                column=header.written.get(c0) or header.names.get(c0, ""),
                sheet=sheet,
                row=r0 + 1,
                params={"range": f"{first}:{last}", "cells": len(cells)},
            )
        )
    return body, problems


def _no_rows(sheet: str, header: Any) -> Problem:
    """A roster with a header and nothing under it would score nobody: an error at the
    first cell below the header, so that ``validate`` and ``score`` fail instead."""
    row = int(header.row) + 2  # the spreadsheet row under the header
    first = column_letter(min(int(c) for c in header.names))
    return Problem("no-cadre-rows", location=f"{sheet}!{first}{row}", sheet=sheet, row=row)


def _positional(frame: pd.DataFrame) -> bool:
    index = frame.index
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def _normalise(ld: checks.Loaded, indicators: dict[str, Any]) -> pd.DataFrame:
    specs = ld.columns
    columns: dict[str, pd.Series] = {}
    texts = [n for n in ld.raw.columns if n in specs and specs[n].kind in ("text", "choice")]
    plain = none_invisible(ld.raw, texts)  # then no text column needs its own look
    for name in ld.raw.columns:
        if name in specs and specs[name].kind == "date":
            columns[name] = checks.plausible_dates(ld, name, read_dates(ld.raw[name]))
        elif name in specs:
            columns[name], ld.bad[name] = convert(ld.raw[name], specs[name])
            if specs[name].kind in ("text", "choice") and not plain:
                hidden = invisible_cells(ld.raw[name])
                if hidden is not None:
                    ld.invisible[name] = hidden
            if name == "id_number":
                ld.numbers[name] = _number_cells(ld.raw[name])
        elif name in indicators:
            columns[name], ld.bad[name] = as_number(ld.raw[name])
        else:
            columns[name] = _cells(ld.raw[name])  # carried through untouched
    for name, spec in specs.items():
        if name not in columns and (ld.kind, name) not in _LEAVE_ABSENT:
            columns[name] = _empty(spec, len(ld.raw))
    for name in indicators:
        if name not in columns:
            columns[name] = pd.Series(np.nan, index=ld.raw.index, dtype="float64")
    order = [c for c in specs if c in columns]
    order += [c for c in columns if c not in specs]
    return pd.DataFrame({c: columns[c] for c in order}, index=ld.raw.index)


def _number_cells(col: pd.Series) -> pd.Series:
    """Which cells of a raw column are number cells (text and the rest: False)."""
    num = split(col).num
    if num is None:
        return pd.Series(False, index=col.index)
    return num.notna()


def _cells(col: pd.Series) -> pd.Series:
    """A raw column as Python cells (None when empty), whichever way it was read."""
    if isinstance(col.dtype, pd.StringDtype):
        cells = col.array.to_numpy(dtype=object, na_value=None)
        return pd.Series(cells, index=col.index, name=col.name, dtype=object)
    return col


def _empty(spec: ColumnSpec, n: int) -> pd.Series:
    if spec.default is not None:
        return pd.Series([spec.default] * n, dtype=_EMPTY_DTYPES[spec.kind])
    return pd.Series([None] * n, dtype=_EMPTY_DTYPES[spec.kind])  # type: ignore[call-overload]


def _fill_defaults(ld: checks.Loaded) -> None:
    """Empty cells take the model's default (status 参加, top_leader False, …)."""
    frame = ld.sheet.frame
    for name, spec in column_specs(ld.kind).items():
        if name in frame.columns and spec.default is not None:
            filled = frame[name].fillna(spec.default)
            frame[name] = filled.astype(bool) if spec.kind == "bool" else filled


def _check(
    loaded: dict[str, checks.Loaded],
    indicators: dict[str, Any],
    rules: RuleSet | None,
    today: dt.date | None,
) -> list[Problem]:
    problems: list[Problem] = []
    for ld in loaded.values():
        problems += checks.check_columns(ld, today)
    if rules is not None and "history" in loaded:
        problems += checks.check_history_grades(loaded["history"], rules)
    if rules is not None and "decisions" in loaded:
        from cadrekit.load.decisions import check_decisions

        problems += check_decisions(loaded["decisions"], rules)
    cadres = loaded.get("cadres")
    if cadres is None:
        return problems
    problems += checks.check_indicators(cadres, indicators)
    problems += checks.check_duplicate_ids(cadres)
    problems += check_example_row(cadres)
    problems += checks.check_id_numbers(cadres)
    problems += checks.check_appointment(cadres)
    for kind, ld in loaded.items():
        if kind != "cadres":
            problems += checks.check_unknown_ids(ld, cadres.sheet.frame)
    if rules is not None and "id" in cadres.sheet.letters:
        problems += count_ballots(cadres, loaded.get("ballots"), rules)
        problems += checks.check_quarters(cadres, rules)
        problems += checks.check_tracks(cadres, rules)
        problems += checks.check_indicators_needed(cadres, rules)
    return problems


def rejected_rows(dataset: Dataset) -> list[int]:
    """Cadre frame index labels with an error that leaves the row unscorable
    (``Problem.blocks_scoring``): ``--lenient`` leaves them out and scores the rest."""
    sheet = dataset.sheets.get("cadres")
    if sheet is None:
        return []
    position = {row: i for i, row in enumerate(sheet.rows)}
    bad = {
        position[p.row]
        for p in dataset.problems
        if p.blocks_scoring and p.sheet == sheet.sheet and p.row in position
    }
    labels = sheet.frame.index
    return sorted(int(labels[i]) for i in bad)
