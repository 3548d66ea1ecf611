"""Each option shared by several commands, defined once so a flag means the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    xlsx = "xlsx"


InputFile = Annotated[
    Path,
    typer.Argument(
        # exactly cadrekit.io.read.ACCEPTED_SUFFIXES (tests/test_cli_basics.py checks it);
        # not imported from there, to keep `--help` from loading the readers
        help="Input workbook (.xlsx/.xlsm/.xls/.ods), text table (.csv/.tsv/.txt) or .parquet.",
        show_default=False,
    ),
]
LangOpt = Annotated[
    Lang,
    typer.Option("--lang", envvar="CADREKIT_LANG", help="Language of headers and messages."),
]
RulesOpt = Annotated[
    str | None,
    typer.Option(
        "--rules",
        help="Rule file (YAML) or the name of a built-in rule set; default: the built-in rules.",
        show_default=False,
    ),
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        min=1949,
        max=2100,
        help="Assessment year; default: year of the latest event date.",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="Write to this file; the format follows its suffix."),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="Output format; default: table on a terminal, csv when piped."
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]
BomOpt = Annotated[
    bool, typer.Option("--bom", help="Write CSV as UTF-8 with BOM (for Excel on Windows).")
]
ShowIdOpt = Annotated[
    bool,
    typer.Option("--show-id-numbers", help="Show 身份证号 in full (masked by default)."),
]
SafeCsvOpt = Annotated[
    bool | None,
    typer.Option(
        "--safe-csv/--no-safe-csv",
        help="Escape text a spreadsheet would run as a formula (=, +, -, @). "
        "Default: on for files, off for stdout.",
        show_default=False,
    ),
]
DecisionsOpt = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        help="决定表（工作簿或 CSV，列同决定表）/ the committee's decisions in their own file"
        " (the columns of the 决定 sheet), instead of a 决定 sheet in the roster.",
        show_default=False,
    ),
]
LenientOpt = Annotated[
    bool,
    typer.Option(
        "--lenient",
        help="Score despite errors: leave out (and list) only the rows an error makes"
        " unscorable; list the other errors on the scored rows.",
    ),
]


# --- input limits (cadrekit.io.read.Limits) --------------------------------------------------

_LIMITS_PANEL = "Input limits (docs/security.md)"
_SIZE_UNITS = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "M": 1 << 20, "MB": 1 << 20}
_SIZE_UNITS |= {"G": 1 << 30, "GB": 1 << 30, "T": 1 << 40, "TB": 1 << 40}
# option → (Limits field, kind, default as shown, help)
LIMIT_OPTIONS: dict[str, tuple[str, str, str, str]] = {
    "--max-file-size": (
        "max_file_bytes",
        "size",
        "512MB",
        "Refuse an input file larger than this.",
    ),
    "--max-uncompressed": (
        "max_uncompressed_bytes",
        "size",
        "2GB",
        "Refuse a zip-based workbook (.xlsx/.ods) that inflates to more than this.",
    ),
    "--max-ratio": (
        "max_ratio",
        "ratio",
        "200",
        "Refuse a zip entry over 1 MB that inflates more than this many times (a zip bomb).",
    ),
    "--max-entries": ("max_entries", "count", "10000", "Refuse a zip with more entries."),
    "--max-rows": ("max_rows", "count", "1048576", "Refuse a sheet or CSV with more rows."),
    "--max-cells": (
        "max_cells",
        "count",
        "50000000",
        "Refuse a sheet whose used range (rows × columns, from A1) has more cells.",
    ),
    "--max-text-size": (
        "max_text_bytes",
        "size",
        "1GB",
        "Refuse a sheet whose text, each shared string counted once per cell that uses it, "
        "is larger.",
    ),
}


def parse_limit(option: str, text: str) -> int | float:
    """'512MB' → 536870912 (binary units: K, M, G, T, with or without B); a count or a ratio
    as a number. A bad value is a usage error naming the option."""
    from cadrekit.errors import UsageError

    kind = LIMIT_OPTIONS[option][1]
    raw = text.strip().upper().replace("_", "").replace(",", "")
    try:
        if kind == "size":
            number = raw.rstrip("KMGTB")
            value: int | float = int(float(number) * _SIZE_UNITS[raw[len(number) :].strip()])
        elif kind == "ratio":
            value = float(raw)
        else:
            value = int(raw)
    except (ValueError, KeyError):
        value = 0
    if not value > 0:
        example = "512MB、2GB" if kind == "size" else "200" if kind == "ratio" else "100000"
        raise UsageError(
            f"{option} 的值“{text}”无效，应为正数（例如 {example}）",
            message_en=f"invalid value '{text}' for {option}: give a positive number "
            f"(e.g. {example.replace('、', ', ')})",
        )
    return value


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command that reads rosters the ``--max-…`` options (LIMIT_OPTIONS, one help
    panel): the reads inside the command use them (``cadrekit.io.limits.use_limits``)."""
    import functools
    import inspect

    names = {option: option[2:].replace("-", "_") for option in LIMIT_OPTIONS}

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from cadrekit.io.limits import Limits, use_limits

        values = {
            LIMIT_OPTIONS[option][0]: parse_limit(option, kwargs.pop(name))
            for option, name in names.items()
        }
        with use_limits(Limits(**values)):  # type: ignore[arg-type]
            return command(*args, **kwargs)

    signature = inspect.signature(command, eval_str=True)
    added = []
    annotations = dict(command.__annotations__)
    for option, (_, kind, default, text) in LIMIT_OPTIONS.items():
        name = names[option]
        metavar = "SIZE" if kind == "size" else "N"
        hint = Annotated[
            str,
            typer.Option(option, help=text, metavar=metavar, rich_help_panel=_LIMITS_PANEL),
        ]
        annotations[name] = hint
        added.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint
            )
        )
    params = list(signature.parameters.values())
    wrapper.__signature__ = signature.replace(parameters=[*params, *added])  # type: ignore[attr-defined]
    wrapper.__annotations__ = annotations
    return wrapper


PublicOpt = Annotated[
    bool,
    typer.Option(
        "--public",
        help="Only what may be published (晒实绩): rank, name, unit, post, score and grade per "
        "track, and the grade counts; no id, ID number, birth date, limit reason or flag. "
        "For -o .html and -o .xlsx.",
    ),
]


# batch: what results.xlsx holds (batch/write.py full_workbook)
WorkbookKind = StrEnum("WorkbookKind", ["auto", "full", "counts"])
WorkbookOpt = Annotated[
    WorkbookKind,
    typer.Option(
        "--workbook",
        help="results.xlsx：full 全部工作表；counts 只含汇总、按单位、问题、规则、关于和文件状态，"
        "逐人结果只在 results.csv（省级规模几秒写完）；auto（默认）：不超过 100,000 人为 full。",
    ),
]
