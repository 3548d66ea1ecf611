"""Layer 8 — consequences and flags over this year's grade and the history sheet.

A consequence with ``years: k`` flags a cadre whose grade is ``grade`` this year and in
each of the k − 1 previous years (history rows ``id, year, grade``). The quota-tie flag
from grading comes first, then consequences in rule order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cadrekit.engine._common import audit, column_or_na, concat_audit, join_text
from cadrekit.models.rules import Consequence, RuleSet

LAYER = "flags"


def _history(history: pd.DataFrame | None) -> pd.DataFrame:
    if history is None:
        history = pd.DataFrame(columns=["id", "year", "grade"])
    return pd.DataFrame(
        {
            "id": column_or_na(history, "id").astype("string"),
            "year": pd.to_numeric(column_or_na(history, "year"), errors="coerce"),
            "grade": column_or_na(history, "grade").astype("string").str.strip(),
        }
    )


def consequence_mask(
    cadres: pd.DataFrame, hist: pd.DataFrame, rule: Consequence, year: int
) -> pd.Series:
    mask = cadres["grade"].eq(rule.grade).fillna(False).astype(bool)
    if rule.years > 1:
        past = hist[
            hist["grade"].eq(rule.grade).fillna(False)
            & hist["year"].between(year - rule.years + 1, year - 1).fillna(False)
        ]
        years = past.groupby("id")["year"].nunique()
        mask &= cadres["id"].astype("string").map(years).fillna(0).eq(rule.years - 1)
    return mask.astype(bool)


def apply_flags(
    cadres: pd.DataFrame, history: pd.DataFrame | None, rules: RuleSet, year: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``flags``: a list of kebab-case codes per cadre."""
    hist = _history(history)
    tie = column_or_na(cadres, "quota_tie").fillna(False).astype(bool)
    codes = pd.Series(pd.NA, index=cadres.index, dtype="string")
    codes = join_text(codes, pd.Series(rules.quota.tie_flag, index=cadres.index).where(tie), ",")
    parts = []
    for i, rule in enumerate(rules.consequences):
        mask = consequence_mask(cadres, hist, rule, year)
        codes = join_text(codes, pd.Series(rule.flag, index=cadres.index).where(mask), ",")
        span = (
            f"{year}" if rule.years == 1 else f"{year - rule.years + 1}–{year} 连续 {rule.years} 年"
        )
        parts.append(
            audit(
                cadres["id"][mask],
                LAYER,
                f"consequences[{i}]",
                rule.flag,
                f"{span}等次为{rule.grade} → {rule.flag}",
            )
        )
    out = cadres.copy()
    # Most cadres have no flag: split only the flagged ones (a fresh list per cadre).
    flags: list[list[str]] = [[] for _ in range(len(codes))]
    has = codes.notna().to_numpy(dtype=bool)
    for i, text in zip(np.flatnonzero(has).tolist(), codes[has].tolist(), strict=True):
        flags[i] = text.split(",")
    out["flags"] = flags
    return out, concat_audit(parts)
