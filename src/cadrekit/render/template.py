"""The blank input workbook (``cadrekit template``), written from the row schema.

Every sheet of the input contract, headed from :mod:`cadrekit.models.rows` (Chinese
primary headers, or canonical English names), plus the indicator columns the rules name
on the roster. Each header carries a comment (what goes there, accepted values, an
example, the other accepted headers); fixed-value columns get a strict drop-down, columns
with common values a drop-down that allows other text; counts, scores and dates get
validation and formats; one example row per sheet is a valid input.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

from cadrekit.models.rows import ROW_MODELS, SHEET_NAMES
from cadrekit.render.width import display_width

if TYPE_CHECKING:  # pragma: no cover
    from pydantic.fields import FieldInfo

    from cadrekit.models.rules import RuleSet

Lang = Literal["zh", "en"]
Kind = Literal["text", "choice", "bool", "int", "number", "date", "indicator"]
DEFAULT_NAME = "干部考核模板.xlsx"
LAST_ROW = 1_048_575  # Excel's last row, 0-based
YES_NO = ("是", "否")
FONT_SIZE = 11  # 宋体 at 11 pt: a workbook to type in, not to print (carry draws the same)
_MONTH_COLUMNS = {"birth_date", "appointed_on"}  # usually written as year and month
_CREATED = dt.datetime(2025, 1, 1)  # fixed, so the same template is byte-identical


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template sheet and everything the workbook says about it."""

    name: str  # canonical name (or the indicator's header)
    header: str  # what the template writes: Chinese primary header, or ``name`` in English
    kind: Kind
    required: bool
    comment: str
    choices: tuple[str, ...] = ()
    strict: bool = True  # False: the drop-down suggests, other text is allowed
    bounds: tuple[float | None, float | None] = (None, None)
    example: Any = None


def sheet_name(kind: str, lang: Lang) -> str:
    return SHEET_NAMES[kind][0] if lang == "zh" else kind


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → ``X``."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _kind_of(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    inner = _unwrap(annotation)
    if get_origin(inner) is Literal:
        return "choice", tuple(str(a) for a in get_args(inner))
    if inner is bool:
        return "bool", YES_NO
    if inner is int:
        return "int", ()
    if inner is float:
        return "number", ()
    if inner is dt.date:
        return "date", ()
    return "text", ()


def _bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    lo = hi = None
    for m in info.metadata:
        lo = getattr(m, "ge", lo)
        hi = getattr(m, "le", hi)
    return lo, hi


def _extra(info: FieldInfo) -> dict[str, Any]:
    extra = info.json_schema_extra
    return dict(extra) if isinstance(extra, dict) else {}


def _comment(
    header: str,
    description: str,
    *,
    lang: Lang,
    required: bool,
    choices: tuple[str, ...] = (),
    strict: bool = True,
    example: Any = None,
    aliases: tuple[str, ...] = (),
    bounds: tuple[float | None, float | None] = (None, None),
    kind: Kind = "text",
) -> str:
    zh = lang == "zh"
    lines = [
        f"{header}（{'必填' if required else '选填'}）"
        if zh
        else f"{header} ({'required' if required else 'optional'})"
    ]
    if description:
        lines.append(description)
    if choices:
        joined = " / ".join(choices)
        if strict:
            lines.append(f"可选：{joined}" if zh else f"allowed: {joined}")
        else:
            lines.append(
                f"常用：{joined}（也可填写其他）" if zh else f"common: {joined} (others allowed)"
            )
    lo, hi = bounds
    if kind in ("int", "number", "indicator") and (lo is not None or hi is not None):
        span = f"{_num(lo) if lo is not None else ''}–{_num(hi) if hi is not None else ''}"
        noun = "整数" if kind == "int" else "数值"
        lines.append(
            f"{noun}，范围 {span}"
            if zh
            else f"{'whole number' if kind == 'int' else 'number'}, {span}"
        )
    if kind == "date":
        lines.append(
            "日期，如 2021-03-15、2021.03 或 2021年3月"
            if zh
            else "date, e.g. 2021-03-15, 2021.03 or 2021年3月"
        )
    if example is not None:
        lines.append(f"示例：{example}" if zh else f"example: {example}")
    if aliases:
        lines.append(("也接受列名：" if zh else "also accepted as: ") + "、".join(aliases))
    return "\n".join(lines)


