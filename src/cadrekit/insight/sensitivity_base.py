"""What does not move with the weights, per track (:class:`TrackBase`): the indicator
values, the fixed components, the weight-free limits and quota conditions, the quota groups
and the engine's own grades, taken once from the scored frame (insight/sensitivity_eval.py
then evaluates many weight vectors over it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cadrekit.engine.grade import eligibility, quota_groups
from cadrekit.engine.limits import apply_limits
from cadrekit.engine.performance import normalise, oriented, topsis_inputs
from cadrekit.engine.rank import rank_columns
from cadrekit.models.rules import RuleSet, Track


@dataclass
class TrackBase:
    """What does not move with the weights, for the cadres of one track (frame order)."""

    track: Track
    rows: np.ndarray  # positions in the result frame
    values: np.ndarray  # (m, n): normalised values (weighted sum) or raw values (TOPSIS)
    raw: np.ndarray  # (m, n): the indicator values as read
    directions: np.ndarray  # (n,) ±1, for TOPSIS
    fixed: dict[str, np.ndarray]  # frame column → (m,) float
    limit: np.ndarray  # (m,) strictest limit position without the score limits; -1 none
    quarters_ok: np.ndarray  # (m,) the weight-free part of quota eligibility
    group: np.ndarray  # (m,) quota group code 0..G-1
    group_labels: list[str]
    tail_order: (
        np.ndarray
    )  # (m,) order by the fixed tie-break keys after the last moving one, then id
    tail_group: np.ndarray  # (m,) equal where those fixed keys are all equal
    actual: np.ndarray  # (m,) the engine's grade positions

    @property
    def weights(self) -> np.ndarray:
        return np.array([ind.weight for ind in self.track.indicators], dtype=float)

    @property
    def depends_on_group(self) -> bool:
        """True when a cadre's P depends on who else is in the track."""
        return self.track.aggregate == "topsis" or any(
            ind.normalise != "none" for ind in self.track.indicators
        )

    def subset(self, keep: np.ndarray, renormalise: bool = False) -> TrackBase:
        """The track restricted to the positions ``keep``; ``renormalise``: normalise the
        values within the remaining cadres (as the engine would without the others)."""
        codes, inverse = np.unique(self.group[keep], return_inverse=True)
        raw = self.raw[keep]
        return TrackBase(
            track=self.track,
            rows=self.rows[keep],
            values=_normalised(raw, self.track) if renormalise else self.values[keep],
            raw=raw,
            directions=self.directions,
            fixed={k: v[keep] for k, v in self.fixed.items()},
            limit=self.limit[keep],
            quarters_ok=self.quarters_ok[keep],
            group=inverse.reshape(-1),
            group_labels=[self.group_labels[c] for c in codes],
            tail_order=np.argsort(np.argsort(self.tail_order[keep], kind="stable")),
            tail_group=self.tail_group[keep],
            actual=self.actual[keep],
        )


def track_bases(
    cadres: pd.DataFrame,
    rules: RuleSet,
    year: int,
    frames: Mapping[str, pd.DataFrame | None],
) -> list[TrackBase]:
    """One TrackBase per track with cadres, from the engine's result frame."""
    limit = _weight_free_limit(cadres, rules, year, frames)
    no_score = rules.model_copy(
        update={"quota": rules.quota.model_copy(update={"min_score": None})}
    )
    quarters_ok = eligibility(
        cadres.assign(limit=pd.Series(pd.NA, index=cadres.index, dtype="string"), score=0.0),
        no_score,
    ).to_numpy(dtype=bool)
    groups = quota_groups(cadres, rules)["quota_group"].astype("string").fillna("")
    actual = _positions(rules, cadres["grade"])
    bases = []
    for track in rules.tracks:
        rows = np.flatnonzero(cadres["track"].eq(track.id).fillna(False).to_numpy(dtype=bool))
        if len(rows):
            sub = cadres.iloc[rows]
            labels, codes = np.unique(groups.iloc[rows].to_numpy(dtype=str), return_inverse=True)
            order, same = _tail(sub, rules)
            bases.append(
                TrackBase(
                    track=track,
                    rows=rows,
                    values=_normalised(_raw(sub, track), track),
                    raw=_raw(sub, track),
                    directions=np.array(
                        [1 if i.direction == "higher" else -1 for i in track.indicators]
                    ),
                    fixed={c: _num(sub, c) for c in _fixed_columns(rules) if c in sub.columns},
                    limit=limit[rows],
                    quarters_ok=quarters_ok[rows],
                    group=codes.reshape(-1),
                    group_labels=[str(x) for x in labels],
                    tail_order=order,
                    tail_group=same,
                    actual=actual[rows],
                )
            )
    return bases


