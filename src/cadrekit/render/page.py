"""The results as one self-contained HTML page (``score -o 结果.html``), to read and publish.

One file, nothing fetched when it is viewed: the stylesheet and the script are written
into the page, the charts are SVG drawn here (no chart library, no CDN). The page has
the summary (grade counts against the quota per track, and a chart), then a ranked table
per track with its own chart; a header click sorts a table, a text box and a unit list
filter every table (also from the address: ``结果.html#unit=城关镇&q=张&sort=score&dir=desc``),
and a print stylesheet lays it out on A4.

It is built from Jinja2 templates (``render/templates``) with autoescaping on: names,
units and reasons are text, never markup. ``public=True`` writes only what may be
published (:mod:`cadrekit.render.public`): rank, name, unit, post, score and grade. The
full page adds the id, the components, the limit and its reason, and the flags in words;
it never holds a 身份证号 or a birth date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit import __version__
from cadrekit.render.frame import (
    SCORE_COLUMNS,
    cadre_frame,
    result_grades,
    track_order,
    track_summary,
)
from cadrekit.render.labels import GROUP_LABELS, flag_name, header, quota_grade
from cadrekit.render.public import cell_text, public_summary, public_tracks, track_title
from cadrekit.render.slots import slot_notes
from cadrekit.render.workbook.cells import (
    GRADE_COLOURS,  # the page colours grades as the workbook does
)

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

    from cadrekit.models.result import Result

#: The full page's per-track columns (those the result has), in this order.
FULL_COLUMNS = (
    "rank",
    "id",
    "name",
    "unit",
    "post",
    "performance",
    "votes_score",
    "quarterly_score",
    "bonus",
    "deduction",
    "score",
    "grade",
    "limit",
    "limit_reason",
    "flags",
)
NUMERIC = {"rank", *SCORE_COLUMNS}
WRAPPED = {"limit_reason", "flags"}
# the rule path after each of a limit's reasons (``… [limits.votes[0]]；…``): kept in the
# workbook's detail sheet and JSON, left out of the page as out of every table
_RULE_PATH = re.compile(r"\s*\[[\w.\[\]-]+\](?=；|;|$)")


@dataclass(frozen=True)
class Cell:
    text: str
    sort: str | None = None  # the number a numeric column sorts by ("" when empty)
    grade: int | None = None  # position of the grade in the rules (its colour)


@dataclass(frozen=True)
class Row:
    unit: str
    cells: list[Cell]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    numeric: bool

    @property
    def wrap(self) -> bool:
        """Long text (a limit's reason, flags) wraps; every other cell stays on one line."""
        return self.key in WRAPPED


@dataclass(frozen=True)
class Bar:
    """One rectangle of a chart, with its count written on it when it is wide enough."""

    x: float
    y: float
    width: float
    height: float
    grade: int
    name: str
    count: int
    label: bool


@dataclass(frozen=True)
class Label:
    """A text of a chart: ``anchor`` is SVG's text-anchor (start, middle, end)."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    kind: str = ""  # a CSS class: "axis" under the columns


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    labels: list[Label]


@dataclass(frozen=True)
class Track:
    id: str
    anchor: str
    label: str
    title: str
    columns: list[Column]
    rows: list[Row]
    chart: Chart


# ------------------------------------------------------------------------------ cells


def _grade_index(grades: list[str]) -> dict[str, int]:
    return {g: min(i, len(GRADE_COLOURS) - 1) for i, g in enumerate(grades)}


def _full_text(value: Any, column: str, lang: str) -> str:
    if column == "flags":
        codes = value if isinstance(value, list | tuple) else []
        return "、".join(flag_name(str(c), lang) for c in codes if str(c))
    if isinstance(value, list | tuple):  # pragma: no cover - no other list column
        return "、".join(str(v) for v in value)
    if column == "limit_reason":
        return _RULE_PATH.sub("", cell_text(value, column))
    if column in SCORE_COLUMNS:
        return cell_text(value, "score")
    return cell_text(value, column)


def _cell(text: str, column: str, grades: dict[str, int]) -> Cell:
    if column in NUMERIC:
        return Cell(text, sort=text)
    if column == "grade":
        return Cell(text, grade=grades.get(text))
    return Cell(text)


def _full_tracks(result: Result, lang: str, grades: dict[str, int]) -> list[Track]:
    frame = cadre_frame(result)
    keys = [c for c in FULL_COLUMNS if c in frame.columns]
    if "post" in keys and not frame["post"].notna().any():
        keys.remove("post")
    quota = quota_grade(result.rules)
    columns = [Column(k, header(k, lang, grade=quota), k in NUMERIC) for k in keys]
    unit_at = keys.index("unit") if "unit" in keys else None
    tracks = []
    positions = frame["track"].astype(str).to_numpy()
    for number, (tid, label) in enumerate(track_order(result)):
        part = frame.loc[positions == tid, keys]
        rows = []
        for record in part.itertuples(index=False, name=None):
            cells = [
                _cell(_full_text(v, k, lang), k, grades) for v, k in zip(record, keys, strict=True)
            ]
            rows.append(Row(cells[unit_at].text if unit_at is not None else "", cells))
        title = track_title(result, tid, label, lang)
        chart = track_chart(result, tid, lang, grades)
        tracks.append(Track(tid, f"track-{number + 1}", label, title, columns, rows, chart))
    return tracks


def _public_tracks(result: Result, lang: str, grades: dict[str, int]) -> list[Track]:
    tracks = []
    for number, track in enumerate(public_tracks(result, lang)):
        columns = [
            Column(k, h, k in NUMERIC) for k, h in zip(track.columns, track.headers, strict=True)
        ]
        unit_at = track.columns.index("unit") if "unit" in track.columns else None
        rows = [
            Row(
                row[unit_at] if unit_at is not None else "",
                [_cell(t, k, grades) for t, k in zip(row, track.columns, strict=True)],
            )
            for row in track.rows
        ]
        chart = track_chart(result, track.id, lang, grades)
        tracks.append(
            Track(track.id, f"track-{number + 1}", track.label, track.title, columns, rows, chart)
        )
    return tracks


# ----------------------------------------------------------------------------- charts


def summary_chart(result: Result, lang: str, grades: dict[str, int]) -> Chart:
    """One horizontal bar per track, split by grade, on one scale (the largest track's size)."""
    summary = track_summary(result)
    names = [g for g in result_grades(result) if g in summary.columns]
    left, right, row_h, gap, top = 190, 60, 26, 10, 40
    width = 960
    span = width - left - right
    most = max([sum(int(r[g]) for g in names) for _, r in summary.iterrows()] or [0]) or 1
    bars: list[Bar] = []
    labels: list[Label] = []
    # the legend: a swatch and the grade's name per grade, on the top line
    x = float(left)
    for name in names:
        bars.append(Bar(x, 8, 14, 14, grades.get(name, 4), name, 0, False))
        labels.append(Label(x + 20, 20, name))
        x += 28 + 14 * len(name)
    for i, (_, row) in enumerate(summary.iterrows()):
        y = top + i * (row_h + gap)
        labels.append(Label(left - 8, y + row_h / 2 + 5, str(row["track_label"]), "end"))
        x = float(left)
        total = 0
        for name in names:
            count = int(row[name])
            total += count
            if not count:
                continue
            w = span * count / most
            bars.append(Bar(round(x, 2), y, round(w, 2), row_h, grades[name], name, count, w >= 22))
            x += w
        labels.append(Label(round(x + 6, 2), y + row_h / 2 + 5, str(total)))
    height = top + len(summary) * (row_h + gap)
    title = "Grade distribution per track" if lang == "en" else "各考核序列等次分布"
    return Chart(title, width, height, bars, labels)


def track_chart(result: Result, tid: str, lang: str, grades: dict[str, int]) -> Chart:
    """A column per grade of one track (its whole quota groups), the count above it."""
    summary = track_summary(result)
    names = [g for g in result_grades(result) if g in summary.columns]
    mine = summary[summary["track"].astype(str) == tid]
    counts = [int(mine[g].sum()) for g in names]
    width, height, bottom, top, col_w, gap = 100 + 90 * len(names), 150, 30, 22, 56, 34
    most = max(counts or [0]) or 1
    span = height - bottom - top
    bars: list[Bar] = []
    labels: list[Label] = []
    for i, (name, count) in enumerate(zip(names, counts, strict=True)):
        x = 40 + i * (col_w + gap)
        h = span * count / most
        y = height - bottom - h
        bars.append(Bar(x, round(y, 2), col_w, round(h, 2), grades[name], name, count, False))
        labels.append(Label(x + col_w / 2, round(y - 6, 2), str(count), "middle"))
        labels.append(Label(x + col_w / 2, height - 10, name, "middle", "axis"))
    title = "Grades" if lang == "en" else "等次分布"
    return Chart(title, width, height, bars, labels)


# ---------------------------------------------------------------------------- the page


@cache
def environment() -> jinja2.Environment:
    """The templates of ``render/templates``, autoescaped, an unknown name an error."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("cadrekit.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def context(
    result: Result,
    *,
    lang: str = "zh",
    public: bool = False,
    generated_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Everything the template shows (tests read it to know what the page holds)."""
    en = lang == "en"
    grades = _grade_index(result_grades(result))
    tracks = (_public_tracks if public else _full_tracks)(result, lang, grades)
    if public:
        summary_heads, summary_rows = public_summary(result, lang)
    else:
        summary_heads, summary_rows = _summary(result, lang)
    units = list(dict.fromkeys(r.unit for t in tracks for r in t.rows if r.unit))
    shown = sum(len(t.rows) for t in tracks)
    origin = str(result.meta.get("rules_origin", ""))
    when = generated_at or dt.datetime.now()
    if en:
        title = f"Cadre assessment {result.year}" + (" · public list" if public else "")
    else:
        title = f"{result.year} 年度干部考核结果" + ("（公开名单）" if public else "")
    return {
        "lang": "en" if en else "zh-CN",
        "en": en,
        "public": public,
        "title": title,
        "year": result.year,
        "cadres": shown,
        "rules": Path(origin).name if public else origin,
        "input": "" if public else str(result.meta.get("input_name", "")),
        "generated": when.strftime("%Y-%m-%d") if public else when.strftime("%Y-%m-%d %H:%M"),
        "version": __version__,
        "summary_heads": summary_heads,
        "summary_rows": summary_rows,
        "summary_grades": [grades.get(h) for h in summary_heads],
        "slot_notes": slot_notes(result, lang),
        "chart": summary_chart(result, lang, grades),
        "tracks": tracks,
        "units": units,
        "grade_colours": GRADE_COLOURS,
    }


def _summary(result: Result, lang: str) -> tuple[list[str], list[list[str]]]:
    summary = track_summary(result).drop(columns=["track"])
    grades = result_grades(result)
    quota = quota_grade(result.rules)
    heads = [c if c in grades else header(c, lang, GROUP_LABELS, quota) for c in summary.columns]
    rows = [[str(v) for v in record] for record in summary.itertuples(index=False)]
    return heads, rows


def render_html(
    result: Result,
    *,
    lang: str = "zh",
    public: bool = False,
    generated_at: dt.datetime | None = None,
) -> str:
    """The page as text."""
    data = context(result, lang=lang, public=public, generated_at=generated_at)
    return environment().get_template("report.html").render(**data)


def write_html(
    result: Result,
    path: Path,
    *,
    inputs: tuple[Path, ...] | list[Path] = (),
    force: bool = False,
    lang: str = "zh",
    public: bool = False,
    generated_at: dt.datetime | None = None,
) -> None:
    """Write the page to ``path`` atomically (UTF-8, never over an input)."""
    from cadrekit.io.write import atomic_output

    text = render_html(result, lang=lang, public=public, generated_at=generated_at)
    with atomic_output(
        path, inputs=inputs, force=force, mode="w", encoding="utf-8", newline="\n"
    ) as fh:
        fh.write(text)
