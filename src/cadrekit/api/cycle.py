"""The year around the score: ``carry`` (结转) turns a scored year into next year's input."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.insight.carry import Carried


def carry(
    source: str | Path,
    output: str | Path,
    *,
    rules: Any = None,
    year: int | None = None,
    force: bool = False,
    decisions: str | Path | None = None,
) -> Carried:
    """``cadrekit carry FILE -o NEXT.xlsx``: score ``source`` (its 决定 sheet applied; any
    input error or refused decision raises ValidationFailed) and write next year's input
    workbook (:mod:`cadrekit.insight.carry`); ``decisions``: a separate 决定 file. Refuses to replace ``output`` without ``force``."""
    from cadrekit.api.scoring import score
    from cadrekit.errors import UsageError
    from cadrekit.insight.carry import Carried, carry_sheets
    from cadrekit.render.carry import write_carry

    target = Path(output)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(
            f"结转结果只能写成 .xlsx 文件：{target.name}",
            message_en=f"the carried workbook is written as .xlsx: {target.name}",
        )
    result = score(source, rules, year, decisions=decisions)
    sheets = carry_sheets(result)
    write_carry(target, sheets, result.rules, inputs=(Path(source),), force=force)
    return Carried(
        path=target,
        year=int(result.year),
        next_year=int(result.year) + 1,
        cadres=len(result.cadres),
        added=len(result.cadres),
        sheets=tuple(s.name for s in sheets),
    )