def _num(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _positions(rules: RuleSet, names: pd.Series) -> np.ndarray:
    table = {name: rules.grades.position(name) for name in rules.grades.all}
    return names.map(table).astype("float64").fillna(-1).to_numpy(dtype="int64")


def _raw(sub: pd.DataFrame, track: Track) -> np.ndarray:
    if track.aggregate == "topsis":
        return topsis_inputs(sub, track)[0]
    return np.column_stack([_series(sub, i.column).to_numpy() for i in track.indicators])


def _normalised(raw: np.ndarray, track: Track) -> np.ndarray:
    """The engine's orientation and normalisation of each column (TOPSIS: raw values)."""
    if track.aggregate == "topsis":
        return raw
    cols = [
        normalise(oriented(pd.Series(raw[:, j]), ind), ind.normalise)
        for j, ind in enumerate(track.indicators)
    ]
    return np.column_stack([c.to_numpy(dtype="float64") for c in cols])


def _series(sub: pd.DataFrame, column: str) -> pd.Series:
    if column not in sub.columns:
        return pd.Series(np.nan, index=sub.index, dtype="float64")
    return pd.to_numeric(sub[column], errors="coerce").astype("float64")


def _fixed_columns(rules: RuleSet) -> list[str]:
    names = ["votes_score", "quarterly_score", "bonus", "deduction"]
    names += [f"extra_{e.name}" for e in rules.components.extra]
    return names + [c for c in rank_columns(rules) if c not in ("score", "performance")]


def _weight_free_limit(
    cadres: pd.DataFrame, rules: RuleSet, year: int, frames: Mapping[str, pd.DataFrame | None]
) -> np.ndarray:
    """The limit every cadre has whatever S is: the engine's limits without ``limits.score``."""
    if not rules.limits.score:
        return _positions(rules, cadres["limit"].astype("string"))
    bare = rules.model_copy(update={"limits": rules.limits.model_copy(update={"score": []})})
    out, _ = apply_limits(
        cadres, bare, year, supervision=frames.get("supervision"), events=frames.get("events")
    )
    return _positions(rules, out["limit"])


def _tail(sub: pd.DataFrame, rules: RuleSet) -> tuple[np.ndarray, np.ndarray]:
    """Order and equality classes of the fixed keys after the last weight-dependent key."""
    keys = rank_columns(rules)
    moving = [i for i, k in enumerate(keys) if k in ("score", "performance")]
    tail = keys[moving[-1] + 1 :] if moving else keys
    cols = [np.nan_to_num(_num(sub, k), nan=-np.inf) for k in tail]
    ids = sub["id"].astype("string").to_numpy(dtype=str)
    order = np.lexsort([ids, *[-c for c in reversed(cols)]])
    rank = np.empty(len(sub), dtype="int64")
    rank[order] = np.arange(len(sub))
    if not cols:
        return rank, np.zeros(len(sub), dtype="int64")
    table = np.column_stack(cols)[order]
    new = np.r_[True, (table[1:] != table[:-1]).any(axis=1)]
    same = np.empty(len(sub), dtype="int64")
    same[order] = np.cumsum(new)
    return rank, same


def moving_keys(rules: RuleSet) -> list[str]:
    """Tie-break keys up to the last one that moves with the weights (score, performance)."""
    keys = rank_columns(rules)
    moving = [i for i, k in enumerate(keys) if k in ("score", "performance")]
    return keys[: moving[-1] + 1] if moving else []