def _num(value: float) -> str:
    return f"{value:g}"


def columns(kind: str, lang: Lang = "zh", rules: RuleSet | None = None) -> list[TemplateColumn]:
    """The template columns of one sheet kind; the roster gets the rules' indicators."""
    if rules is None:
        from cadrekit.rules.load import load_rules

        rules = load_rules().rules
    out = []
    for name, info in ROW_MODELS[kind].model_fields.items():
        extra = _extra(info)
        col_kind, choices = _kind_of(info.annotation)
        strict = True
        if kind == "supervision" and name == "measure":  # as the loader accepts them
            choices += tuple(m for m in rules.measures() if m not in choices)
        if kind == "cadres" and name == "track":  # the override takes a track's label or id
            extra["suggest"] = [t.label if lang == "zh" else t.id for t in rules.tracks]
        if col_kind == "text" and extra.get("suggest"):
            col_kind, choices, strict = "choice", tuple(extra["suggest"]), False
        header = str(extra["zh"]) if lang == "zh" else name
        aliases = tuple(extra.get("aliases", ()))
        if lang == "en":
            aliases = (str(extra["zh"]), *aliases)
        bounds = _bounds(info)
        required = info.is_required()
        out.append(
            TemplateColumn(
                name=name,
                header=header,
                kind=col_kind,
                required=required,
                comment=_comment(
                    header,
                    info.description or "",
                    lang=lang,
                    required=required,
                    choices=choices,
                    strict=strict,
                    example=extra.get("example"),
                    aliases=aliases,
                    bounds=bounds,
                    kind=col_kind,
                ),
                choices=choices,
                strict=strict,
                bounds=bounds,
                example=extra.get("example"),
            )
        )
    if kind == "cadres":
        out += _indicator_columns(lang, rules)
    return out


def _indicator_columns(lang: Lang, rules: RuleSet) -> list[TemplateColumn]:
    users: dict[str, list[str]] = {}
    for track in rules.tracks:
        for ind in track.indicators:
            users.setdefault(ind.column, []).append(track.label if lang == "zh" else track.id)
    out = []
    for column, bounds in rules.indicator_columns().items():
        who = "、".join(users.get(column, []))
        text = f"考核指标：{who} 赛道需要" if lang == "zh" else f"indicator needed by tracks: {who}"
        out.append(
            TemplateColumn(
                name=column,
                header=column,
                kind="indicator",
                required=False,
                comment=_comment(
                    column,
                    text,
                    lang=lang,
                    required=False,
                    bounds=bounds,
                    example=85,
                    kind="indicator",
                ),
                bounds=bounds,
                example=85,
            )
        )
    return out


def _parse_example_date(value: Any) -> dt.date | None:
    match = re.fullmatch(r"(\d{4})[.-](\d{1,2})(?:[.-](\d{1,2}))?", str(value))
    if not match:
        return None
    y, m, d = match.groups()
    return dt.date(int(y), int(m), int(d or 1))


def _example_track(rules: RuleSet, example: dict[str, Any]) -> set[str]:
    """The indicators the example cadre's track needs (first matching track, as §1 says)."""
    for track in rules.tracks:
        condition = track.condition or {}
        if all(
            str(example.get(col))
            in ([str(v) for v in want] if isinstance(want, list) else [str(want)])
            for col, want in condition.items()
        ):
            return {ind.column for ind in track.indicators}
    return set()


def write_template(
    path: str | Path, *, lang: Lang = "zh", force: bool = False, rules: RuleSet | None = None
) -> Path:
    """Write the blank input workbook to ``path`` (atomically; refuses to overwrite
    without ``force``). Returns the path written."""
    import xlsxwriter

    from cadrekit.io.write import atomic_path, scratch_dir
    from cadrekit.render.workbook.page import FONT

    if rules is None:
        from cadrekit.rules.load import load_rules

        rules = load_rules().rules
    path = Path(path)
    with atomic_path(path, force=force) as temp:
        options = {
            "strings_to_formulas": False,
            # 宋体 throughout, as Chinese Excel writes it (carry draws the same workbook)
            "default_format_properties": {**FONT, "font_size": FONT_SIZE},
            "tmpdir": scratch_dir(),
        }
        wb = xlsxwriter.Workbook(str(temp), options)
        wb.set_properties({"created": _CREATED, "title": "cadrekit input template"})
        styles = Styles(wb)
        for kind in ROW_MODELS:
            _write_sheet(
                wb, styles, sheet_name(kind, lang), kind, columns(kind, lang, rules), rules
            )
        wb.close()
    return path


