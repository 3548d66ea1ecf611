"""The results workbook (xlsxwriter): to print, publish (晒实绩) and archive.

Sheets: 汇总 (per track: size, grade counts, 优秀 quota, unused slots, ties, and a chart),
one ranked sheet per track, 明细 (every component, the limit and the audit trail of each
cadre), 标记 (flags), 问题 (problems), 规则 (the rule file, one line per row) and 关于
(version, file hashes, year, time of writing).

Every text goes through ``write_string`` and the workbook is opened with
``strings_to_formulas=False``, so a name such as ``=1+1`` stays text. The workbook is
written in ``constant_memory`` mode, which holds one row at a time: every sheet is
therefore written strictly row by row, top to bottom (never with ``pandas.to_excel``,
which writes column by column and loses data in that mode).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xlsxwriter

from cadrekit import __version__
from cadrekit.models.result import RESULT_COLUMNS
from cadrekit.render.frame import (
    ENGINE_COLUMNS,
    SCORE_COLUMNS,
    cadre_frame,
    result_grades,
    track_order,
    track_summary,
)
from cadrekit.render.labels import (
    ABOUT_LABELS,
    AUDIT_LABELS,
    AUDIT_LAYERS_ZH,
    AUDIT_OUTCOMES_ZH,
    FLAG_LABELS,
    GROUP_LABELS,
    PROBLEM_LABELS,
    flag_meaning,
    flag_name,
    group_label,
    headers,
    quota_grade,
    readable,
    severity_label,
    sheet_name,
)

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from cadrekit.models.result import Result

EXCEL_MAX_ROWS = 1_048_576
# Fill and font of the 1st, 2nd, … grade of the rules (优秀, 称职, 基本称职, 不称职, 不定等次).
GRADE_COLOURS = (
    ("#C6EFCE", "#006100"),
    ("#DDEBF7", "#1F4E78"),
    ("#FFEB9C", "#9C5700"),
    ("#FFC7CE", "#9C0006"),
    ("#EDEDED", "#595959"),
)
YES_NO = {"zh": ("是", "否"), "en": ("TRUE", "FALSE")}
INT_COLUMNS = ("rank", "good_quarters", "n", "size", "slots", "excellent", "unfilled", "ties")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)

Writer = Callable[[int, int, Any, "Format | None"], Any]


def display_width(text: str) -> int:
    """Width in spreadsheet character cells: a Chinese character counts as 2."""
    return len(text) + len(_WIDE.findall(text))


def safe_sheet_name(label: str, used: set[str]) -> str:
    """A legal, unique sheet name: no []:*?/\\, not quoted, at most 31 characters."""
    name = _BAD_SHEET_CHARS.sub("_", label).strip("'").strip() or "sheet"
    name = name[:31]
    base, n = name, 2
    while name.lower() in used:
        suffix = f"~{n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


class _Book:
    """The workbook and its formats."""

    def __init__(self, path: Path | str, lang: str, grades: list[str]) -> None:
        self.lang = lang
        self.grades = grades
        # Yes/no as text in one spelling per language (never a mix of text and booleans).
        self.yes_no = YES_NO.get(lang, YES_NO["zh"])
        self.wb = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_date_format": "yyyy-mm-dd",
            },
        )
        add = self.wb.add_format
        self.head = add(
            {
                "bold": True,
                "bg_color": "#D9D9D9",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.title = add({"bold": True, "font_size": 12})
        self.score = add({"num_format": "0.00"})
        self.integer = add({"num_format": "0"})
        self.date = add({"num_format": "yyyy-mm-dd"})
        self.audit = add({"font_color": "#595959"})
        self.grade_formats = [add({"bg_color": bg, "font_color": fg}) for bg, fg in GRADE_COLOURS]

    def grade_format(self, grade: Any) -> Format | None:
        try:
            position = self.grades.index(str(grade))
        except ValueError:
            return None
        return self.grade_formats[min(position, len(self.grade_formats) - 1)]

    def sheet(self, name: str) -> Worksheet:
        ws = self.wb.add_worksheet(name)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # fit to width, as many pages down as needed
        ws.repeat_rows(0)
        ws.set_footer("&C&P / &N")
        return ws

    # ------------------------------------------------------------------------- cells

    def column(self, name: str, series: pd.Series) -> _Column:
        """One column's cells, typed once: how to write them and the values (None: blank)."""
        if name in SCORE_COLUMNS:
            return _Column("number", _numbers(series), self.score)
        kind = pd.api.types.infer_dtype(series, skipna=True)
        if name == "grade" and kind in ("string", "empty"):
            return _Column("grade", _texts(series), None)
        if kind in ("string", "empty"):
            return _Column("text", _texts(series), None)
        if kind == "boolean":
            return _Column("text", _words(series, self.yes_no), None)
        if kind == "integer" or (name in INT_COLUMNS and kind in _NUMERIC):
            return _Column("number", _numbers(series), self.integer)
        if kind in _NUMERIC:
            return _Column("number", _numbers(series), None)
        if kind in ("datetime64", "datetime", "date"):
            serials = _serials(series)
            if serials is not None:
                return _Column("number", serials, self.date)
        return _Column("cell", _objects(series), None)

    def columns(self, frame: pd.DataFrame) -> list[_Column]:
        return [self.column(str(c), frame[c]) for c in frame.columns]

    def writers(self, ws: Worksheet, columns: Sequence[_Column]) -> list[Writer]:
        """The bound write method of each column (chosen once per column, never per cell)."""
        grade_formats = {g: self.grade_format(g) for g in self.grades}

        def grade(r: int, c: int, v: str, _fmt: Format | None) -> None:
            ws.write_string(r, c, v, grade_formats.get(v))

        def cell(r: int, c: int, v: Any, _fmt: Format | None) -> None:
            self._any(ws, r, c, v)

        by_kind: dict[str, Writer] = {
            "text": ws.write_string,
            "number": ws.write_number,
            "grade": grade,
            "cell": cell,
        }
        return [by_kind[column.kind] for column in columns]

    def rows(
        self,
        ws: Worksheet,
        columns: Sequence[_Column],
        first_row: int,
        *,
        outline: Sequence[bool] | None = None,
    ) -> int:
        """Write the columns' cells row by row below ``first_row``; return the last row.

        ``outline`` marks rows written one level down (grouped, in the audit format).
        """
        writers = self.writers(ws, columns)
        formats = [column.fmt for column in columns]
        cells = [column.values.tolist() for column in columns]
        row = first_row
        if outline is None:
            for row, values in enumerate(zip(*cells, strict=True), start=first_row + 1):
                for c, v in enumerate(values):
                    if v is not None:
                        writers[c](row, c, v, formats[c])
            return row
        level = {"level": 1}
        for row, (down, values) in enumerate(
            zip(outline, zip(*cells, strict=True), strict=True), start=first_row + 1
        ):
            if down:
                ws.set_row(row, None, self.audit, level)
            for c, v in enumerate(values):
                if v is not None:
                    writers[c](row, c, v, formats[c])
        return row

    def _any(self, ws: Worksheet, r: int, c: int, v: Any) -> None:
        """A cell of a mixed column (rare: the audit values, the about sheet)."""
        if v is None or v is pd.NA or v is pd.NaT:
            return
        if isinstance(v, str):
            if v:
                ws.write_string(r, c, v)
        elif isinstance(v, bool):
            ws.write_string(r, c, self.yes_no[0 if v else 1])
        elif isinstance(v, int | float):
            if not (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
                ws.write_number(r, c, v)
        elif isinstance(v, dt.datetime):
            ws.write_datetime(r, c, v.replace(tzinfo=None), self.date)
        elif isinstance(v, dt.date):
            ws.write_datetime(r, c, v, self.date)
        elif isinstance(v, list | tuple):
            ws.write_string(r, c, ";".join(str(x) for x in v))
        elif hasattr(v, "tolist"):
            self._any(ws, r, c, v.tolist())
        else:
            ws.write_string(r, c, str(v))

    # ------------------------------------------------------------------------ tables

    def table(
        self,
        ws: Worksheet,
        frame: pd.DataFrame,
        labels: Sequence[str],
        *,
        first_row: int = 0,
        freeze_columns: int = 0,
        filter: bool = True,
        head_formats: Sequence[Format | None] = (),
        columns: Sequence[_Column] | None = None,
    ) -> int:
        """Write ``frame`` under a header row from ``first_row``; return the next free row."""
        for c, label in enumerate(labels):
            fmt = head_formats[c] if c < len(head_formats) else None
            ws.write_string(first_row, c, str(label), fmt or self.head)
        columns = self.columns(frame) if columns is None else columns
        row = self.rows(ws, columns, first_row)
        if first_row == 0:
            ws.freeze_panes(1, freeze_columns)
        if filter and len(labels):
            ws.autofilter(first_row, 0, max(row, first_row), len(labels) - 1)
        return row + 1

    def widths(
        self,
        ws: Worksheet,
        frame: pd.DataFrame,
        labels: Sequence[str],
        columns: Sequence[_Column] | None = None,
    ) -> None:
        """Column widths that fit Chinese text (a sample of rows is enough to judge)."""
        columns = self.columns(frame.head(2000)) if columns is None else columns
        for c, (column, label) in enumerate(zip(columns, labels, strict=True)):
            width = max(display_width(str(label)), column.width())
            if column.fmt is self.score:
                width = max(width, 8)
            ws.set_column(c, c, min(max(width + 2, 6), 60))


_NUMERIC = ("integer", "floating", "mixed-integer-float", "decimal")


@dataclasses.dataclass(slots=True)
class _Column:
    """A column ready to write: its kind (text, number, grade or cell), values, format."""

    kind: str
    values: np.ndarray  # object array; None is a blank cell
    fmt: Format | None

    def take(self, positions: np.ndarray) -> _Column:
        return _Column(self.kind, self.values[positions], self.fmt)

    def is_empty(self) -> bool:
        return not any(v is not None for v in self.values.tolist())

    def width(self, sample: int = 2000) -> int:
        """Display width of the widest of the first ``sample`` cells, as shown."""
        seen = {v for v in self.values[:sample].tolist() if v is not None and not _unhashable(v)}
        if not seen:
            return 0
        if self.kind == "number":
            if self.fmt is not None and self.fmt.num_format == "yyyy-mm-dd":
                return 10
            if self.fmt is not None and self.fmt.num_format == "0":
                return max(len(f"{v:.0f}") for v in seen)
            return max(len(f"{v:.2f}") for v in seen)
        return max(display_width(_text_of(v)) for v in seen)


def _unhashable(value: Any) -> bool:
    return isinstance(value, list | dict | np.ndarray)


def _numbers(series: pd.Series) -> np.ndarray:
    """Finite numbers as Python floats; NaN, ±inf, NA and non-numbers as None."""
    numbers = pd.to_numeric(series, errors="coerce")
    array = numbers.to_numpy(dtype="float64", na_value=np.nan)
    values = array.astype(object)
    values[~np.isfinite(array)] = None
    return values


def _texts(series: pd.Series) -> np.ndarray:
    """Text cells; missing and empty text as None."""
    values = _objects(series)
    values[values == ""] = None
    return values


def _words(series: pd.Series, words: tuple[str, str]) -> np.ndarray:
    """Booleans as yes/no words; missing as None."""
    yes, no = words
    values = _objects(series)
    return np.array(
        [None if v is None else yes if v else no for v in values.tolist()], dtype=object
    )


def _serials(series: pd.Series) -> np.ndarray | None:
    """Dates as Excel serial numbers (as ``write_datetime`` computes them), or None if some
    value is not a date pandas can hold (the column is then written cell by cell)."""
    try:
        stamps = pd.to_datetime(series, errors="coerce")
    except (TypeError, ValueError, OverflowError):
        return None
    if stamps.isna().sum() != series.isna().sum():
        return None
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    days = (stamps - pd.Timestamp(1899, 12, 31)) / pd.Timedelta(days=1)
    array = days.to_numpy(dtype="float64", na_value=np.nan)
    array = np.where(array > 59, array + 1, array)  # Excel's 1900 leap day, as xlsxwriter does
    values = array.astype(object)
    values[np.isnan(array)] = None
    return values


def _objects(series: pd.Series) -> np.ndarray:
    values = series.to_numpy(dtype=object).copy()
    values[pd.isna(values)] = None  # scalars only: a list is a value
    return values


def _text_of(value: Any) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, dt.datetime | dt.date):
        return "2000-01-01"
    return str(value)


