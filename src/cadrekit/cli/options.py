"""Each option shared by several commands, defined once so a flag means the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

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
LenientOpt = Annotated[
    bool,
    typer.Option("--lenient", help="Score the valid rows; list rejected rows instead of failing."),
]
PublicOpt = Annotated[
    bool,
    typer.Option(
        "--public",
        help="Only what may be published (晒实绩): rank, name, unit, post, score and grade per "
        "track, and the grade counts; no id, ID number, birth date, limit reason or flag. "
        "For -o .html and -o .xlsx.",
    ),
]
