"""Layer 6 — ranking within each track: competition ranking ("1224").

Cadres whose limit is the not-graded name are not ranked. The keys are
``ranking.tie_break``, all descending; cadres equal on every key share a rank.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from cadrekit.engine._common import Trail, audit, pick, track_codes
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


def rank_order(cadres: pd.DataFrame, rules: RuleSet) -> np.ndarray:
    """Positions of the graded cadres sorted by track (rule order), keys descending.

    Cadres equal on every key share a rank whatever their order, so ids (a string sort)
    are left to the output order (pipeline)."""
    position = {t.id: i for i, t in enumerate(rules.tracks)}
    keys = [
        -pd.to_numeric(cadres[k], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        for k in rank_columns(rules)
    ]
    keys = [np.where(np.isnan(k), np.inf, k) for k in keys]  # NaN ranks last
    order = np.lexsort((*reversed(keys), track_codes(cadres["track"], position)))
    graded = is_graded(cadres, rules).to_numpy(dtype=bool)
    return order[graded[order]]


def rank_cadres(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, Trail]:
    """Add ``rank`` (Int64, NA for not-graded cadres)."""
    order = rank_order(cadres, rules)
    position = {t.id: i for i, t in enumerate(rules.tracks)}
    track = track_codes(cadres["track"], position)[order]
    keys = [
        pd.to_numeric(cadres[k], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)[order]
        for k in rank_columns(rules)
    ]
    new_track = np.ones(len(order), dtype=bool)
    new_track[1:] = track[1:] != track[:-1]
    changed = new_track.copy()
    for k in keys:
        k = np.where(np.isnan(k), -np.inf, k)
        changed[1:] |= k[1:] != k[:-1]
    start = np.flatnonzero(new_track)
    place = np.arange(len(order)) - np.repeat(start, np.diff(np.r_[start, len(order)])) + 1
    first = np.maximum.accumulate(np.where(changed, np.arange(len(order)), 0))
    ranked = place[first]
    rank = np.full(len(cadres), -1, dtype="int64")
    rank[order] = ranked
    out = cadres.copy(deep=False)
    values = pd.arrays.IntegerArray(np.where(rank > 0, rank, 0), rank < 0)
    out["rank"] = pd.Series(values, index=cadres.index)
    # tied: the same rank as the cadre before or after in the order (in a known track)
    same = ~changed
    tied = (same | np.append(same[1:], False)) & (track < len(position))
    ids = out["id"].take(order)
    text = partial(_reason, rules, ranked, tied, ids.index)
    return out, audit(ids, LAYER, "ranking.tie_break", partial(_rank_text, ranked, ids.index), text)


def _rank_text(ranked: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(ranked, index=index).astype("string")


def _reason(rules: RuleSet, ranked: np.ndarray, tied: np.ndarray, index: pd.Index) -> pd.Series:
    """``赛道内按 综合得分、实绩… 从高到低排序，第 3 名（并列）``."""
    keys = "、".join(_LABELS.get(k, k) for k in rules.ranking.tie_break)
    mark = pick(["", "（并列）"], tied.astype("int64"), index)
    return "赛道内按 " + keys + " 从高到低排序，第 " + _rank_text(ranked, index) + " 名" + mark