def _flags_text(frame: pd.DataFrame) -> pd.DataFrame:
    if "flags" in frame.columns:
        frame = frame.copy()
        frame["flags"] = frame["flags"].map(
            lambda v: ";".join(str(x) for x in v) if isinstance(v, list | tuple) else v
        )
    return frame


def _labels(result: Result) -> dict[str, str]:
    return {t.id: t.label for t in result.rules.tracks}  # hand-built rules too


def _in_words(frame: pd.DataFrame, result: Result, lang: str) -> pd.DataFrame:
    """For people reading Chinese: tracks and quota groups by their labels (一般干部（城关镇）),
    flags by their names (记三等功). The CSV and JSON keep the ids and codes."""
    if lang != "zh":
        return frame
    out = frame.copy(deep=False)  # whole columns are replaced, never written into
    tracks = _labels(result)
    for column in ("track", "quota_group"):
        if column in out.columns:
            names = {g: group_label(g, tracks) for g in out[column].dropna().astype(str).unique()}
            out[column] = out[column].map(lambda v, n=names: n.get(v, v)).astype(object)
    if "flags" in out.columns:
        out["flags"] = out["flags"].map(_flag_names)
    return out


def _flag_names(value: Any) -> Any:
    """Flag codes (a list, or joined with ";" by _flags_text) as their Chinese names."""
    if isinstance(value, str):
        return ";".join(flag_name(code) for code in value.split(";")) if value else value
    if isinstance(value, list | tuple):
        return [flag_name(str(code)) for code in value]
    return value


