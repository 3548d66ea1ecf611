"""One sheet while loading (:class:`Loaded`) and a problem located at one of its cells:
what every check of load/validate*.py shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cadrekit.load.cells import shown_invisible
from cadrekit.load.headers import cell_text
from cadrekit.load.schema import ColumnSpec, column_specs
from cadrekit.models.dataset import SheetFrame
from cadrekit.problems import Problem


@dataclass
class Loaded:
    """One sheet while loading: the SheetFrame, its raw cells and the unreadable cells."""

    kind: str
    sheet: SheetFrame
    raw: pd.DataFrame  # raw cells under the frame's column names, same index
    bad: dict[str, pd.Series] = field(default_factory=dict)
    # date cells read from an ambiguous number YYYY.1 (October, or a January typed 2022.1)
    october: dict[str, pd.Series] = field(default_factory=dict)
    # date cells outside the column's plausible range (DATE_RANGE): left empty in the frame
    implausible: dict[str, pd.Series] = field(default_factory=dict)
    # text cells that held a format character (soft hyphen, LRM, bidi controls …), removed
    invisible: dict[str, pd.Series] = field(default_factory=dict)
    # the column specs under the rule set in use (schema.rule_specs); None: the row model's
    specs: dict[str, ColumnSpec] | None = None

    @property
    def columns(self) -> dict[str, ColumnSpec]:
        return self.specs if self.specs is not None else column_specs(self.kind)

    # cells that were number cells in the file (身份证号 typed as a number lost digits)
    numbers: dict[str, pd.Series] = field(default_factory=dict)


def _problem(
    ld: Loaded,
    code: str,
    index: int,
    column: str | None,
    expected: str = "",
    found: str | None = None,
    **params: Any,
) -> Problem:
    sf = ld.sheet
    if found is None:  # invisible characters written out (an RLO would turn the line)
        raw = cell_text(ld.raw.at[index, column]) if column in ld.raw.columns else ""
        found = shown_invisible(raw)
    return Problem(
        code,
        location=sf.cell(index, column),
        found=found,
        expected=expected,
        column=sf.headers.get(column, column or "") if column else "",
        sheet=sf.sheet,
        row=sf.rows[index],
        params={k: v for k, v in params.items() if v is not None},
    )


def _each(mask: pd.Series) -> Iterable[int]:
    return (int(i) for i in mask.index[mask.to_numpy(dtype=bool, na_value=False)])


def _expected(spec: ColumnSpec) -> str:
    if spec.kind in ("choice", "text") and spec.choices:
        return "、".join(spec.choices)
    if spec.kind == "date":
        return "2021-03-15 / 2021.03"
    if spec.kind == "bool":
        return "是/否"
    if spec.kind == "int":
        return "12"
    return spec.bounds_text or "85"
