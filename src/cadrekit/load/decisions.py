"""Checks of the 决定 sheet that need no score: the grade word and one decision per cadre.

What a decision may decide (a tied cadre's 优秀, within the unfilled slots; no grade
better than the rules allow) depends on the scored year: the engine's decisions layer
(``engine/decisions.py``) judges it and ``api.score`` locates its refusals here too,
with :func:`refusals`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.load.validate import Loaded
    from cadrekit.models.dataset import SheetFrame
    from cadrekit.models.rules import RuleSet


def decision_grades(rules: RuleSet) -> list[str]:
    """The grades a committee may decide: every grade of the rules but 不定等次."""
    return [g for g in rules.grades.all if g != rules.grades.not_graded]


def check_decisions(ld: Loaded, rules: RuleSet) -> list[Problem]:
    """``decision-grade`` at a 决定等次 that is no decidable grade word, and
    ``duplicate-decision`` at the second and later decisions about one cadre."""
    sheet = ld.sheet
    frame = sheet.frame
    problems: list[Problem] = []
    if "grade" in frame.columns and "grade" in sheet.letters:
        words = decision_grades(rules)
        given = frame["grade"].astype("string").str.strip()
        bad = given.notna() & ~given.isin(words).fillna(False)
        for i in _labels(bad):
            problems.append(_at(sheet, i, "grade", "decision-grade", "、".join(words)))
    if "id" in frame.columns and "id" in sheet.letters:
        ids = frame["id"].astype("string")
        dup = ids.notna() & ids.duplicated(keep="first")
        first = ids[~ids.duplicated(keep="first")]
        where = pd.Series(first.index, index=first.to_numpy())
        for i in _labels(dup):
            other = sheet.cell(int(where[ids[i]]), "id")
            problems.append(_at(sheet, i, "id", "duplicate-decision", other=other))
    return problems


def refusals(sheet: SheetFrame, verdicts: pd.DataFrame) -> list[Problem]:
    """The engine's refused decisions (``verdicts``: one row per decision, by frame index,
    columns ``verdict`` and ``detail``) as errors at their 决定等次 cells."""
    refused = verdicts[verdicts["verdict"].ne("applied")]
    return [
        _at(sheet, int(i), "grade", f"decision-{v}", detail=str(d))
        for i, v, d in zip(refused.index, refused["verdict"], refused["detail"], strict=True)
    ]


def _labels(mask: pd.Series) -> list[int]:
    return [int(i) for i in mask.index[mask.to_numpy(dtype=bool, na_value=False)]]


def _at(
    sheet: SheetFrame, i: int, column: str, code: str, expected: str = "", **params: Any
) -> Problem:
    found = ""
    if column in sheet.frame.columns:
        found = str(sheet.frame[column].astype("string").fillna("").loc[i])
    return Problem(
        code,
        location=sheet.cell(i, column),
        found=found,
        expected=expected,
        column=sheet.headers.get(column, column),
        sheet=sheet.sheet,
        row=sheet.rows[i],
        params=params,
    )


def attach_decisions(dataset: Any, path: Path, rules: RuleSet, today: dt.date | None = None) -> Any:
    """``--decisions FILE``: the 决定 sheet read from its own workbook or CSV (its only
    sheet, or the one named 决定) and checked against the roster, added to ``dataset``
    (a new Dataset). A roster that has its own 决定 sheet too is a usage error."""
    from cadrekit.errors import UsageError
    from cadrekit.io.read import read_book
    from cadrekit.load import validate as checks
    from cadrekit.load.loader import read_sheet
    from cadrekit.load.schema import rule_specs
    from cadrekit.load.sheets import sheet_kind
    from cadrekit.models.dataset import Dataset
    from cadrekit.problems import sort_problems

    if "decisions" in dataset.sheets:
        raise UsageError(
            f"输入已有决定表（{dataset.sheets['decisions'].sheet}），不能再用 --decisions {path.name}",
            message_en=f"the input has its own 决定 sheet; --decisions {path.name} is one too many",
            hint="只保留一处决定",
            hint_en="keep the decisions in one place",
        )
    book = read_book(Path(path))
    sheets = list(book.sheets)
    named = [s for s in sheets if sheet_kind(s.name) == "decisions"]
    raw = named[0] if named else sheets[0]
    ld, problems = read_sheet(raw, "decisions", {}, rule_specs("decisions", rules))
    if ld is not None:
        problems += checks.check_columns(ld, today)
        problems += check_decisions(ld, rules)
        problems += checks.check_unknown_ids(ld, dataset.cadres)
    sheets_out = dict(dataset.sheets)
    if ld is not None:
        sheets_out["decisions"] = ld.sheet
    return Dataset(
        sheets=sheets_out,
        problems=sort_problems([*dataset.problems, *problems]),
        source=dataset.source,
        sha256=dataset.sha256,
    )
