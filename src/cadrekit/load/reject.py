"""Input with errors: refused, or (lenient) scored without the rows that cannot be scored.

One rule for ``score --lenient`` (:func:`cadrekit.api.score`) and ``batch --lenient``, so a
file leaves out the same rows in a batch as on its own. A cadre row is left out only when
one of its errors leaves it unscorable (``Problem.blocks_scoring``: no id, a score input
unreadable …); a cadre row whose errors do not touch the score (a 身份证号 that disagrees
with 出生年月) is scored, stays in the quota base, and its errors stay listed as errors.
A row of another sheet (an event, a history year) with an error is left out. Each row
left out becomes a ``rejected-row`` warning naming its errors; an error that belongs to no
row (a missing sheet or column) still refuses the input.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from cadrekit.errors import ValidationFailed
from cadrekit.load.loader import rejected_rows
from cadrekit.problems import Problem, sort_problems

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.dataset import Dataset


def reject_rows(
    dataset: Dataset, problems: list[Problem], lenient: bool
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Refuse input with errors; or (lenient) leave out each row with errors, saying so."""
    errors = [p for p in problems if p.level == "error"]
    frames = {kind: sheet.frame for kind, sheet in dataset.sheets.items()}
    kept: list[Problem] = [p for p in problems if p.level != "error"]
    dropped: set[tuple[str, int]] = set()
    by_row: dict[tuple[str, int | None], list[Problem]] = {}
    for p in errors:
        by_row.setdefault((p.sheet, p.row), []).append(p)
    if lenient:
        for kind, sheet in dataset.sheets.items():
            labels = rows_with_errors(
                sheet, errors, rejected_rows(dataset) if kind == "cadres" else None
            )
            where = {lab: i for i, lab in enumerate(sheet.frame.index)}
            for label in labels:
                pos = where[label]
                row = int(sheet.rows[pos])
                mine = by_row.get((sheet.sheet, row), [])
                dropped.add((sheet.sheet, row))
                found = "；".join(
                    f"{p.location or p.column}: {p.title('zh')} [{p.code}]"
                    + (f" ({p.found})" if p.found else "")
                    for p in mine
                )
                kept.append(
                    Problem(
                        "rejected-row",
                        location=sheet.cell(pos),
                        sheet=sheet.sheet,
                        row=row,
                        found=found,
                        params={"errors": [p.code for p in mine], "kind": kind},
                    )
                )
            frames[kind] = sheet.frame.drop(index=labels)
    left = [p for p in errors if (p.sheet, p.row) not in dropped]
    if lenient:  # errors on cadre rows that are scored all the same: listed, not refused
        listed = _on_scored_cadre_rows(dataset, left)
        kept += listed
        left = [p for p in left if not any(p is q for q in listed)]
    if left:
        n = len(left)
        # --lenient leaves out rows: it helps only when every error belongs to a row
        suggest = not lenient and _all_in_rows(dataset, left)
        raise ValidationFailed(
            f"输入有 {n} 处错误，未评分",
            message_en=f"the input has {n} error(s); nothing was scored",
            hint="修正后重新运行" + ("，或加 --lenient 只评有效的行" if suggest else ""),
            hint_en="fix them and run again"
            + (", or add --lenient to score the valid rows" if suggest else ""),
            problems=sort_problems(problems),
        )
    return frames, sort_problems(kept)


def _on_scored_cadre_rows(dataset: Dataset, errors: list[Problem]) -> list[Problem]:
    """The errors that sit on a cadre data row and leave its score intact."""
    sheet = dataset.sheets.get("cadres")
    if sheet is None:
        return []
    rows = {int(r) for r in sheet.rows}
    return [p for p in errors if p.sheet == sheet.sheet and p.row in rows and not p.blocks_scoring]


def _all_in_rows(dataset: Dataset, errors: list[Problem]) -> bool:
    """Does every error belong to a data row (not a header, a missing sheet or column)?"""
    rows: dict[str, set[int]] = {}
    for sheet in dataset.sheets.values():
        if any(p.sheet == sheet.sheet for p in errors):
            rows[sheet.sheet] = {int(r) for r in sheet.rows}
    return all(p.row in rows.get(p.sheet, ()) for p in errors)


def rows_with_errors(sheet: Any, errors: list[Problem], rejected: list[int] | None) -> list[int]:
    """Frame index labels of the sheet's rows with an error (the loader decides for cadres)."""
    if rejected is not None:
        return rejected
    position = {row: i for i, row in enumerate(sheet.rows)}
    bad = {position[p.row] for p in errors if p.sheet == sheet.sheet and p.row in position}
    return sorted(int(sheet.frame.index[i]) for i in bad)


def without_rejected(dataset: Dataset) -> Dataset:
    """The dataset without its rows with errors, each listed as a ``rejected-row`` warning.

    The same rule as ``score --lenient`` (``api.score(lenient=True)``), so that a file
    leaves out the same rows in a batch as on its own. Raises ValidationFailed when an
    error belongs to no row (a missing sheet or column): the file cannot be scored.
    """
    frames, problems = reject_rows(dataset, list(dataset.problems), lenient=True)
    sheets = {}
    for kind, sheet in dataset.sheets.items():
        kept = sheet.frame.index.get_indexer(frames[kind].index)
        rows = [sheet.rows[i] for i in kept]
        sheets[kind] = replace(sheet, frame=frames[kind].reset_index(drop=True), rows=rows)
    return replace(dataset, sheets=sheets, problems=problems)
