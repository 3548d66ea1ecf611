"""The 明细 sheet: each cadre's components with the cadre's audit rows grouped below."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cadrekit.render.labels import AUDIT_LABELS, headers, quota_grade
from cadrekit.render.workbook.cells import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    Column,
    display_width,
    texts,
)
from cadrekit.render.workbook.words import audit_in_words, in_words

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from xlsxwriter.worksheet import Worksheet

    from cadrekit.models.result import Result
    from cadrekit.problems import Problem
    from cadrekit.render.workbook.book import Book


DETAIL_COLUMNS = (
    "id",
    "name",
    "track_label",
    "unit",
    "performance",
    "votes_score",
    "quarterly_score",
    "bonus",
    "deduction",
    "score",
    "limit",
    "limit_reason",
    "rank",
    "grade",
)
AUDIT_DETAIL = ("layer", "rule_path", "value", "reason", "outcome")


def detail_sheet(book: Book, result: Result, frame: pd.DataFrame, name: str) -> str | None:
    """Each cadre's components, then (grouped below it) the cadre's audit rows; to the right
    of the audit columns, every other column of the cadre (the track sheets print only a
    few).

    Returns a note when the audit trail does not fit in one sheet and was left out.
    """
    ws = book.sheet(name, repeat_columns=2)
    lang = book.lang
    names = [c for c in DETAIL_COLUMNS if c in frame.columns]
    cadres = book.columns(frame[names])
    audit = audit_in_words(result.audit, result, lang)
    with_audit = (
        len(audit) > 0
        and "cadre_id" in audit.columns
        and len(frame) + len(audit) + 1 <= EXCEL_MAX_ROWS
    )
    labels = headers(names, lang, grade=quota_grade(result.rules))
    book.widths(ws, frame, labels, cadres)
    rest = _known_first([c for c in frame.columns if c not in names], result)
    others = book.columns(in_words(frame[rest], result, lang))
    rest_labels = headers([str(c) for c in rest], lang, grade=quota_grade(result.rules))
    columns, outline = cadres + others, None
    if with_audit:
        present = [c for c in AUDIT_DETAIL if c in audit.columns]
        labels += [headers([c], lang, AUDIT_LABELS)[0] for c in present]
        first = len(names)
        for c, width in enumerate((12, 28, 14, 50, 10)[: len(present)]):
            ws.set_column(first + c, first + c, width)
        columns, outline = _with_audit(book, frame, cadres, audit, present, others)
    room = EXCEL_MAX_COLUMNS - len(labels)
    if len(rest_labels) > room:  # a sheet holds 16,384 columns: cadrekit's own come first
        dropped = rest_labels[room:]
        others, rest_labels = others[:room], rest_labels[:room]
        columns = columns[: len(labels) + room]
        result.problems = [*result.problems, _left_out(name, dropped)]
    _rest_widths(ws, len(labels), others, rest_labels)
    labels += rest_labels
    ws.outline_settings(True, False, True, False)  # a cadre's row sits above its audit rows
    ws.write_row(0, 0, labels, book.head)
    row = book.rows(ws, columns, 0, outline=outline)
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, max(row, 1), len(labels) - 1)
    if len(audit) and not with_audit:
        return (
            f"the audit trail ({len(audit)} rows) does not fit in one sheet: use JSON or explain"
            if lang == "en"
            else f"审计记录（{len(audit)} 行）超出单个工作表的行数上限，未写入；请用 JSON 或 explain 查看"
        )
    return None


def _rest_widths(ws: Worksheet, first: int, columns: list[Column], labels: list[str]) -> None:
    for c, (column, label) in enumerate(zip(columns, labels, strict=True)):
        width = max(display_width(label), column.width())
        ws.set_column(first + c, first + c, min(max(width + 2, 6), 40))


def _with_audit(
    book: Book,
    frame: pd.DataFrame,
    cadres: list[Column],
    audit: pd.DataFrame,
    present: list[str],
    after: list[Column],
) -> tuple[list[Column], list[bool]]:
    """The detail columns with each cadre's audit rows interleaved below it (in audit order).

    Audit rows carry the cadre's id in the first column and their entry in the columns
    after the cadre's; an entry for an id that is not shown is left out.
    """
    ids = frame["id"].astype(str).tolist() if "id" in frame.columns else []
    first: dict[str, int] = {}
    for i, cadre_id in enumerate(ids):
        first.setdefault(cadre_id, i)
    owner = audit["cadre_id"].astype(str).map(first)
    kept = owner.notna().to_numpy()
    trail = audit[kept]
    n, m = len(frame), len(trail)
    position = np.concatenate([np.arange(n), owner[kept].to_numpy(dtype="int64")])
    is_audit = np.concatenate([np.zeros(n, dtype=bool), np.ones(m, dtype=bool)])
    order = np.lexsort((is_audit, position))  # stable: audit rows keep their order
    blank_m, blank_n = np.full(m, None, dtype=object), np.full(n, None, dtype=object)
    columns = []
    for c, column in enumerate(cadres):
        below = blank_m
        kind = column.kind
        if c == 0:  # the audit row's own id, so that filtering on an id keeps its trail
            below = texts(trail["cadre_id"].astype(str))
            kind = "text" if kind == "text" else "cell"
        values = np.concatenate([column.values, below])[order]
        columns.append(Column(kind, values, column.fmt))
    for name in present:
        entry = book.column(name, trail[name])
        columns.append(
            Column(entry.kind, np.concatenate([blank_n, entry.values])[order], entry.fmt)
        )
    for column in after:  # the cadre's other columns: blank on the audit rows
        values = np.concatenate([column.values, blank_m])[order]
        columns.append(Column(column.kind, values, column.fmt))
    return columns, is_audit[order].tolist()


def _left_out(sheet: str, dropped: list[str]) -> Problem:
    """The ``columns-left-out`` warning: input columns past Excel's last column."""
    from cadrekit.problems import Problem

    params = {"sheet": sheet, "limit": f"{EXCEL_MAX_COLUMNS:,}", "dropped": len(dropped)}
    params |= {"first": dropped[0], "last": dropped[-1]}
    return Problem("columns-left-out", location=sheet, sheet=sheet, params=params)


def _known_first(columns: list[str], result: Result) -> list[str]:
    """The columns cadrekit knows (the roster's own fields, the rules' indicators) before
    columns it only carries through, so that a sheet too wide for Excel loses only those."""
    from cadrekit.models.rows import ROW_MODELS

    known = set(ROW_MODELS["cadres"].model_fields)
    indicators = getattr(result.rules, "indicator_columns", None)
    if callable(indicators):
        known |= set(indicators())
    return [c for c in columns if c in known] + [c for c in columns if c not in known]
