"""Layer 8 — consequences and flags over this year's grade and the history sheet.

A consequence with ``years: k`` flags a cadre whose grade is ``grade`` this year and in
each of the k − 1 previous years (history rows ``id, year, grade``). The quota-tie flag
from grading comes first, then consequences in rule order.
"""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd

from cadrekit.engine._common import Trail, audit, codes_in, column_or_na, concat_audit
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
        # ids graded so in as many distinct past years as the rule needs
        codes, ids = pd.factorize(past["id"], sort=False)
        ycodes, seen = pd.factorize(past["year"], sort=False)
        ok = (codes >= 0) & (ycodes >= 0)
        pairs = np.unique(codes[ok].astype("int64") * len(seen) + ycodes[ok])
        years = np.bincount(pairs // max(len(seen), 1), minlength=len(ids))
        full = ids[years == rule.years - 1]
        mask &= codes_in(cadres["id"], full) >= 0
    return mask.astype(bool)


def _empty_lists(n: int) -> list[list[str]]:
    """A fresh list per cadre. Made with the cyclic GC paused: a collection triggered by
    100,000 new lists walks every object of the process (and takes longer than the lists)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return [[] for _ in range(n)]
    finally:
        if paused:
            gc.enable()


def apply_flags(
    cadres: pd.DataFrame, history: pd.DataFrame | None, rules: RuleSet, year: int
) -> tuple[pd.DataFrame, Trail]:
    """Add ``flags``: a list of kebab-case codes per cadre."""
    hist = _history(history)
    tie = column_or_na(cadres, "quota_tie").fillna(False).to_numpy(dtype=bool)
    raised = [(tie, rules.quota.tie_flag)]
    parts = []
    for i, rule in enumerate(rules.consequences):
        mask = consequence_mask(cadres, hist, rule, year)
        raised.append((mask.to_numpy(dtype=bool), rule.flag))
        span = (
            f"{year}" if rule.years == 1 else f"{year - rule.years + 1}–{year} 连续 {rule.years} 年"
        )
        reason = f"{span}等次为{rule.grade} → {rule.flag}"
        parts.append(audit(cadres["id"], LAYER, f"consequences[{i}]", rule.flag, reason, mask))
    out = cadres.copy(deep=False)
    # Most cadres have no flag: a list per flagged cadre (codes in rule order), [] for the rest
    flags = np.empty(len(cadres), dtype=object)
    flags[:] = _empty_lists(len(cadres))
    for has, code in raised:
        for i in np.flatnonzero(has).tolist():
            flags[i].append(code)
    out["flags"] = pd.Series(flags, index=cadres.index, dtype=object)
    return out, concat_audit(parts)
