"""The problem report: every problem, grouped by code and counted, errors first.

Three forms: a rich table for a person at a terminal, one JSON object for programs
(``{file, sha256, errors, warnings, notes, problems: […]}``), and CSV with one row per
problem. Messages and hints are in the chosen language; keys and codes stay English.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import IO, Any

from cadrekit.problems import SEVERITY_ORDER, Problem, sort_problems

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
_SEVERITY_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "note": "提示"},
    "en": {"error": "error", "warning": "warning", "note": "note"},
}
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


def write_csv(problems: list[Problem], out: IO[str], lang: str = "zh") -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for _, group in grouped(problems):
        for p in group:
            d = p.to_dict(lang)
            writer.writerow([_safe("" if d[c] is None else d[c]) for c in CSV_COLUMNS])


def print_table(problems: list[Problem], console: Any, lang: str = "zh", *, file: str = "") -> None:
    """One rich table per problem code, with its count, severity, title and rows."""
    from rich.table import Table

    words = _SEVERITY_WORDS.get(lang, _SEVERITY_WORDS["zh"])
    heads = (
        ("位置", "内容", "应为", "提示")
        if lang != "en"
        else ("location", "found", "expected", "hint")
    )
    if not problems:
        console.print("没有发现问题" if lang != "en" else "no problems found")
        return
    for code, group in grouped(problems):
        level = group[0].level
        title = f"[{_STYLE[level]}]{words[level]}[/] {group[0].title(lang)} ({code}) × {len(group)}"
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        for head in heads:
            table.add_column(head, overflow="fold")
        for p in group:
            table.add_row(p.location or p.sheet or file, p.found, p.expected, p.hint(lang))
        console.print(table)


def summary_line(problems: list[Problem], lang: str = "zh", *, file: str = "") -> str:
    c = counts(problems)
    if lang == "en":
        return f"{file}: {c['errors']} error(s), {c['warnings']} warning(s), {c['notes']} note(s)"
    return f"{file}：错误 {c['errors']} 个，警告 {c['warnings']} 个，提示 {c['notes']} 个"
