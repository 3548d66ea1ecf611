"""The 按单位 sheet: for a unit head, each unit's grade counts and the slots of its groups.

Slots belong to quota groups: a group scoped to a unit (一般干部 by unit in the built-in
rules) is that unit's; a track counted county-wide has no per-unit slots, and the sheet
says so rather than inventing a share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
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

    Counted by whole-column group-bys, a column at a time: a province has tens of thousands
    of units (filtering the groups once per unit grew with units × groups)."""
    cadres = result.cadres
    grades = result_grades(result)
    unit, size, slots_label, note_label, note = UNIT_SHEET_WORDS.get(lang, UNIT_SHEET_WORDS["zh"])
    slots_label = slots_label.format(grade=quota_grade(result.rules))
    names = cadres["unit"].astype(str)
    sizes = names.groupby(names, sort=False).size()
    keys = [str(k) for k in sizes.index.tolist()]
    counts = _grade_counts(cadres, names, grades, sizes.index)
    slots, named = _unit_groups(result.groups, track_labels(result))
    labels = [named.get(k, "") for k in keys]
    columns = {unit: keys, size: sizes.to_numpy(dtype="int64").tolist()}
    columns |= {g: counts[g] for g in grades}
    columns[slots_label] = [slots.get(k) for k in keys]
    columns[note_label] = [note.format(groups=label) if label else None for label in labels]
    order = [unit, size, *grades, slots_label, note_label]
    return pd.DataFrame(columns if keys else [], columns=order)


def _grade_counts(
    cadres: pd.DataFrame, names: pd.Series, grades: list[str], units: pd.Index
) -> dict[str, list[int]]:
    """grade → how many of each unit's cadres have it (``units`` order)."""
    if "grade" not in cadres:
        return {g: [0] * len(units) for g in grades}
    table = names.groupby([names, cadres["grade"].astype(str)], sort=False).size()
    wide = table.unstack(fill_value=0).reindex(units, fill_value=0)
    zero = [0] * len(units)
    return {g: wide[g].to_numpy(dtype="int64").tolist() if g in wide else zero for g in grades}


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
    codes, uniques = pd.factorize(groups["track"], use_na_sentinel=False)
    words = [tracks.get(str(t), str(t)) for t in uniques.tolist()]
    labels = pd.Series(np.array(words, dtype=object)[codes], index=groups.index, dtype=object)
    shared = owner.duplicated(keep=False).to_numpy()  # a unit with two groups joins them
    joined: dict[object, object] = dict(
        zip(owner[~shared].tolist(), labels[~shared].tolist(), strict=True)
    )
    if shared.any():
        joined |= labels[shared].groupby(owner[shared], sort=False).agg("、".join).to_dict()
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
