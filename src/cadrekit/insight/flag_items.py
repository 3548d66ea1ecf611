"""What every 能上能下 list shares: the rows (FLAG_COLUMNS: one per cadre × item, with its
evidence and rule path), their order, and the grade history they read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.insight.grade_grid import grade_history as grade_history
from cadrekit.insight.grade_grid import grades_of as _grades_of
from cadrekit.insight.grade_grid import sheet_frame as _sheet

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result

FLAG_COLUMNS = ["list", "id", "name", "unit", "track", "item", "evidence", "rule_path"]
REVIEW = "（供研究，非结论）"
# supervision records on a risk list: the assessment year and this many years before it
RISK_YEARS_BACK = 1
# shared with the lists (one copy, in grade_grid)
__all__ = ["FLAG_COLUMNS", "REVIEW", "RISK_YEARS_BACK", "_grades_of", "_sheet", "grade_history"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in FLAG_COLUMNS})


def _items(
    cadres: pd.DataFrame, mask: Any, name: str, item: str, evidence: Any, rule_path: str
) -> pd.DataFrame:
    mask = pd.Series(mask, index=cadres.index).fillna(False).astype(bool)
    rows = cadres[mask]
    ev = (
        pd.Series(evidence, index=cadres.index)[mask] if not isinstance(evidence, str) else evidence
    )
    return pd.DataFrame(
        {
            "list": name,
            "id": rows["id"].astype(object),
            "name": rows["name"].astype(object),
            "unit": rows["unit"].astype(object),
            "track": rows["track"].astype(object),
            "item": item,
            "evidence": ev,
            "rule_path": rule_path,
        },
        columns=FLAG_COLUMNS,
    )


def _concat(parts: list[pd.DataFrame], order: pd.Series) -> pd.DataFrame:
    """Rows grouped by cadre in the result's order (track, then rank), items in list order."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return _empty()
    out = pd.concat(parts, ignore_index=True)
    out["_cadre"] = out["id"].map(order)
    out["_item"] = np.arange(len(out))
    out = out.sort_values(["_cadre", "_item"], kind="stable")
    return out[FLAG_COLUMNS].reset_index(drop=True)


def _order(result: Result) -> pd.Series:
    ids = result.cadres["id"].astype(object)
    return pd.Series(np.arange(len(ids)), index=ids.to_numpy()).groupby(level=0).first()


def _track_sizes(cadres: pd.DataFrame) -> pd.Series:
    ranked = cadres["rank"].notna()
    return cadres["track"].map(cadres[ranked].groupby("track").size()).fillna(0).astype(int)


def _num(value: Any) -> str:
    return "" if pd.isna(value) else f"{value:.2f}"
