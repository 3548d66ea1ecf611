"""What may be published (晒实绩, ``score --public``): rank, name, unit, post, score, grade.

Every public output (the HTML page, the workbook) takes its cells from :func:`public_tracks`
and nothing else, so no 身份证号, birth date, supervision or sanction text, limit reason
or flag can reach a public file: the columns are chosen here by name, never by leaving
others out. The per-track counts (:func:`public_summary`) are aggregates of the grades.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.render.frame import cadre_frame, result_grades, track_order, track_summary
from cadrekit.render.labels import GROUP_LABELS, header, quota_grade

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.result import Result

#: The only per-cadre columns a public output holds, in this order (``post`` only when the
#: roster has a 职务 column with something in it).
PUBLIC_COLUMNS = ("rank", "name", "unit", "post", "score", "grade")
#: The per-track counts a public output holds.
PUBLIC_SUMMARY = ("track_label", "n", "slots", "excellent")


@dataclass(frozen=True)
class PublicTrack:
    """One track's published list: its label, title and rows (each cell as its text)."""

    id: str
    label: str
    title: str
    columns: list[str]
    headers: list[str]
    rows: list[list[str]]


def cell_text(value: Any, column: str) -> str:
    """A cell as a public output writes it: scores with two decimals, ranks as integers."""
    if value is None:
        return ""
    try:
        if isinstance(value, float) and math.isnan(value):
            return ""
    except TypeError:  # pragma: no cover
        pass
    import pandas as pd

    if value is pd.NA or value is pd.NaT:
        return ""
    if column == "score":
        return f"{float(value):.2f}"
    if column == "rank":
        return str(int(value))
    return str(value)


def public_columns(frame: pd.DataFrame) -> list[str]:
    """PUBLIC_COLUMNS that the frame has (``post`` only when some cadre has one)."""
    columns = [c for c in PUBLIC_COLUMNS if c in frame.columns]
    if "post" in columns and not frame["post"].notna().any():
        columns.remove("post")
    return columns


def track_title(result: Result, tid: str, label: str, lang: str) -> str:
    """``乡镇党政正职 · 2025 年度 · 参评 24 人 · 优秀名额 6 个`` (counts of the whole track)."""
    groups = result.groups
    mine = groups[groups["track"].astype(str) == tid] if "track" in groups else groups[:0]
    n = int(mine["n"].fillna(0).sum()) if "n" in mine else 0
    slots = int(mine["slots"].fillna(0).sum()) if "slots" in mine else 0
    if lang == "en":
        return f"{label} · {result.year} · {n} graded · {slots} excellent slot(s)"
    return (
        f"{label} · {result.year} 年度 · 参评 {n} 人 · {quota_grade(result.rules)}名额 {slots} 个"
    )


def public_tracks(result: Result, lang: str = "zh") -> list[PublicTrack]:
    """Each track of the result, its cadres in rank order, only the public columns."""
    frame = cadre_frame(result)
    columns = public_columns(frame)
    heads = [header(c, lang) for c in columns]
    tracks = []
    for tid, label in track_order(result):
        part = frame.loc[frame["track"].astype(str) == tid, columns]
        rows = [
            [cell_text(v, c) for v, c in zip(record, columns, strict=True)]
            for record in part.itertuples(index=False, name=None)
        ]
        title = track_title(result, tid, label, lang)
        tracks.append(PublicTrack(tid, label, title, columns, heads, rows))
    return tracks


