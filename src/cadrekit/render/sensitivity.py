"""The sensitivity workbook: a summary, one sheet per track with a chart, and the lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from cadrekit.render.labels import DEFAULT_GRADE, SENSITIVITY_SHEETS_ZH
from cadrekit.render.width import display_width

_SHARES = ["differ_share", "excellent_share", "tie_share"]


def write_sensitivity(
    path: Path,
    report: Any,
    header: Callable[[str], str] = str,
    grade: str = DEFAULT_GRADE,
    lang: str = "en",
) -> None:
    """Summary (rank stability, weight spread, groups), a sheet per track with a chart of
    each cadre's share of draws with the quota grade (``grade``, from the rules), then
    one-at-a-time and leave-one-out. ``lang="zh"``: sheet names and titles in Chinese."""
    import xlsxwriter

    from cadrekit.render.workbook import safe_sheet_name

    def say(text: str) -> str:
        return SENSITIVITY_SHEETS_ZH.get(text, text) if lang == "zh" else text

    used: set[str] = set()

    from cadrekit.io.write import scratch_dir

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(str(path), {**options, "tmpdir": scratch_dir()})
    fmt = {
        "head": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "pct": book.add_format({"num_format": "0.0%"}),
        "num": book.add_format({"num_format": "0.0000"}),
        "title": book.add_format({"bold": True, "font_size": 12}),
    }
    summary = book.add_worksheet(safe_sheet_name(say("summary"), used))
    row = 0
    for title, frame in (
        ("rank stability", report.rank_stability),
        ("weights", report.weights),
        ("quota groups", report.groups),
    ):
        summary.write_string(row, 0, say(title), fmt["title"])
        row = _table(summary, row + 1, frame, fmt, header) + 2
    for track, frame in report.cadres.groupby("track", sort=False):
        sheet = book.add_worksheet(safe_sheet_name(str(track), used))
        body = frame.sort_values(["excellent_share", "rank"], ascending=[False, True])
        _table(sheet, 0, body, fmt, header)
        _chart(book, sheet, body, str(track), grade, lang)
    for name, frame in (
        ("one-at-a-time", report.one_at_a_time),
        ("leave-one-out", report.leave_one_out),
    ):
        _table(book.add_worksheet(safe_sheet_name(say(name), used)), 0, frame, fmt, header)
    book.close()


def _table(sheet: Any, top: int, frame: pd.DataFrame, fmt: dict[str, Any], header: Any) -> int:
    """Write ``frame`` from row ``top``; return the last row written."""
    widths = []
    for col, column in enumerate(frame.columns):
        title = header(str(column))
        sheet.write_string(top, col, title, fmt["head"])
        widths.append(display_width(title))
    for r, values in enumerate(frame.itertuples(index=False), start=top + 1):
        for col, value in enumerate(values):
            column = str(frame.columns[col])
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            elif isinstance(value, int | float) or hasattr(value, "item"):
                style = fmt["pct"] if column in _SHARES else fmt["num"]
                number = float(value)
                sheet.write_number(r, col, number, style if number != int(number) else None)
            else:
                sheet.write_string(r, col, str(value))
                widths[col] = max(widths[col], min(60, display_width(str(value))))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, max(8, width + 2))
    sheet.freeze_panes(top + 1, 0) if top == 0 else None
    return top + len(frame)


def _chart(book: Any, sheet: Any, body: pd.DataFrame, track: str, grade: str, lang: str) -> None:
    """Bar chart: share of draws in which each cadre near the cut gets the quota grade."""
    moving = int((body["excellent_share"] > 0).sum())
    rows = max(1, min(40, moving + 5, len(body)))
    name_col = list(body.columns).index("name")
    share_col = list(body.columns).index("excellent_share")
    chart = book.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": f"评为{grade}的抽样占比"
            if lang == "zh"
            else "share of draws with the quota grade",
            "categories": [sheet.name, 1, name_col, rows, name_col],
            "values": [sheet.name, 1, share_col, rows, share_col],
        }
    )
    title = (
        f"{track}：权重抽样中评为{grade}的占比"
        if lang == "zh"
        else f"{track}: {grade} in share of weight draws"
    )
    chart.set_title({"name": title})
    chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    chart.set_size({"width": 640, "height": max(300, 18 * rows)})
    sheet.insert_chart(1, len(body.columns) + 1, chart)
