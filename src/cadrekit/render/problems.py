"""The problem report: every problem, grouped by code and counted, errors first.

Four forms: a rich table for a person at a terminal, one JSON object for programs
(``{file, sha256, errors, warnings, notes, problems: […]}``), JSON lines (one problem
object per line, as in the JSON report's ``problems``) and CSV with one row per problem.
Messages and hints are in the chosen language; keys and codes stay English.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import IO, TYPE_CHECKING, Any

from cadrekit.problems import SEVERITY_ORDER, Problem, sort_problems

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import Dataset

CSV_COLUMNS = [
    "severity",
    "code",
    "location",
    "sheet",
    "row",
    "column",
    "found",
    "expected",
    "message",
    "hint",
]
_FORMULA_START = re.compile(r"^\s*[=+\-@]|^[\t\r]")
_STYLE = {"error": "bold red", "warning": "yellow", "note": "dim"}


def counts(problems: Iterable[Problem]) -> dict[str, int]:
    """Number of errors, warnings and notes."""
    tally = Counter(p.level for p in problems)
    return {"errors": tally["error"], "warnings": tally["warning"], "notes": tally["note"]}


def grouped(problems: Iterable[Problem]) -> list[tuple[str, list[Problem]]]:
    """(code, problems) groups: errors first, then warnings, notes; each in report order."""
    groups: dict[str, list[Problem]] = {}
    for problem in sort_problems(list(problems)):
        groups.setdefault(problem.code, []).append(problem)
    return sorted(groups.items(), key=lambda kv: SEVERITY_ORDER[kv[1][0].level])


def report_dict(
    problems: list[Problem], lang: str = "zh", *, file: str = "", sha256: str = ""
) -> dict[str, Any]:
    """The JSON report as a dict (the library and the CLI give the same object)."""
    ordered = [p for _, group in grouped(problems) for p in group]
    return {
        "file": file,
        "sha256": sha256,
        **counts(problems),
        "problems": [p.to_dict(lang) for p in ordered],
    }


def with_id_numbers(problems: list[Problem], dataset: Dataset) -> list[Problem]:
    """``problems`` with the 身份证号 they quote in full (``--show-id-numbers``).

    The loader masks an ID number where a problem quotes it; this puts back the cell's
    value for every problem located on a 身份证号 cell of the roster that quotes one.
    """
    sheet = dataset.sheets.get("cadres")
    if sheet is None or "id_number" not in sheet.frame.columns or "id_number" not in sheet.letters:
        return problems
    full = {
        sheet.cell(i, "id_number"): str(value)
        for i, value in enumerate(sheet.frame["id_number"].tolist())
        if isinstance(value, str) and value
    }
    return [
        replace(p, found=full[p.location]) if p.found and p.location in full else p
        for p in problems
    ]


def write_json(
    problems: list[Problem], out: IO[str], lang: str = "zh", *, file: str = "", sha256: str = ""
) -> None:
    json.dump(
        report_dict(problems, lang, file=file, sha256=sha256), out, ensure_ascii=False, indent=2
    )
    out.write("\n")


def _safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is written with a leading apostrophe."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def write_jsonl(problems: list[Problem], out: IO[str], lang: str = "zh") -> None:
    """One problem object per line, in the report's order (for ``jq``, ``grep``, pandas)."""
    for _, group in grouped(problems):
        for p in group:
            out.write(json.dumps(p.to_dict(lang), ensure_ascii=False) + "\n")


def write_csv(
    problems: list[Problem], out: IO[str], lang: str = "zh", *, safe: bool = False
) -> None:
    """One row per problem; ``safe``: text a spreadsheet would run as a formula gets a
    leading ``'`` (the CLI's default for files, off on stdout, as for ``score``)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    keep = _safe if safe else (lambda value: value)
    for _, group in grouped(problems):
        for p in group:
            d = p.to_dict(lang)
            writer.writerow([keep("" if d[c] is None else d[c]) for c in CSV_COLUMNS])


def print_table(problems: list[Problem], console: Any, lang: str = "zh", *, file: str = "") -> None:
    """One rich table per problem code, with its count, severity, title and rows."""
    from rich.table import Table

    from cadrekit.render.labels import severity_label

    heads = (
        ("位置", "内容", "应为", "提示")
        if lang != "en"
        else ("location", "found", "expected", "hint")
    )
    message_head = "问题" if lang != "en" else "problem"
    if not problems:
        console.print("没有发现问题" if lang != "en" else "no problems found")
        return
    for code, group in grouped(problems):
        level = group[0].level
        titles = [p.title(lang) for p in group]
        same = len(set(titles)) == 1  # else each row says its own (=50+40, =1+1 …)
        shown = f"{titles[0]} " if same else ""
        title = f"[{_STYLE[level]}]{severity_label(level, lang)}[/] {shown}({code}) × {len(group)}"
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        message = [] if same else [message_head]
        for head in [heads[0], *message, *heads[1:]]:
            table.add_column(head, overflow="fold")
        for p, text in zip(group, titles, strict=True):
            shown_text = [] if same else [text]
            table.add_row(
                p.location or p.sheet or file, *shown_text, p.found, p.expected, p.hint(lang)
            )
        console.print(table)


def summary_line(problems: list[Problem], lang: str = "zh", *, file: str = "") -> str:
    c = counts(problems)
    if lang == "en":
        return f"{file}: {c['errors']} error(s), {c['warnings']} warning(s), {c['notes']} note(s)"
    return f"{file}：错误 {c['errors']} 个，警告 {c['warnings']} 个，提示 {c['notes']} 个"