def public_summary(result: Result, lang: str = "zh") -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the per-track counts: label, graded, each grade, slots, awarded."""
    summary = track_summary(result)
    grades = [g for g in result_grades(result) if g in summary.columns]
    columns = [PUBLIC_SUMMARY[0], PUBLIC_SUMMARY[1], *grades, *PUBLIC_SUMMARY[2:]]
    quota = quota_grade(result.rules)
    heads = [c if c in grades else header(c, lang, GROUP_LABELS, quota) for c in columns]
    rows = [[str(v) for v in record] for record in summary[columns].itertuples(index=False)]
    return heads, rows


# ---------------------------------------------------------------------------- workbook


def write_public_workbook(result: Result, path: Path | str, *, lang: str = "zh") -> None:
    """The public list as a workbook to print or post: 汇总 (the counts), then one sheet per
    track (title row, then 排名 姓名 单位 职务 综合得分 等次), A4 portrait, one page wide,
    title and header rows repeated on every page, page numbers; every cell written as text
    or a number, never a formula."""
    import xlsxwriter

    from cadrekit.io.write import scratch_dir
    from cadrekit.render.workbook.cells import safe_sheet_name

    options: dict[str, object] = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "tmpdir": scratch_dir(),  # ours: removed on every exit path
    }
    book = xlsxwriter.Workbook(str(path), options)
    formats = _formats(book, result_grades(result))
    en = lang == "en"
    used = {"summary" if en else "汇总"}
    heads, rows = public_summary(result, lang)
    heading = f"Results {result.year}" if en else f"{result.year} 年度考核结果汇总"
    ws = _sheet(book, formats, "summary" if en else "汇总", heading, heads, _widths(heads, rows))
    for r, row in enumerate(rows, start=2):
        ws.write_string(r, 0, row[0], formats["text"])
        for c, value in enumerate(row[1:], start=1):
            ws.write_number(r, c, int(value), formats["integer"])
    for track in public_tracks(result, lang):
        name = safe_sheet_name(track.label, used)
        widths = _widths(track.headers, track.rows)
        ws = _sheet(book, formats, name, track.title, track.headers, widths)
        _write_track(ws, track, formats)
    book.close()


def _formats(book: Any, grades: list[str]) -> dict[str, Any]:
    """The cell formats (宋体 11): title, head, text, number, integer, and one per grade
    (``grade:<name>``) in the workbook's grade colours."""
    from cadrekit.render.workbook.cells import GRADE_COLOURS

    base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
    formats = {
        "title": book.add_format({**base, "bold": True, "font_size": 14}),
        "head": book.add_format({**base, "bold": True, "border": 1, "bg_color": "#D9D9D9"}),
        "text": book.add_format({**base, "border": 1}),
        "number": book.add_format({**base, "border": 1, "num_format": "0.00"}),
        "integer": book.add_format({**base, "border": 1, "num_format": "0"}),
    }
    for g, (bg, fg) in zip(grades, _cycle(GRADE_COLOURS, len(grades)), strict=True):
        formats[f"grade:{g}"] = book.add_format(
            {**base, "border": 1, "bg_color": bg, "font_color": fg}
        )
    return formats


def _widths(heads: list[str], rows: list[list[str]]) -> list[int]:
    from cadrekit.render.workbook.cells import display_width

    return [max([display_width(r[i]) for r in rows] or [4]) for i in range(len(heads))]


def _sheet(
    book: Any, formats: dict[str, Any], name: str, heading: str, heads: list[str], widths: list[int]
) -> Any:
    """A sheet to print: A4 portrait, one page wide, title and header rows on every page."""
    from cadrekit.render.workbook.cells import display_width

    ws = book.add_worksheet(name)
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, 1)
    ws.set_footer("&C&P / &N")
    ws.write_string(0, 0, heading, formats["title"])
    for c, (text_, width) in enumerate(zip(heads, widths, strict=True)):
        ws.write_string(1, c, text_, formats["head"])
        ws.set_column(c, c, max(width, display_width(text_)) + 2)
    ws.freeze_panes(2, 0)
    return ws


def _write_track(ws: Any, track: PublicTrack, formats: dict[str, Any]) -> None:
    """The track's cadres below the header row: scores and ranks as numbers."""
    for r, row in enumerate(track.rows, start=2):
        for c, (value, column) in enumerate(zip(row, track.columns, strict=True)):
            if column == "score" and value:
                ws.write_number(r, c, float(value), formats["number"])
            elif column == "rank" and value:
                ws.write_number(r, c, int(value), formats["integer"])
            elif column == "grade":
                ws.write_string(r, c, value, formats.get(f"grade:{value}", formats["text"]))
            else:
                ws.write_string(r, c, value, formats["text"])


def _cycle(colours: tuple[tuple[str, str], ...], n: int) -> list[tuple[str, str]]:
    """The grade colours for ``n`` grades: the last colour for any grade past the fifth."""
    return [colours[min(i, len(colours) - 1)] for i in range(n)]