class Styles:
    """The template's cell formats (the carried workbook uses them too, render/carry.py)."""

    def __init__(self, wb: Any) -> None:
        base = {"bold": True, "border": 1, "bg_color": "#DDEBF7", "valign": "vcenter"}
        self.header = wb.add_format(base)
        self.required = wb.add_format({**base, "font_color": "#C00000"})
        self.indicator = wb.add_format({**base, "bg_color": "#E2EFDA"})
        self.date = wb.add_format({"num_format": "yyyy-mm-dd"})
        self.month = wb.add_format({"num_format": "yyyy.mm"})
        self.number = wb.add_format({"num_format": "0.0#"})
        self.text = wb.add_format({"num_format": "@"})


def _write_sheet(
    wb: Any, styles: Styles, name: str, kind: str, cols: list[TemplateColumn], rules: RuleSet
) -> None:
    ws = wb.add_worksheet(name)
    example = {c.name: c.example for c in cols}
    needed = _example_track(rules, example) if kind == "cadres" else set()
    for i, col in enumerate(cols):
        fmt = styles.indicator if col.kind == "indicator" else styles.header
        ws.write_string(0, i, col.header, styles.required if col.required else fmt)
        ws.write_comment(0, i, col.comment, {"x_scale": 2.2, "y_scale": 1.8})
        ws.set_column(i, i, column_width(col), column_format(styles, col))
        validate_column(ws, i, col)
        value = col.example
        if col.kind == "indicator" and col.name not in needed:
            value = None
        _write_example(ws, i, col, value, styles)
    ws.freeze_panes(1, 2 if kind == "cadres" else 1)


def column_width(col: TemplateColumn) -> int:
    """Room for the header and the example, at least 8 characters."""
    return max(max(display_width(col.header), display_width(str(col.example or ""))) + 3, 8)


def column_format(styles: Styles, col: TemplateColumn) -> Any:
    if col.kind == "date":
        return styles.month if col.name in _MONTH_COLUMNS else styles.date
    if col.kind in ("number", "indicator"):
        return styles.number
    if col.name == "id_number":
        return styles.text  # 18 digits: stored as text, or Excel rounds them
    return None


def validate_column(ws: Any, i: int, col: TemplateColumn, first_row: int = 1) -> None:
    """The column's drop-down or number check, from ``first_row`` (0-based) to the last row."""
    lo, hi = col.bounds
    rule: dict[str, Any] | None = None
    if col.choices:
        rule = {"validate": "list", "source": list(col.choices)}
        if not col.strict:
            rule["error_type"] = "information"
    elif col.kind == "int":
        rule = {"validate": "integer", "criteria": ">=", "value": int(lo or 0)}
        if lo is not None and hi is not None:
            rule = {
                "validate": "integer",
                "criteria": "between",
                "minimum": int(lo),
                "maximum": int(hi),
            }
    elif col.kind in ("number", "indicator"):
        if lo is not None and hi is not None:
            rule = {"validate": "decimal", "criteria": "between", "minimum": lo, "maximum": hi}
        elif lo is not None:
            rule = {"validate": "decimal", "criteria": ">=", "value": lo}
    if rule is not None:
        rule.setdefault("error_title", col.header)
        rule.setdefault("error_message", col.comment[:255])
        ws.data_validation(first_row, i, LAST_ROW, i, rule)


def _write_example(ws: Any, i: int, col: TemplateColumn, value: Any, styles: Styles) -> None:
    if value is None:
        return
    if col.kind == "date":
        day = _parse_example_date(value)
        if day is not None:
            fmt = styles.month if col.name in _MONTH_COLUMNS else styles.date
            ws.write_datetime(1, i, dt.datetime(day.year, day.month, day.day), fmt)
            return
    if isinstance(value, bool):
        ws.write_string(1, i, YES_NO[0] if value else YES_NO[1])
    elif isinstance(value, int | float):
        ws.write_number(1, i, value)
    else:
        ws.write_string(1, i, str(value))
