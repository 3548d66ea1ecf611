"""``cadrekit rules show | init | check``: see, copy and check rule files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import ForceOpt, Lang, LangOpt, RulesOpt, limit_options
from cadrekit.errors import EXIT_INPUT

rules_app = typer.Typer(help="See, copy and check rule files (YAML).", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("show")
def show_command(
    rules: RulesOpt = None,
    yaml_text: Annotated[
        bool, typer.Option("--yaml", help="Print the rule file's YAML text instead of tables.")
    ] = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """Print the effective rules: tracks, indicators and weights, components, limits, quotas.

    Example: cadrekit rules show --rules my-rules.yaml
    """
    from rich.console import Console

    from cadrekit import api
    from cadrekit.render.rules import rules_tables

    loaded = api.rules_show(rules)
    if yaml_text:
        sys.stdout.write(loaded.text)
        return
    console = Console(highlight=False)
    console.print(f"{loaded.rules.name}  ({loaded.origin}, sha256 {loaded.sha256[:12]})")
    for table in rules_tables(loaded.rules, lang.value):
        console.print(table)


@rules_app.command("init")
def init_command(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the rule file.")
    ] = Path("rules.yaml"),
    force: ForceOpt = False,
    base: Annotated[
        str,
        typer.Option(
            "--rules", help="Which built-in rule set to copy: default or institution (事业单位)."
        ),
    ] = "default",
) -> None:
    """Write the built-in rules, with comments, to a YAML file to edit.

    Example: cadrekit rules init -o my-rules.yaml   then   cadrekit score roster.xlsx --rules my-rules.yaml
    """
    from cadrekit.errors import UsageError
    from cadrekit.io.write import atomic_output
    from cadrekit.rules.load import BUILT_IN, default_text

    if base not in BUILT_IN:
        raise UsageError(
            f"没有名为 {base} 的内置规则（可选：{'、'.join(BUILT_IN)}）",
            message_en=f"no built-in rule set named {base} (one of: {', '.join(BUILT_IN)})",
        )
    with atomic_output(output, force=force) as handle:
        handle.write(default_text(base).encode("utf-8"))
    typer.echo(f"已写入 {output}", err=True)


@rules_app.command("check")
@limit_options
def check_command(
    rules_file: Annotated[Path, typer.Argument(help="The rule file to check.")],
    roster: Annotated[
        Path | None,
        typer.Argument(help="Optional roster: check that every column the rules name exists."),
    ] = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """Check a rule file (keys, types, weights, grade names); with a roster, its columns too.

    Every mistake is reported with its path, e.g. tracks[2].indicators[0].weight.
    Exit status 1 when there is any problem.

    Example: cadrekit rules check my-rules.yaml roster.xlsx
    """
    from cadrekit import api

    problems = api.rules_check(rules_file, roster)  # raises RulesError listing every problem
    language = lang.value
    if roster is None:
        typer.echo(f"{rules_file}: ok" if language == "en" else f"{rules_file}：无误", err=True)
        return
    from cadrekit.render import problems as report

    if not problems:
        ok = (
            f"{rules_file}: ok for {roster}"
            if language == "en"
            else f"{rules_file}：无误，{roster} 有规则用到的每一列"
        )
        typer.echo(ok, err=True)
        return
    report.write_csv(problems, sys.stdout, language)
    typer.echo(report.summary_line(problems, language, file=roster.name), err=True)
    raise typer.Exit(EXIT_INPUT)
