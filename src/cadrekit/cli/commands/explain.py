"""``cadrekit explain FILE ID…``: one cadre's derivation, read from the audit trail."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import (
    DecisionsOpt,
    ForceOpt,
    InputFile,
    Lang,
    LangOpt,
    OutputOpt,
    RulesOpt,
    YearOpt,
    limit_options,
)

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import RenderableType


class ExplainFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


IdsArg = Annotated[
    list[str], typer.Argument(help="Cadre ids (or names, when unique).", show_default=False)
]
ExplainFormatOpt = Annotated[
    ExplainFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table (a panel per cadre), json or md; default: table on a terminal, json when piped.",
    ),
]


@app.command("explain")
@limit_options
def explain_command(
    file: InputFile,
    ids: IdsArg,
    rules: RulesOpt = None,
    year: YearOpt = None,
    decisions: DecisionsOpt = None,
    fmt: ExplainFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
    show_rules: Annotated[
        bool,
        typer.Option(
            "--show-rules",
            help="In the table, a column with each step's rule path (JSON and md always have it).",
        ),
    ] = False,
) -> None:
    """Explain a cadre's grade: indicators, components, adjustments, limits, rank, quota cut, flags.

    Everything is read from the audit trail the engine recorded while scoring (nothing is
    recomputed), so it always agrees with `cadrekit score`. With a 决定 sheet (or
    --decisions FILE) the grade is the final one and the committee's decision is a step,
    with its meeting, date and recorder.

    Example: cadrekit explain roster.xlsx A0012 张三 --format md
    """
    import json

    from cadrekit import api
    from cadrekit.cli.commands import _insight as out
    from cadrekit.insight.explain import to_markdown
    from cadrekit.render.output import resolve_format

    name = resolve_format(
        fmt, output, formats=tuple(ExplainFormat), piped="json", other_suffix="json"
    )
    docs = api.explain(file, ids, rules, year, decisions=decisions)
    if name == "table":
        from rich.console import Console

        console = Console()
        for doc in docs:
            console.print(panel(doc, str(lang.value), console.width, show_rules))
        return
    if name == "md":
        body = "\n".join(to_markdown(doc) for doc in docs)
    else:
        data: Any = docs[0] if len(docs) == 1 else docs
        body = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    out.write_text(body, output, force=force, inputs=(file,))


def panel(
    doc: dict[str, Any], lang: str = "zh", width: int = 100, show_rules: bool = False
) -> RenderableType:
    """A rich panel: the verdict on top, then every audit step grouped by layer, fitted to
    ``width`` (rule paths only with ``show_rules``)."""
    import re

    from rich.console import Group
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from cadrekit.insight.explain import (
        LAYERS,
        LAYERS_EN,
        ballot_words,
        cut_words,
        flag_names,
        readable_steps,
    )
    from cadrekit.render.fit import Column, table

    labels = LAYERS if lang == "zh" else LAYERS_EN
    score = "—" if doc["score"] is None else f"{doc['score']:.2f}"
    rank = "—" if doc["rank"] is None else f"{doc['rank']} / {doc['ranked_in_track']}"
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
    head.add_row("综合得分" if lang == "zh" else "score", f"[bold]{score}[/]")
    head.add_row("等次" if lang == "zh" else "grade", f"[bold]{escape(str(doc['grade']))}[/]")
    head.add_row("赛道排名" if lang == "zh" else "rank", rank)
    quota_label = f"{doc['quota_grade']}名额" if lang == "zh" else "quota"
    head.add_row(quota_label, escape(cut_words(doc["quota"], doc["quota_grade"], lang)))
    flags = flag_names(doc) if lang == "zh" else ", ".join(doc["flags"]) or "—"
    head.add_row("标记" if lang == "zh" else "flags", escape(flags))
    if doc.get("ballots"):
        head.add_row("测评票" if lang == "zh" else "ballots", escape(ballot_words(doc)))
    heads = ("环节", "规则", "值", "说明") if lang == "zh" else ("layer", "rule", "value", "reason")
    columns = [
        Column(k, h) for k, h in zip(("layer", "rule", "value", "reason"), heads, strict=True)
    ]
    previous = None
    for s in readable_steps(doc) if lang == "zh" else doc["steps"]:
        layer = labels.get(s["layer"], s["layer"]) if s["layer"] != previous else ""
        previous = s["layer"]
        left_out = s["layer"] == "adjustments" and s.get("outcome") != "counted"
        style = "dim" if left_out else ""
        reason = s["reason"] if show_rules else re.sub(r"\s*\[[\w.\[\]]+\]$", "", s["reason"])
        for column, text in zip(columns, (layer, s["rule_path"], s["value"], reason), strict=True):
            column.cells.append(Text(str(text), style=style))
    shown = [c for c in columns if show_rules or c.key != "rule"]
    inner = max(width - 4, 40)  # the panel's border and padding
    width_of = {c.key: c.width() for c in shown if c.natural() <= 16}
    steps = table(shown, "", width_of)
    steps.width = inner
    title = f"{doc['name']}（{doc['id']}）{doc['unit']} · {doc['track_label']} · {doc['year']}"
    return Panel(Group(head, Text(""), steps), title=escape(title), title_align="left")
