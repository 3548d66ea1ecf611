"""The 按单位 sheet: for a unit head, each unit's grade counts and the slots of its groups.

Slots belong to quota groups: a group scoped to a unit (一般干部 by unit in the built-in
rules) is that unit's; a track counted county-wide has no per-unit slots, and the sheet
says so rather than inventing a share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cadrekit.render.frame import result_grades
from cadrekit.render.labels import UNIT_SHEET_WORDS, quota_grade
from cadrekit.render.workbook.ranked import county_name
from cadrekit.render.workbook.words import track_labels

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result
    from cadrekit.render.workbook.book import Book


def unit_table(result: Result, lang: str) -> pd.DataFrame:
    """One row per unit (roster order): size, each grade's count, the unit's own slots.

    Counted by whole-column group-bys, then one row per unit: a province has thousands of
    units, and filtering the groups once per unit grew with units × groups."""
    cadres = result.cadres
    grades = result_grades(result)
    unit, size, slots_label, note_label, note = UNIT_SHEET_WORDS.get(lang, UNIT_SHEET_WORDS["zh"])
    slots_label = slots_label.format(grade=quota_grade(result.rules))
    names = cadres["unit"].astype(str)
    sizes = names.groupby(names, sort=False).size()
    counts = _grade_counts(cadres, names, grades)
    slots, named = _unit_groups(result.groups, track_labels(result))
    rows = []
    for key, n in sizes.items():
        name = str(key)
        row: dict[str, object] = {unit: name, size: int(n)}
        row |= {g: counts[g].get(name, 0) for g in grades}
        row[slots_label] = slots.get(name)
        label = named.get(name, "")
        row[note_label] = note.format(groups=label) if label else None
        rows.append(row)
    return pd.DataFrame(rows, columns=[unit, size, *grades, slots_label, note_label])


def _grade_counts(
    cadres: pd.DataFrame, names: pd.Series, grades: list[str]
) -> dict[str, dict[str, int]]:
    """grade → unit → how many of the unit's cadres have it."""
    if "grade" not in cadres:
        return {g: {} for g in grades}
    table = names.groupby([names, cadres["grade"].astype(str)], sort=False).size()
    wide = table.unstack(fill_value=0)
    return {g: {str(k): int(v) for k, v in wide[g].items()} if g in wide else {} for g in grades}


def _unit_groups(
    groups: pd.DataFrame, tracks: dict[str, str]
) -> tuple[dict[str, int], dict[str, str]]:
    """(unit → the slots of its own quota groups, unit → their track labels joined by 、),
    for the units a quota group is scoped to."""
    if "unit" not in groups or groups.empty:
        return {}, {}
    owner = groups["unit"].astype(str)
    slots = groups["slots"].fillna(0).groupby(owner, sort=False).sum()
    slot_of = {str(k): int(v) for k, v in slots.items()}
    if "track" not in groups:
        return slot_of, {}
    labels = groups["track"].map(lambda t: tracks.get(str(t), str(t)))
    joined = labels.groupby(owner, sort=False).agg("、".join)
    return slot_of, {str(k): str(v) for k, v in joined.items()}


def units_sheet(book: Book, result: Result, name: str) -> None:
    table = unit_table(result, book.lang)
    county = county_name(result) if book.lang == "zh" else ""
    title = (
        f"{result.year}: grades and slots by unit"
        if book.lang == "en"
        else f"{county}{result.year} 年度考核等次及名额（按单位）"
    )
    ws = book.print_sheet(name, title, len(table.columns), len(table))
    labels = [str(c) for c in table.columns]
    book.widths(ws, table, labels)
    head = [book.grade_format(c) for c in labels]
    book.table(ws, table, labels, first_row=1, freeze_columns=1, head_formats=head)
