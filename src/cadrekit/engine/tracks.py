"""Layer 1 — tracks (赛道): each cadre joins the first track whose condition matches.

A non-empty ``track`` column overrides the conditions; it may hold a track's id or label.
An override naming no track is ignored (the conditions decide) and noted in the audit.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from cadrekit.engine._common import Trail, audit, column_or_na, pick
from cadrekit.models.rules import RuleSet, Track
from cadrekit.rules.tracks import condition_mask, place

__all__ = ["assign_tracks", "condition_mask"]

LAYER = "tracks"


def assign_tracks(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, Trail]:
    """Add ``track`` (id) and ``track_label``; audit which rule placed each cadre."""
    code, first, chosen, unknown = place(cadres, rules)
    out = cadres.copy(deep=False)
    out["track"] = pick([t.id for t in rules.tracks], code, cadres.index)
    out["track_label"] = pick([t.label for t in rules.tracks], code, cadres.index)
    # which rule decided, by row: tracks[i] matched, tracks[i] named, or none matched
    how = np.where(chosen >= 0, len(rules.tracks) + chosen, code)  # named: n + i; none: -1
    given = column_or_na(cadres, "track")
    path = partial(_paths, how, rules, cadres.index)
    reason = partial(_reasons, how, first, unknown, given, rules, cadres.index)
    return out, audit(out["id"], LAYER, path, out["track"], reason)


def _paths(how: np.ndarray, rules: RuleSet, index: pd.Index) -> pd.Series:
    n = len(rules.tracks)
    paths = [f"tracks[{i}].condition" for i in range(n)] + [f"tracks[{i}]" for i in range(n)]
    return pick(paths, how, index).fillna("")


def _reasons(
    how: np.ndarray,
    first: np.ndarray,
    unknown: np.ndarray,
    given: pd.Series,
    rules: RuleSet,
    index: pd.Index,
) -> pd.Series:
    """``赛道 <label>：<why>`` for each cadre."""
    tracks = rules.tracks
    why = [_reason(t) for t in tracks]
    matched = [f"赛道 {t.label}：{w}" for t, w in zip(tracks, why, strict=True)]
    named = [f"赛道 {t.label}：名册“考核序列”列指定" for t in tracks]
    text = pick([*matched, *named], how, index).fillna("赛道 ：")
    if unknown.any():
        rows = index[unknown]
        label = pick([t.label for t in tracks], np.where(first < len(tracks), first, -1), index)
        reason = pick([*why, ""], first, index)
        extra = (
            "赛道 "
            + label[rows].fillna("")
            + "：名册“考核序列”为 "
            + given.astype("string")[rows]
            + "，不是已定义的赛道，已按条件分配；"
            + reason[rows]
        )
        text = text.mask(pd.Series(unknown, index=index), extra)
    return text


def _reason(track: Track) -> str:
    if not track.condition:
        return "其余人员（兜底赛道）"
    parts = [
        f"{c} = {'/'.join(str(v) for v in vals)}" for c, vals in track.condition_values().items()
    ]
    return "满足条件 " + "，".join(parts)
