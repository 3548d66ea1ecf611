"""The special assessment and the tenure assessment as commands (``cadrekit special``,
``cadrekit tenure``), and the note for the old spellings (``score --kind …``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cadrekit.cli.options import Lang


def special(
    file: Path,
    task: str | None,
    rules: str | None,
    year: int | None,
    fmt: Any,
    output: Path | None,
    force: bool,
    lang: Lang,
) -> None:
    """parse → ``api.special`` → the ranked table."""
    from cadrekit import api
    from cadrekit.cli.commands import _insight as out
    from cadrekit.render.output import resolve_format

    fmt_name = resolve_format(fmt, output, formats=out.FORMATS)
    table = api.special(file, task, rules, year)
    title = f"专项考核 {task} 排名" if lang == "zh" else f"Special assessment {task}"
    _emit(table, fmt_name, title, file, output, force, lang)


def tenure(
    file: Path,
    rules: str | None,
    year: int | None,
    term_from: int | None,
    term_to: int | None,
    fmt: Any,
    output: Path | None,
    force: bool,
    lang: Lang,
) -> None:
    """parse → ``api.tenure`` → the tenure grades."""
    from cadrekit import api
    from cadrekit.cli.commands import _insight as out
    from cadrekit.render.output import resolve_format

    fmt_name = resolve_format(fmt, output, formats=out.FORMATS)
    table = api.tenure(file, rules, term_from, term_to, year)
    title = "任期考核" if lang == "zh" else "Tenure assessment"
    _emit(table, fmt_name, title, file, output, force, lang)


def _emit(
    table: Any,
    fmt_name: str,
    title: str,
    file: Path,
    output: Path | None,
    force: bool,
    lang: Lang,
) -> None:
    from cadrekit.cli.commands import _insight as out

    out.emit(
        table.frame,
        fmt_name,
        lang=str(lang.value),
        output=output,
        force=force,
        inputs=(file,),
        title=title,
        grade=table.rules.quota.grade,
    )


def note_renamed(old: str, new: str, lang: Lang) -> None:
    """One line on stderr: the old spelling still works, the new command is named."""
    from cadrekit.cli.commands._insight import say

    if lang == Lang.zh:
        say(f"提示：{old} 已改为独立命令 {new}（旧写法仍可用）")
    else:
        say(f"note: {old} is now the command {new} (the old spelling still works)")