def _audit_in_words(audit: pd.DataFrame, result: Result, lang: str) -> pd.DataFrame:
    """The audit trail for people reading Chinese: layers in Chinese (赛道, 等次 …) and, in
    the layers that hold them, track, quota group and flag codes by their names."""
    if lang != "zh" or not len(audit) or "layer" not in audit.columns:
        return audit
    out = audit.copy()
    tracks = _labels(result)
    coded = out["layer"].isin(["tracks", "grade", "flags"]).to_numpy()
    for column in ("value", "reason"):
        if column in out.columns:
            words = out.loc[coded, column].map(
                lambda v: readable(v, tracks) if isinstance(v, str) else v
            )
            out[column] = out[column].astype(object)
            out.loc[coded, column] = words.astype(object)
    out["layer"] = out["layer"].map(lambda v: AUDIT_LAYERS_ZH.get(str(v), v)).astype(object)
    if "outcome" in out.columns:  # the engine's typed outcome in words: 计入 / 不计入 / 超上限
        out["outcome"] = out["outcome"].map(lambda v: AUDIT_OUTCOMES_ZH.get(v, v)).astype(object)
    return out


# ---------------------------------------------------------------------------- sheets


def _summary_sheet(book: _Book, result: Result, name: str) -> None:
    ws = book.sheet(name)
    lang = book.lang
    summary = track_summary(result).drop(columns=["track"])
    grades = [g for g in result_grades(result) if g in summary.columns]
    quota = quota_grade(result.rules)
    labels = [
        c if c in grades else headers([c], lang, GROUP_LABELS, quota)[0] for c in summary.columns
    ]
    # grade headers coloured like the grade cells
    head_formats = [book.grade_format(c) if c in grades else None for c in summary.columns]
    book.widths(ws, summary, labels)
    next_row = book.table(ws, summary, labels, filter=False, head_formats=head_formats)
    groups = _flags_text(_in_words(result.groups.reset_index(drop=True), result, lang))
    title = "Quota groups" if lang == "en" else "比例计算范围明细"
    group_row = next_row + 1
    ws.write_string(group_row, 0, title, book.title)
    group_labels = [
        str(c) if str(c) in grades else headers([str(c)], lang, GROUP_LABELS, quota)[0]
        for c in groups.columns
    ]
    end = book.table(ws, groups, group_labels, first_row=group_row + 1, filter=False)
    if len(summary) and grades:
        _chart(book, ws, name, summary, grades, end + 1)


