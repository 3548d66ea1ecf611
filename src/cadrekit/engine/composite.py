"""Layer 3 — components and the composite score.

:func:`compute_components` adds V (votes), Q (quarterly), ``good_quarters`` and any extra
components; :func:`compute_score` adds S once the adjustments are known:
S = max(floor, Σ weight · component + bonus − deduction), every component rounded first.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from cadrekit.engine._common import (
    Trail,
    audit,
    codes_in,
    concat_audit,
    count_words,
    num_text,
    numeric,
    quarter_frame,
)
from cadrekit.engine.rounding import excel_round
from cadrekit.models.rules import RuleSet

LAYER = "composite"


def extra_column(name: str) -> str:
    """Frame column holding an extra component's rounded value."""
    return f"extra_{name}"


def votes_score(cadres: pd.DataFrame, rules: RuleSet) -> pd.Series:
    votes = rules.components.votes
    if votes is None:
        return pd.Series(np.nan, index=cadres.index, dtype="float64")
    weighted = pd.Series(0.0, index=cadres.index)
    total = pd.Series(0.0, index=cadres.index)
    for kind in votes.kinds.values():
        count = numeric(cadres, kind.column)
        weighted = weighted + kind.points * count
        total = total + count
    return (weighted / total.where(total > 0)).astype("float64")


def quarterly_score(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.Series, pd.Series]:
    """(Q = mean points of assessed quarters, good_quarters)."""
    q = rules.components.quarterly
    quarters = quarter_frame(cadres, rules)
    if q is None:
        nan = pd.Series(np.nan, index=cadres.index, dtype="float64")
        return nan, pd.Series(0, index=cadres.index, dtype="int64")
    table = np.array([*q.points.values(), np.nan], dtype="float64")
    points = pd.DataFrame(
        {c: table[codes_in(quarters[c], list(q.points))] for c in quarters.columns},
        index=cadres.index,
    )
    return points.mean(axis=1, skipna=True), count_words(quarters, q.good)


def compute_components(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, Trail]:
    """Add ``votes_score`` (V), ``quarterly_score`` (Q), ``good_quarters`` and extras."""
    digits = rules.components.digits
    out = cadres.copy(deep=False)
    out["votes_score"] = excel_round(votes_score(cadres, rules), digits)
    q, good = quarterly_score(cadres, rules)
    out["quarterly_score"] = excel_round(q, digits)
    out["good_quarters"] = good
    ids = out["id"]
    parts = []
    if rules.components.votes is not None:
        kinds = rules.components.votes.kinds.values()
        counts = partial(_vote_text, _narrow(cadres, [k.column for k in kinds]), rules)
        parts.append(audit(ids, LAYER, "components.votes", out["votes_score"], counts))
    if rules.components.quarterly is not None:
        quarters = _narrow(cadres, rules.components.quarterly.columns)
        text = partial(_quarter_text, quarters, rules, good)
        parts.append(audit(ids, LAYER, "components.quarterly", out["quarterly_score"], text))
    for k, extra in enumerate(rules.components.extra):
        value = excel_round(numeric(cadres, extra.column), digits)
        out[extra_column(extra.name)] = value
        parts.append(
            audit(ids, LAYER, f"components.extra[{k}]", value, f"{extra.name}（{extra.column}）")
        )
    return out, concat_audit(parts)


def _quarter_text(cadres: pd.DataFrame, rules: RuleSet, good: pd.Series) -> pd.Series:
    """``平时考核 Q：q1=好 q2=较好 q3=未考核 q4=好；好 2 个``."""
    quarters = quarter_frame(cadres, rules).fillna("未考核")
    text = pd.Series("", index=cadres.index, dtype="string")
    for col in quarters.columns:
        text = text + col + "=" + quarters[col] + " "
    return "平时考核 Q：" + text.str.strip() + "；好 " + good.astype("string") + " 个"


def _vote_text(cadres: pd.DataFrame, rules: RuleSet) -> pd.Series:
    votes = rules.components.votes
    assert votes is not None
    text = pd.Series("民主测评 V：", index=cadres.index, dtype="string")
    for name, kind in votes.kinds.items():
        text = (
            text
            + f"{name} "
            + num_text(numeric(cadres, kind.column))
            + f" 票（{kind.points:g} 分） "
        )
    return text.str.strip()


def compute_score(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, Trail]:
    """Add ``score`` (S) from the rounded components, bonus and deduction."""
    comp = rules.components
    total = comp.performance.weight * cadres["performance"]
    if comp.votes is not None:
        total = total + comp.votes.weight * cadres["votes_score"]
    if comp.quarterly is not None:
        total = total + comp.quarterly.weight * cadres["quarterly_score"]
    for extra in comp.extra:
        total = total + extra.weight * cadres[extra_column(extra.name)]
    total = total + cadres["bonus"] - cadres["deduction"]
    floored = None
    if comp.floor is not None:
        floored = total < comp.floor
        total = total.where(~floored, comp.floor)
    out = cadres.copy(deep=False)
    out["score"] = excel_round(total.astype("float64"), comp.digits)
    used = ["performance", "votes_score", "quarterly_score", "bonus", "deduction"]
    used += [extra_column(extra.name) for extra in comp.extra]
    formula = partial(_formula, _narrow(cadres, used), rules, floored)
    return out, audit(out["id"], LAYER, "components", out["score"], formula)


def _narrow(cadres: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns a deferred reason reads (those present): the reason keeps them, not
    every column of the layer's frame (at a million rows, hundreds of MB until written)."""
    return cadres[[c for c in dict.fromkeys(columns) if c in cadres.columns]]


def _formula(cadres: pd.DataFrame, rules: RuleSet, floored: pd.Series | None) -> pd.Series:
    """``综合得分 S = 0.5×P 88 + 0.3×V 92 + 0.2×Q 95 + 加分 1 − 减分 0``."""
    comp = rules.components
    formula = f"{comp.performance.weight:g}×P " + num_text(cadres["performance"])
    if comp.votes is not None:
        formula = formula + f" + {comp.votes.weight:g}×V " + num_text(cadres["votes_score"])
    if comp.quarterly is not None:
        formula = formula + f" + {comp.quarterly.weight:g}×Q " + num_text(cadres["quarterly_score"])
    for extra in comp.extra:
        value = cadres[extra_column(extra.name)]
        formula = formula + f" + {extra.weight:g}×{extra.name} " + num_text(value)
    formula = (
        formula
        + " + 加分 "
        + num_text(cadres["bonus"])
        + " − 减分 "
        + num_text(cadres["deduction"])
    )
    if floored is not None:
        floor = comp.floor
        formula = formula.where(~floored, formula + f"，低于 {floor:g} 按 {floor:g} 计")
    return "综合得分 S = " + formula
