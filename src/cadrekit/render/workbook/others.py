"""The archive sheets: 标记 (flags), 问题, 规则, 关于, and the caller's own sheets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from cadrekit import __version__
from cadrekit.render.labels import (
    ABOUT_LABELS,
    FLAG_LABELS,
    PROBLEM_LABELS,
    flag_meaning,
    flag_name,
    headers,
    severity_label,
)
from cadrekit.render.workbook.cells import safe_sheet_name

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result
    from cadrekit.render.workbook.book import Book


def flags_sheet(book: Book, frame: pd.DataFrame, name: str) -> None:
    """One row per cadre and flag, with what the flag means."""
    ws = book.sheet(name)
    lang = book.lang
    columns = ["id", "name", "track_label", "unit", "grade", "flag", "meaning"]
    keep = [c for c in columns[:5] if c in frame.columns]
    rows: list[dict[Any, Any]] = []
    if "flags" in frame.columns:
        people = frame[keep].to_dict("records")
        for person, flags in zip(people, frame["flags"].tolist(), strict=True):
            for flag in flags if isinstance(flags, list | tuple) else []:
                meaning = flag_meaning(str(flag), lang)
                rows.append(person | {"flag": flag_name(str(flag), lang), "meaning": meaning})
    table = pd.DataFrame(rows, columns=columns)
    labels = headers(columns, lang, FLAG_LABELS)
    book.widths(ws, table, labels)
    book.table(ws, table, labels, freeze_columns=2)


def problems_sheet(book: Book, result: Result, name: str, notes: list[str]) -> None:
    ws = book.sheet(name)
    lang = book.lang
    columns = list(PROBLEM_LABELS)
    rows = []
    for problem in result.problems:
        data = problem.to_dict(lang)
        data["severity"] = severity_label(problem.level, lang)
        rows.append({c: data.get(c, "") for c in columns})
    for note in notes:
        rows.append({"severity": severity_label("note", lang), "message": note})
    table = pd.DataFrame(rows, columns=columns).fillna("")
    labels = headers(columns, lang, PROBLEM_LABELS)
    book.widths(ws, table, labels)
    book.table(ws, table, labels)


def rules_sheet(book: Book, result: Result, name: str) -> None:
    ws = book.sheet(name)
    text = str(result.meta.get("rules_text") or "")
    ws.set_column(0, 0, 100)
    for row, line in enumerate(text.splitlines()):
        if line:
            ws.write_string(row, 0, line)


def about_sheet(book: Book, result: Result, name: str, generated_at: dt.datetime) -> None:
    ws = book.sheet(name)
    meta = result.meta
    en = book.lang == "en"
    items = [
        ("cadrekit version" if en else "cadrekit 版本", meta.get("cadrekit_version", __version__)),
        ("input file" if en else "输入文件", meta.get("input_name", "")),
        ("input SHA-256" if en else "输入文件 SHA-256", meta.get("input_sha256", "")),
        ("rules" if en else "考核规则", meta.get("rules_origin", "")),
        ("rules SHA-256" if en else "规则 SHA-256", result.rules_sha256),
        ("assessment year" if en else "考核年度", result.year),
        ("cadres" if en else "干部人数", len(result.cadres)),
        ("generated at" if en else "生成时间", generated_at.strftime("%Y-%m-%d %H:%M:%S")),
    ]
    table = pd.DataFrame(items, columns=["item", "value"]).astype(object)
    labels = headers(["item", "value"], book.lang, ABOUT_LABELS)
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, 70)
    book.table(ws, table, labels, filter=False)


def add_extra_sheets(
    book: Book, sheets: Sequence[tuple[str, pd.DataFrame]], used: set[str]
) -> None:
    """The caller's own sheets, through the generic frame writer (headers as given)."""
    from cadrekit.render.sheets import add_sheet

    for name, frame in sheets:
        add_sheet(book.wb, safe_sheet_name(name, used), frame)