def _chart(
    book: _Book, ws: Worksheet, name: str, summary: pd.DataFrame, grades: list[str], row: int
) -> None:
    chart = book.wb.add_chart({"type": "column"})
    last = len(summary)
    label_col = summary.columns.get_loc("track_label")
    for i, grade in enumerate(grades):
        col = summary.columns.get_loc(grade)
        bg, _ = GRADE_COLOURS[min(i, len(GRADE_COLOURS) - 1)]
        chart.add_series(
            {
                "name": [name, 0, col],
                "categories": [name, 1, label_col, last, label_col],
                "values": [name, 1, col, last, col],
                "fill": {"color": bg},
                "border": {"color": "#7F7F7F"},
            }
        )
    chart.set_title({"name": "Grade distribution" if book.lang == "en" else "各考核序列等次分布"})
    chart.set_y_axis({"name": "cadres" if book.lang == "en" else "人数"})
    chart.set_size({"width": 760, "height": 360})
    ws.insert_chart(row, 0, chart)


def _track_sheets(book: _Book, result: Result, frame: pd.DataFrame, used: set[str]) -> None:
    """One ranked sheet per track; input columns empty for the whole track are left out
    (another track's indicators), the engine's columns always stay."""
    names = [str(c) for c in frame.columns]
    labels = headers(names, book.lang, grade=quota_grade(result.rules))
    freeze = 2 if names[:2] == ["id", "name"] else 0
    always = {*RESULT_COLUMNS, *ENGINE_COLUMNS}
    tracks = frame["track"].astype(str).to_numpy()
    columns = book.columns(_in_words(frame, result, book.lang))
    for tid, label in track_order(result):
        positions = np.flatnonzero(tracks == tid)
        part = [column.take(positions) for column in columns]
        keep = [i for i, col in enumerate(part) if names[i] in always or not col.is_empty()]
        part = [part[i] for i in keep]
        shown = [labels[i] for i in keep]
        ws = book.sheet(safe_sheet_name(label, used))
        book.widths(ws, frame, shown, part)
        book.table(ws, frame, shown, freeze_columns=freeze, columns=part)


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


