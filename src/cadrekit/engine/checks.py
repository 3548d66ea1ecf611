"""Checks the validator needs from the engine (it turns them into located problems)."""

from __future__ import annotations

import pandas as pd

from cadrekit.engine.tracks import assign_tracks
from cadrekit.models.rules import RuleSet

MISSING_COLUMNS = ["index", "column", "track"]


def missing_needed(cadres: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Every indicator cell a cadre's track needs that is empty (NaN).

    Columns: ``index`` (the frame's index label), ``column``, ``track`` (id). Columns absent
    from the frame are not listed cell by cell (that is a missing-column problem).
    """
    tracked, _ = assign_tracks(cadres, rules)
    parts = []
    for track in rules.tracks:
        in_track = tracked["track"].eq(track.id).fillna(False).astype(bool)
        for ind in track.indicators:
            if ind.column not in cadres.columns:
                continue
            hit = in_track & cadres[ind.column].isna()
            if hit.any():
                parts.append(
                    pd.DataFrame(
                        {"index": cadres.index[hit], "column": ind.column, "track": track.id}
                    )
                )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in MISSING_COLUMNS})
    return pd.concat(parts, ignore_index=True)[MISSING_COLUMNS]
