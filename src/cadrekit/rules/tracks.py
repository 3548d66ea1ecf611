"""Which track (赛道) each cadre belongs to under the rules: the one placement the engine's
track layer (:mod:`cadrekit.engine.tracks`, which adds labels and the audit) and the
loader's missing-indicator check (:func:`missing_needed`) both use, so a cell is called
missing exactly when scoring would need it.

Each cadre joins the first track whose condition matches; a non-empty ``track`` cell naming
a track's id or label overrides the conditions; one naming no track is ignored.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from cadrekit.models.columns import codes_in
from cadrekit.models.rules import RuleSet, Track

MISSING_COLUMNS = ["index", "column", "track"]


class Placement(NamedTuple):
    """Per row: ``code`` the track's position (-1: none), ``first`` the first matching
    condition (len(tracks): none), ``chosen`` the track the ``track`` cell names (-1: none),
    ``unknown`` True where that cell names no track."""

    code: np.ndarray
    first: np.ndarray
    chosen: np.ndarray
    unknown: np.ndarray


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


def override(cadres: pd.DataFrame, rules: RuleSet) -> tuple[np.ndarray, np.ndarray]:
    """(track position named by the ``track`` column or -1, True where it names no track)."""
    if "track" not in cadres.columns:
        none = np.full(len(cadres), -1, dtype="int64")
        return none, np.zeros(len(cadres), dtype=bool)
    given = cadres["track"].astype(pd.StringDtype("pyarrow")).str.strip()
    given = given.mask(given == "")
    position = {t.id: i for i, t in enumerate(rules.tracks)}
    by_key = {t.id: position[t.id] for t in rules.tracks}
    by_key.update({t.label: position[t.id] for t in rules.tracks})  # a label wins, as before
    target = np.array([*by_key.values(), -1], dtype="int64")
    chosen = target[codes_in(given, list(by_key))]  # -1: NA or no such key
    unknown = given.notna().to_numpy(dtype=bool) & (chosen < 0)
    return chosen, unknown


def place(cadres: pd.DataFrame, rules: RuleSet) -> Placement:
    """Each row's track: the one its ``track`` cell names, else the first whose condition
    matches, else none."""
    masks = np.column_stack(
        [condition_mask(cadres, t).to_numpy(dtype=bool) for t in rules.tracks]
        + [np.ones(len(cadres), dtype=bool)]
    )
    first = masks.argmax(axis=1)  # first match wins; len(tracks) = no track matched
    chosen, unknown = override(cadres, rules)
    code = np.where(chosen >= 0, chosen, np.where(first < len(rules.tracks), first, -1))
    return Placement(code, first, chosen, unknown)


def missing_needed(cadres: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Every indicator cell a cadre's track needs that is empty (NaN).

    Columns: ``index`` (the frame's index label), ``column``, ``track`` (id). Columns absent
    from the frame are not listed cell by cell (that is a missing-column problem).
    """
    code = place(cadres, rules).code
    parts = []
    empty: dict[str, np.ndarray] = {}  # each column's empty cells, once (tracks share columns)
    for position, track in enumerate(rules.tracks):
        in_track = code == position
        for ind in track.indicators:
            if ind.column not in cadres.columns:
                continue
            if ind.column not in empty:
                empty[ind.column] = cadres[ind.column].isna().to_numpy(dtype=bool)
            hit = in_track & empty[ind.column]
            if hit.any():
                parts.append(
                    pd.DataFrame(
                        {"index": cadres.index[hit], "column": ind.column, "track": track.id}
                    )
                )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in MISSING_COLUMNS})
    return pd.concat(parts, ignore_index=True)[MISSING_COLUMNS]