def _detail_sheet(book: _Book, result: Result, frame: pd.DataFrame, name: str) -> str | None:
    """Each cadre's components, then (grouped below it) the cadre's audit rows.

    Returns a note when the audit trail does not fit in one sheet and was left out.
    """
    ws = book.sheet(name)
    lang = book.lang
    names = [c for c in DETAIL_COLUMNS if c in frame.columns]
    cadres = book.columns(frame[names])
    audit = _audit_in_words(result.audit, result, lang)
    with_audit = (
        len(audit) > 0
        and "cadre_id" in audit.columns
        and len(frame) + len(audit) + 1 <= EXCEL_MAX_ROWS
    )
    labels = headers(names, lang, grade=quota_grade(result.rules))
    book.widths(ws, frame, labels, cadres)
    columns, outline = cadres, None
    if with_audit:
        present = [c for c in AUDIT_DETAIL if c in audit.columns]
        labels += [headers([c], lang, AUDIT_LABELS)[0] for c in present]
        first = len(names)
        for c, width in enumerate((12, 28, 14, 50, 10)[: len(present)]):
            ws.set_column(first + c, first + c, width)
        columns, outline = _with_audit(book, frame, cadres, audit, present)
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


def _with_audit(
    book: _Book,
    frame: pd.DataFrame,
    cadres: list[_Column],
    audit: pd.DataFrame,
    present: list[str],
) -> tuple[list[_Column], list[bool]]:
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
            below = _texts(trail["cadre_id"].astype(str))
            kind = "text" if kind == "text" else "cell"
        values = np.concatenate([column.values, below])[order]
        columns.append(_Column(kind, values, column.fmt))
    for name in present:
        entry = book.column(name, trail[name])
        columns.append(
            _Column(entry.kind, np.concatenate([blank_n, entry.values])[order], entry.fmt)
        )
    return columns, is_audit[order].tolist()


def _flags_sheet(book: _Book, frame: pd.DataFrame, name: str) -> None:
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


def _problems_sheet(book: _Book, result: Result, name: str, notes: list[str]) -> None:
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


def _rules_sheet(book: _Book, result: Result, name: str) -> None:
    ws = book.sheet(name)
    text = str(result.meta.get("rules_text") or "")
    ws.set_column(0, 0, 100)
    for row, line in enumerate(text.splitlines()):
        if line:
            ws.write_string(row, 0, line)


def _about_sheet(book: _Book, result: Result, name: str, generated_at: dt.datetime) -> None:
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


def write_workbook(
    result: Result,
    path: Path | str,
    *,
    lang: str = "zh",
    show_id_numbers: bool = False,
    generated_at: dt.datetime | None = None,
    extra_sheets: Sequence[tuple[str, pd.DataFrame]] = (),
) -> None:
    """Write the results workbook to ``path`` (a temporary path: the caller renames it).

    ``extra_sheets``: (name, frame) pairs added after the standard sheets (batch: 文件状态).
    """
    book = _Book(path, lang, result_grades(result))
    raw = cadre_frame(result, show_id_numbers=show_id_numbers)
    frame = _flags_text(raw)
    used = {
        sheet_name(key, lang).lower()
        for key in ("summary", "detail", "flags", "problems", "rules", "about")
    }
    _summary_sheet(book, result, sheet_name("summary", lang))
    _track_sheets(book, result, frame, used)
    note = _detail_sheet(book, result, frame, sheet_name("detail", lang))
    _flags_sheet(book, raw, sheet_name("flags", lang))
    _problems_sheet(book, result, sheet_name("problems", lang), [note] if note else [])
    _rules_sheet(book, result, sheet_name("rules", lang))
    _about_sheet(book, result, sheet_name("about", lang), generated_at or dt.datetime.now())
    _extra_sheets(book, extra_sheets, used)
    book.wb.close()


def _extra_sheets(book: _Book, sheets: Sequence[tuple[str, pd.DataFrame]], used: set[str]) -> None:
    """The caller's own sheets, through the generic frame writer (headers as given)."""
    from cadrekit.render.sheets import add_sheet

    for name, frame in sheets:
        add_sheet(book.wb, safe_sheet_name(name, used), frame)
