"""Send a Result where the user asked: a terminal table, stdout, or a file written atomically.

Files are never written in place: ``cadrekit.io.write`` writes a temporary file beside the
target and renames it only when the writer finished, refusing the input file and, without
``force``, an existing file.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from cadrekit.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from cadrekit.models.result import Result
    from cadrekit.problems import Problem

FORMATS = ("table", "csv", "json", "jsonl", "xlsx", "html")
SUFFIXES = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
}
#: The formats ``--public`` writes (only rank, name, unit, post, score and grade).
PUBLIC_FORMATS = ("html", "xlsx")


#: The formats a command writes only into a file (``-o``).
FILE_ONLY = ("xlsx",)


def resolve_format(
    fmt: object,
    output: Path | None,
    *,
    formats: Sequence[str] = FORMATS,
    piped: str = "csv",
    other_suffix: str | None = None,
    terminal: bool | None = None,
) -> str:
    """The one output-format rule of every command: ``--format``, else the suffix of ``-o``,
    else a table on a terminal and ``piped`` (CSV) in a pipe.

    ``formats``: what the command writes; ``other_suffix``: the format of an ``-o`` whose
    suffix names none of them (default: a usage error); ``terminal``: whether stdout is a
    terminal (default: ask). ``--format`` and the suffix must agree; ``table`` never goes
    to a file and ``xlsx`` only to one."""
    name = getattr(fmt, "value", fmt)
    name = None if name is None else str(name)
    if name is not None and name not in formats:
        allowed = ", ".join(formats)
        raise UsageError(
            f"不支持的输出格式：{name}（可选 {allowed}）",
            message_en=f"unsupported format {name} (use {allowed})",
        )
    if output is not None:
        return _file_format(name, output, formats, other_suffix)
    if name in FILE_ONLY:
        raise UsageError(
            f"{name} 格式需要用 -o 指定文件",
            message_en=f"--format {name} needs a file: add -o out.{name}",
        )
    tty = stdout_is_terminal() if terminal is None else terminal
    return name or ("table" if tty and "table" in formats else piped)


def _file_format(
    name: str | None, output: Path, formats: Sequence[str], other_suffix: str | None
) -> str:
    named = SUFFIXES.get(output.suffix.lower())
    named = named if named in formats else None
    by_suffix = named or other_suffix
    if by_suffix is None and name in (None, "table"):
        listed = "/".join(s for s, f in SUFFIXES.items() if f in formats and s != ".htm")
        raise UsageError(
            f"无法从文件名 {output.name} 判断格式：请用 {listed} 或 --format",
            message_en=f"cannot tell the format of {output.name}: use {listed} or --format",
        )
    if name == "table":
        raise UsageError(
            "表格格式只输出到终端，不能与 -o 同用",
            message_en="--format table prints to the terminal; it cannot go to -o",
        )
    if name is not None and named is not None and name != named:
        raise UsageError(
            f"--format {name} 与文件名 {output.name} 不一致",
            message_en=f"--format {name} disagrees with the file name {output.name}",
        )
    return name or str(by_suffix)


def check_public(fmt: str, *, public: bool, show_id_numbers: bool) -> None:
    """``--public`` only for HTML and xlsx; 身份证号 never in a public file nor in HTML."""
    if public and fmt not in PUBLIC_FORMATS:
        raise UsageError(
            "--public 只用于 -o 结果.html 或 -o 结果.xlsx（公开名单：排名、姓名、单位、职务、"
            f"综合得分、等次），不能用于 {fmt}",
            message_en="--public writes only -o NAME.html or -o NAME.xlsx (rank, name, unit, "
            f"post, score, grade), not {fmt}",
        )
    if show_id_numbers and (public or fmt == "html"):
        what = "公开名单" if public else "HTML 报告"
        what_en = "the public list" if public else "the HTML page"
        raise UsageError(
            f"{what}不含身份证号，--show-id-numbers 不能与之同用（需要身份证号请写 .xlsx、.csv 或 .json）",
            message_en=f"{what_en} holds no ID numbers: --show-id-numbers cannot be used with "
            "it (use .xlsx, .csv or .json)",
        )


def write_stream(
    result: Result,
    fmt: str,
    stream: IO[str],
    *,
    lang: str = "zh",
    bom: bool = False,
    safe_csv: bool = False,
    show_id_numbers: bool = False,
) -> None:
    """CSV, JSON or JSON lines to an open text stream."""
    from cadrekit.render import tabular

    if fmt == "csv":
        tabular.write_csv(
            result, stream, lang=lang, bom=bom, safe=safe_csv, show_id_numbers=show_id_numbers
        )
    elif fmt == "json":
        tabular.write_json(result, stream, lang=lang, show_id_numbers=show_id_numbers)
    elif fmt == "jsonl":
        tabular.write_jsonl(result, stream, show_id_numbers=show_id_numbers)
    else:  # pragma: no cover - resolve_format never yields another
        raise ValueError(fmt)


def write_file(
    result: Result,
    fmt: str,
    path: Path,
    *,
    inputs: Sequence[Path] = (),
    force: bool = False,
    lang: str = "zh",
    bom: bool = False,
    safe_csv: bool = True,
    show_id_numbers: bool = False,
    public: bool = False,
) -> None:
    """Write ``path`` atomically; never the input, never over a file without ``force``.

    ``public``: only what may be published (HTML and xlsx, see ``check_public``)."""
    from cadrekit.io.write import Utf8Writer, atomic_output, atomic_path

    check_public(fmt, public=public, show_id_numbers=show_id_numbers)
    if fmt == "html":
        from cadrekit.render.page import write_html

        write_html(result, path, inputs=tuple(inputs), force=force, lang=lang, public=public)
        return
    if fmt == "xlsx" and public:
        from cadrekit.render.public import write_public_workbook

        with atomic_path(path, inputs=inputs, force=force) as temp:
            write_public_workbook(result, temp, lang=lang)
        return
    if fmt == "xlsx":
        from cadrekit.render.workbook import write_workbook

        with atomic_path(path, inputs=inputs, force=force) as temp:
            write_workbook(result, temp, lang=lang, show_id_numbers=show_id_numbers)
        return
    with atomic_output(path, inputs=inputs, force=force) as raw:
        fh = Utf8Writer(raw, encoding="utf-8", newline="")
        write_stream(
            result,
            fmt,
            fh,
            lang=lang,
            bom=bom,
            safe_csv=safe_csv,
            show_id_numbers=show_id_numbers,
        )
        fh.flush()
        fh.detach()  # the file is atomic_output's to close


def where(problem: Problem) -> str:
    """``location: `` before a message, or nothing when the problem has no location."""
    return f"{problem.location}: " if problem.location else ""


def print_messages(
    result: Result,
    console: Console,
    lang: str = "zh",
    *,
    limit: int = 30,
    total: int | None = None,
    fmt: str = "table",
    output: Path | None = None,
    source: Path | None = None,
    public: bool = False,
) -> None:
    """On stderr: the year and counts, each warning and error, how many notes and where
    they are, then the file written.

    ``total``: the cadres scored, when ``result`` shows only some of them (--top, --unit);
    ``fmt``, ``output``, ``public``: what was written (the notes are in some outputs only);
    ``source``: the input file (``cadrekit validate`` lists the notes of it).
    """
    from cadrekit.render.labels import severity_label

    n = len(result.cadres)
    origin = result.meta.get("rules_origin", "")
    part = total is not None and total != n
    if lang == "en":
        count = f"{n} of {total} cadres shown" if part else f"{n} cadre(s)"
        console.print(f"assessment year {result.year} · {count} · rules: {origin}")
    else:
        count = f"显示 {n} 名 / 共 {total} 名干部" if part else f"{n} 名干部"
        console.print(f"考核年度 {result.year} · {count} · 规则：{origin}")
    loud = [p for p in result.problems if p.level != "note"]
    for problem in loud[:limit]:
        style = "red" if problem.level == "error" else "yellow"
        label = severity_label(problem.level, lang)
        found = f" {problem.found}" if problem.found else ""
        console.print(
            f"[{style}]{label}[/] {where(problem)}{problem.title(lang)}{found}",
            highlight=False,
        )
    if len(loud) > limit:
        more = len(loud) - limit
        console.print(f"… {more} more" if lang == "en" else f"… 另有 {more} 条")
    notes = len(result.problems) - len(loud)
    if notes:
        line = notes_line(notes, lang, fmt=fmt, output=output, source=source, public=public)
        console.print(line, style="dim", markup=False, highlight=False)
    if output is not None:
        console.print(f"→ {output}", highlight=False)


#: Where the notes are not, for each output that has no place for them.
_WITHOUT = {
    "csv": ("不在 CSV 中", "not in the CSV"),
    "jsonl": ("不在 JSON Lines 中", "not in the JSON lines"),
    "html": ("不在 HTML 报告中", "not in the HTML page"),
    "md": ("不在 Markdown 中", "not in the Markdown"),
    "public": ("不在公开名单中", "not in the public list"),
}


def notes_line(
    notes: int,
    lang: str,
    *,
    fmt: str,
    output: Path | None = None,
    source: Path | None = None,
    public: bool = False,
) -> str:
    """How many notes, and where they are: the 问题 sheet of a workbook, the ``problems`` of
    JSON; no other output holds them (CSV, a table, a public list…): ``cadrekit validate``."""
    import shlex

    name = output.name if output is not None else None
    if fmt == "xlsx" and not public and name:
        zh, en = f"见 {name} 的“问题”表", f"see the problems sheet of {name}"
    elif fmt == "json":
        zh = f"见 {name} 中的 problems" if name else "见 JSON 输出中的 problems"
        en = f'see "problems" in {name or "the JSON output"}'
    else:
        zh, en = _WITHOUT.get("public" if public else fmt, ("", ""))
        command = f"cadrekit validate {shlex.quote(str(source or 'FILE'))}"
        zh += f"{'；' if zh else ''}用 {command} 查看（JSON 输出和工作簿的“问题”表中也有）"
        en += f"{'; ' if en else ''}run {command} to see them (the JSON output and a "
        en += "workbook's problems sheet too)"
    return f"{notes} note(s): {en}" if lang == "en" else f"另有 {notes} 条提示，{zh}"


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
