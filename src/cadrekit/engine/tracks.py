"""Layer 1 — tracks (赛道): each cadre joins the first track whose condition matches.

A non-empty ``track`` column overrides the conditions; it may hold a track's id or label.
An override naming no track is ignored (the conditions decide) and noted in the audit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cadrekit.engine._common import audit, column_or_na
from cadrekit.models.rules import RuleSet, Track

LAYER = "tracks"


def condition_mask(cadres: pd.DataFrame, track: Track) -> pd.Series:
    """True where every condition column holds one of the wanted values."""
    mask = pd.Series(True, index=cadres.index)
    for column, wanted in track.condition_values().items():
        if column not in cadres.columns:
            return pd.Series(False, index=cadres.index)
        values = cadres[column]
        hit = values.isin(wanted)
        if values.dtype != object and not pd.api.types.is_bool_dtype(values.dtype):
            hit = hit | values.astype("string").isin([str(w) for w in wanted])
        mask &= hit.fillna(False).astype(bool)
    return mask


def _override(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.Series, pd.Series]:
    """(track id from the ``track`` column or NA, True where the column names no track)."""
    given = column_or_na(cadres, "track").astype("string").str.strip()
    given = given.mask(given == "")
    by_key = {t.id: t.id for t in rules.tracks}
    by_key.update({t.label: t.id for t in rules.tracks})
    chosen = given.map(by_key).astype("string")
    unknown = given.notna() & chosen.isna()
    return chosen, unknown


def assign_tracks(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``track`` (id) and ``track_label``; audit which rule placed each cadre."""
    masks = np.column_stack(
        [condition_mask(cadres, t).to_numpy(dtype=bool) for t in rules.tracks]
        + [np.ones(len(cadres), dtype=bool)]
    )
    first = pd.Series(masks.argmax(axis=1), index=cadres.index)  # first match wins
    none = len(rules.tracks)  # the sentinel column: no track matched
    matched = first.map({i: t.id for i, t in enumerate(rules.tracks)}).astype("string")
    reason = first.map({i: _reason(t) for i, t in enumerate(rules.tracks)} | {none: ""})
    path = first.map({i: f"tracks[{i}].condition" for i in range(none)} | {none: ""})

    chosen, unknown = _override(cadres, rules)
    over = chosen.notna()
    track = chosen.where(over, matched)
    position = {t.id: i for i, t in enumerate(rules.tracks)}
    over_path = "tracks[" + track.map(position).astype("string") + "]"
    path = path.where(~over, over_path)
    reason = reason.where(~over, "名册“考核序列”列指定")
    given = column_or_na(cadres, "track").astype("string")
    reason = reason.where(
        ~unknown, "名册“考核序列”为 " + given + "，不是已定义的赛道，已按条件分配；" + reason
    )

    out = cadres.copy()
    out["track"] = track
    out["track_label"] = track.map({t.id: t.label for t in rules.tracks}).astype("string")
    trail = audit(
        out["id"], LAYER, path, track, "赛道 " + out["track_label"].fillna("") + "：" + reason
    )
    return out, trail


def _reason(track: Track) -> str:
    if not track.condition:
        return "其余人员（兜底赛道）"
    parts = [
        f"{c} = {'/'.join(str(v) for v in vals)}" for c, vals in track.condition_values().items()
    ]
    return "满足条件 " + "，".join(parts)
