"""Hostile rosters and rule files for the command-line cases (issue 14, items 3–8, 11).

Each builder writes one file into a folder and returns its path. The rosters are written
with openpyxl the way an office writes them (``tests/e2e/office.py``): a valid five-cadre
roster with one hostile change each. Built by ``python tests/hostile/build.py DIR``.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1] / "e2e"))
from office import Book, base_book, id_number, write_office

#: a valid ID number (GB 11643 check digit) in a column cadrekit does not know
OTHER_ID = id_number("320102", "19800101", "123")
#: the first cadre's ID number (office.staff: area 110105, born 1985-06-12, sequence 001)
FIRST_ID = id_number("110105", "19850612", "001")
FORMULA_HEADER = "=cmd|' /C calc'!A0"
WIDE_COLUMNS = 16_384


def roster(
    name: str, change: Callable[[Book], object], after: Callable[[Path], None] | None = None
) -> Callable[[Path], Path]:
    """A builder: the base roster, changed by ``change``, written as ``name``.xlsx (and
    then changed in the file by ``after``)."""

    def build(folder: Path) -> Path:
        book = base_book()
        change(book)
        path = write_office(book, folder / f"{name}.xlsx")
        if after is not None:
            after(path)
        return path

    return build


def _header_as_text(path: Path) -> None:
    """openpyxl writes a header starting with "=" as a formula (with no value): make the
    last header cell a text cell holding it, as Excel keeps text typed after a '."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["干部名册"]
    cell = sheet.cell(3, sheet.max_column)
    cell.value, cell.data_type = FORMULA_HEADER, "s"
    book.save(path)


def _id_header(header: str) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        sheet = book["干部名册"]
        sheet.header[sheet.col("身份证号")] = header

    return change


def _extra_column(header: str, value: Any) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        sheet = book["干部名册"]
        sheet.header.append(header)
        for row in sheet.rows:
            row.append(value)

    return change


def _as_wide_as_excel(book: Book) -> None:
    """备注1 … up to column XFD: the track sheets cannot hold all of it with their own."""
    sheet = book["干部名册"]
    extra = WIDE_COLUMNS - len(sheet.header)
    sheet.header.extend(f"备注{i}" for i in range(1, extra + 1))
    for row in sheet.rows:
        row.extend(f"r{i}" for i in range(1, extra + 1))


def _cell(sheet_name: str, column: str, value: Any, row: int = 0) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        sheet = book[sheet_name]
        sheet.rows[row][sheet.col(column)] = value

    return change


def _look_alike_id(mark: str) -> Callable[[Book], None]:
    """The second cadre's id written A<mark>0001: shown as the first cadre's A0001."""
    return _cell("干部名册", "编号", f"A{mark}0001", row=1)


def _far_serial(book: Book) -> None:
    """-1e308 in the date-formatted 出生年月 cell: a date serial no calendar holds."""
    sheet = book["干部名册"]
    sheet.rows[0][sheet.col("出生年月")] = -1e308
    sheet.date_format = "yyyy-mm-dd"


ROSTERS: dict[str, Callable[[Path], Path]] = {
    # item 3: the ID-number column under other headers, and in an unknown column
    "id_header_haoma": roster("id-haoma", _id_header("身份证号码")),
    "id_header_zhengjian": roster("id-zhengjian", _id_header("证件号码")),
    "id_header_short": roster("id-short", _id_header("身份证")),
    "id_in_unknown_column": roster("id-unknown", _extra_column("户籍证件", OTHER_ID)),
    # item 4: a formula as a header
    "formula_header": roster(
        "formula-header", _extra_column(FORMULA_HEADER, "x"), after=_header_as_text
    ),
    # item 5: as wide as Excel
    "wide_roster": roster("wide-roster", _as_wide_as_excel),
    # item 6: dates at the edges
    "event_9999_serial": roster(
        "event-9999-serial", _cell("纪实记录", "日期", dt.date(9999, 12, 31))
    ),
    "event_9999_iso": roster("event-9999-iso", _cell("纪实记录", "日期", "9999-12-31")),
    "appointed_9999_serial": roster(
        "appointed-9999", _cell("干部名册", "任现职时间", dt.date(9999, 12, 31))
    ),
    "born_minus_1e308": roster("born-minus-1e308", _far_serial),
    "event_1900": roster("event-1900", _cell("纪实记录", "日期", dt.date(1900, 1, 1))),
    # item 7: ids that differ only by an invisible character
    "id_soft_hyphen": roster("id-soft-hyphen", _look_alike_id("\u00ad")),
    "id_lrm": roster("id-lrm", _look_alike_id("\u200e")),
    "id_rlo": roster("id-rlo", _look_alike_id("\u202e")),
    "id_isolate": roster("id-isolate", _look_alike_id("\u2066\u2069")),
    "id_first_strong_isolate": roster("id-fsi", _look_alike_id("\u2068")),
    # item 11: no 教育培训 sheet (as the sample county)
    "no_training_sheet": roster("no-training", lambda book: None),
}


# --- rule files (item 8) ---------------------------------------------------------------------


def _default_rules() -> str:
    from cadrekit.rules.load import default_text

    return default_text()


def rule_file(name: str, old: str, new: str) -> Callable[[Path], Path]:
    """The built-in rules with ``old`` (which must be there, once) replaced by ``new``."""

    def build(folder: Path) -> Path:
        text = _default_rules()
        assert text.count(old) == 1, old
        path = folder / f"{name}.yaml"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    return build


def deep_rules(folder: Path) -> Path:
    path = folder / "rules-deep.yaml"
    path.write_text("version: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    return path


def oversized_rules(folder: Path) -> Path:
    """The built-in rules followed by 1 MiB of comment lines: valid YAML, too big."""
    path = folder / "rules-big.yaml"
    pad = ("# " + "x" * 1021 + "\n") * 1025
    path.write_text(_default_rules() + pad, encoding="utf-8")
    return path


QUOTA = "    staff: 0.20\n"
RULE_FILES: dict[str, Callable[[Path], Path]] = {
    "rules_nan_weight": rule_file(
        "rules-nan-weight", "{column: 工作实绩, weight: 1.00}", "{column: 工作实绩, weight: .nan}"
    ),
    "rules_nan_component": rule_file(
        "rules-nan-component", "performance: {weight: 0.5}", "performance: {weight: .NaN}"
    ),
    "rules_nan_min_score": rule_file("rules-nan-min", "min_score: 85", "min_score: .nan"),
    "rules_nan_cap": rule_file("rules-nan-cap", "cap: 5 ", "cap: .nan "),
    "rules_nan_text": rule_file("rules-nan-text", "cap: 5 ", 'cap: "nan" '),
    "rules_inf_weight": rule_file(
        "rules-inf-weight", "performance: {weight: 0.5}", "performance: {weight: 1.0e+999}"
    ),
    "rules_duplicate_key": rule_file("rules-duplicate", QUOTA, QUOTA + "    staff: 0.99\n"),
    "rules_deep": deep_rules,
    "rules_oversized": oversized_rules,
}


def build_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: build(folder) for name, build in {**ROSTERS, **RULE_FILES}.items()}
