"""``cadrekit compare OLD NEW``: two years, or one input under two rule files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import (
    ForceOpt,
    FormatOpt,
    InputFile,
    Lang,
    LangOpt,
    OutputOpt,
    SafeCsvOpt,
    limit_options,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.api.results import Comparison


class By(StrEnum):
    cadre = "cadre"
    track = "track"
    unit = "unit"


NewArg = Annotated[
    Path | None,
    typer.Argument(
        help="The newer input; omit it to compare one input under two rule files.",
        show_default=False,
    ),
]
RulesOldOpt = Annotated[
    str | None, typer.Option("--rules-old", help="Rules for OLD (default: built-in).")
]
RulesNewOpt = Annotated[
    str | None, typer.Option("--rules-new", help="Rules for NEW (default: built-in).")
]
ByOpt = Annotated[
    By, typer.Option("--by", help="One row per cadre, or a summary per track or unit.")
]
ChangedOpt = Annotated[
    bool,
    typer.Option(
        "--changed", help="Only cadres whose grade or rank moved, arrivals and departures."
    ),
]


@app.command("compare")
@limit_options
def compare_command(
    old: InputFile,
    new: NewArg = None,
    rules_old: RulesOldOpt = None,
    rules_new: RulesNewOpt = None,
    by: ByOpt = By.cadre,
    changed: ChangedOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
    safe_csv: SafeCsvOpt = None,
) -> None:
    """Compare two scored inputs: rank and grade movement, score change, arrivals and departures.

    -o compare.xlsx writes a workbook: the per-cadre comparison plus per-track and
    per-unit summaries.

    With one input and --rules-old/--rules-new, shows what a rule change does: the column
    rule_change marks every cadre whose grade changed because of it.

    Examples: cadrekit compare county-2024.xlsx county-2025.xlsx --by track
              cadrekit compare county-2025.xlsx --rules-new strict.yaml --changed
    """
    from cadrekit import api
    from cadrekit.cli.commands import _insight as out
    from cadrekit.errors import UsageError
    from cadrekit.render.output import resolve_format

    if new is None and rules_old == rules_new:
        raise UsageError(
            "只给了一个输入文件：请再给一个，或用 --rules-old/--rules-new 指定两套不同的规则",
            message_en="one input only: give a second input, or two different rule files with --rules-old/--rules-new",
        )
    fmt_name = resolve_format(fmt, output, formats=out.FORMATS)
    both = api.comparison(old, new, rules_old=rules_old, rules_new=rules_new)
    frame = both.frame(by.value, changed=changed)
    _emit(both, frame, by, fmt_name, old, new, output, force, str(lang.value), safe_csv)
    if by is By.cadre:
        moves = both.per_cadre["change"].value_counts()
        words = {"up": "升", "down": "降", "same": "不变", "arrived": "新增", "departed": "离开"}
        code = str(lang.value)
        parts = [f"{words[k] if code == 'zh' else k} {int(moves.get(k, 0))}" for k in words]
        out.say(("等次变化：" if code == "zh" else "grade changes: ") + "，".join(parts))


def _emit(
    both: Comparison,
    frame: pd.DataFrame,
    by: By,
    fmt_name: str,
    old: Path,
    new: Path | None,
    output: Path | None,
    force: bool,
    code: str,
    safe_csv: bool | None,
) -> None:
    """Write the comparison in ``fmt_name``: a workbook adds the per-track and per-unit
    summaries; Chinese CSV, tables and workbooks name tracks by their labels."""
    from cadrekit.cli.commands import _insight as out
    from cadrekit.insight.compare import same_input

    a, b = both.old, both.new
    people = code == "zh" and fmt_name not in ("json", "jsonl")  # JSON keeps the track ids
    labels = a.rules.track_labels() | b.rules.track_labels()
    named = (lambda f: out.with_track_labels(f, labels)) if people else (lambda f: f)
    doc = {
        "old": {"input": str(old), "year": a.year, "rules": a.meta.get("rules_origin")},
        "new": {"input": str(new or old), "year": b.year, "rules": b.meta.get("rules_origin")},
        "same_input": same_input(a, b),
        "by": by.value,
    }
    title = f"{old.name} {a.year}（{a.meta.get('rules_origin')}） → {(new or old).name} {b.year}（{b.meta.get('rules_origin')}）"
    extra = (
        (
            (("按赛道" if code == "zh" else "by track"), named(both.frame("track"))),
            (("按单位" if code == "zh" else "by unit"), named(both.frame("unit"))),
        )
        if fmt_name == "xlsx"
        else ()
    )
    out.emit(
        named(frame),
        fmt_name,
        lang=code,
        output=output,
        force=force,
        inputs=tuple(p for p in (old, new) if p),
        title=title,
        document=doc,
        sheet_name=("对比" if code == "zh" else "compare") if by is By.cadre else by.value,
        extra_sheets=extra,
        safe_csv=safe_csv,
    )
