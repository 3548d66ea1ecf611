"""``cadrekit template``: write a blank input workbook to fill in."""

from __future__ import annotations

from pathlib import Path

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import ForceOpt, Lang, LangOpt, OutputOpt, RulesOpt


@app.command("template")
def template_command(
    output: OutputOpt = None,
    lang: LangOpt = Lang.zh,
    force: ForceOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Write a blank input workbook: every sheet, header comments, drop-downs, an example row.

    Headers are the Chinese ones (--lang en: the English canonical names); the roster gets
    the indicator columns of the rules (the built-in ones unless --rules says otherwise).
    Refuses to replace an existing file without --force.

    Example: cadrekit template -o 2025年度干部考核.xlsx
    """
    from cadrekit import api
    from cadrekit.render.template import DEFAULT_NAME

    path = api.template(output or Path(DEFAULT_NAME), lang=lang.value, force=force, rules=rules)
    typer.echo(f"{'已写入' if lang.value == 'zh' else 'wrote'} {path}", err=True)
