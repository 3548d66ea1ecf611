"""Layer 6 — ranking within each track: competition ranking ("1224").

Cadres whose limit is the not-graded name are not ranked. The keys are
``ranking.tie_break``, all descending; cadres equal on every key share a rank.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cadrekit.engine._common import audit
from cadrekit.engine.composite import extra_column
from cadrekit.models.rules import RuleSet

LAYER = "rank"
_LABELS = {
    "score": "综合得分",
    "performance": "实绩",
    "votes_score": "民主测评",
    "quarterly_score": "平时考核",
    "good_quarters": "好的季度数",
    "bonus": "加分",
    "deduction": "减分",
}


def rank_columns(rules: RuleSet) -> list[str]:
    extras = {e.name: extra_column(e.name) for e in rules.components.extra}
    return [extras.get(k, k) for k in rules.ranking.tie_break]


def is_graded(cadres: pd.DataFrame, rules: RuleSet) -> pd.Series:
    return ~cadres["limit"].eq(rules.grades.not_graded).fillna(False).astype(bool)


def rank_order(cadres: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Graded cadres sorted by track (rule order), keys descending, then id."""
    keys = rank_columns(rules)
    position = {t.id: i for i, t in enumerate(rules.tracks)}
    frame = pd.DataFrame(
        {
            "_track": cadres["track"].map(position).astype("float64").fillna(len(position)),
            **{
                f"_k{i}": pd.to_numeric(cadres[k], errors="coerce")
                .astype("float64")
                .fillna(-np.inf)
                for i, k in enumerate(keys)
            },
            "_id": cadres["id"].astype("string"),
        },
        index=cadres.index,
    )[is_graded(cadres, rules)]
    names = [f"_k{i}" for i in range(len(keys))]
    return frame.sort_values(
        ["_track", *names, "_id"],
        ascending=[True, *[False] * len(names), True],
        kind="mergesort",
    )


def rank_cadres(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``rank`` (Int64, NA for not-graded cadres)."""
    order = rank_order(cadres, rules)
    names = [c for c in order.columns if c.startswith("_k")]
    changed = order["_track"].ne(order["_track"].shift())
    for name in names:
        changed |= order[name].ne(order[name].shift())
    position = order.groupby("_track").cumcount() + 1
    rank = position.where(changed).ffill()
    out = cadres.copy()
    out["rank"] = rank.reindex(cadres.index).astype("Int64")
    ranked = out.loc[order.index]
    tied = ranked.groupby(["track", "rank"])["id"].transform("size") > 1
    keys = "、".join(_LABELS.get(k, k) for k in rules.ranking.tie_break)
    reason = (
        "赛道内按 " + keys + " 从高到低排序，第 " + ranked["rank"].astype("string") + " 名"
    ) + tied.map({True: "（并列）", False: ""})
    trail = audit(ranked["id"], LAYER, "ranking.tie_break", ranked["rank"].astype("string"), reason)
    return out, trail
