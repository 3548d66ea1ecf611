"""Grades under weights moved one at a time (±Δ) and with each cadre left out in turn: the
sensitivity report's one_at_a_time and leave_one_out tables (insight/sensitivity.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cadrekit.insight.sensitivity_base import TrackBase
from cadrekit.insight.sensitivity_eval import evaluate, performance
from cadrekit.models.rules import RuleSet

_LOO_CADRES = 400  # leave-one-out of a track with many quota groups: cadres per block

OAT_COLUMNS = ["track", "indicator", "weight", "weight_new", "row", "grade", "grade_new"]

LOO_COLUMNS = ["track", "quota_group", "removed_row", "slots", "slots_new", "row", "grade"]
LOO_COLUMNS += ["grade_new"]


def moved(weights: np.ndarray, j: int, delta: float) -> np.ndarray:
    """Weight j moved by ``delta`` (clipped to 0–1), the others rescaled to keep the sum 1."""
    out = weights.astype(float).copy()
    new = min(1.0, max(0.0, out[j] + delta))
    rest = 1.0 - out[j]
    others = np.arange(len(out)) != j
    out[others] = out[others] * (1.0 - new) / rest if rest > 0 else (1.0 - new) / others.sum()
    out[j] = new
    return out


def one_at_a_time(base: TrackBase, delta: float, rules: RuleSet) -> pd.DataFrame:
    w = base.weights
    if len(w) < 2 or delta == 0:
        return pd.DataFrame(columns=OAT_COLUMNS)
    variants = [(j, s) for j in range(len(w)) for s in (-delta, delta)]
    matrix = np.array([moved(w, j, s) for j, s in variants])
    ev = evaluate(base, matrix, rules)
    names = rules.grades.all
    out = []
    for v, (j, _) in enumerate(variants):
        for c in np.flatnonzero(ev.grade[v] != base.actual):
            out.append(
                [
                    *(base.track.id, base.track.indicators[j].column, w[j], matrix[v, j]),
                    *(base.rows[c], names[base.actual[c]], names[ev.grade[v, c]]),
                ]
            )
    return pd.DataFrame(out, columns=OAT_COLUMNS)


def leave_one_out(base: TrackBase, rules: RuleSet) -> pd.DataFrame:
    """Remove each cadre in turn: whose grade changes.

    When P does not depend on the others (weighted sum, no normalisation), only the removed
    cadre's quota group can change, and only through its slots or its quota position: so
    the variants are each cadre who has or shares the quota grade, plus per quota group one
    other graded cadre standing for the rest (their removal changes n alike; tested against
    removing everyone).
    """
    m = len(base.rows)
    if base.depends_on_group:
        return _loo_block(base, rules, np.arange(m), recompute=True)
    if len(base.group_labels) > 1:  # whole quota groups, about _LOO_CADRES cadres at a time
        sizes = np.bincount(base.group)
        chunk = np.cumsum(sizes) // _LOO_CADRES
        parts = [
            _leave_one_out_groups(base.subset(np.flatnonzero(np.isin(base.group, gs))), rules)
            for gs in (np.flatnonzero(chunk == c) for c in np.unique(chunk))
        ]
        return concat(parts, LOO_COLUMNS)
    return _leave_one_out_groups(base, rules)


def _leave_one_out_groups(base: TrackBase, rules: RuleSet) -> pd.DataFrame:
    now = evaluate(base, base.weights[None, :], rules)
    special = (now.grade[0] == rules.grades.position(rules.quota.grade)) | now.tie[0]
    graded = base.actual != len(rules.grades.order)
    ordinary = ~special & graded
    # one ordinary cadre per quota group stands for the group's other ordinary cadres
    first = np.unique(base.group[ordinary], return_index=True)[1]
    reps = np.flatnonzero(ordinary)[first]
    frame = _loo_block(base, rules, np.r_[np.flatnonzero(special), reps], recompute=False)
    if frame.empty:
        return frame
    rep_of = dict(zip(base.group[reps].tolist(), base.rows[reps].tolist(), strict=True))
    copies = []
    for g, members in pd.Series(np.flatnonzero(ordinary)).groupby(base.group[ordinary]):
        block = frame[frame["removed_row"].eq(rep_of[int(g)])]
        others = base.rows[members.to_numpy()[1:]]
        if len(block) and len(others):
            big = block.loc[block.index.repeat(len(others))].copy()
            big["removed_row"] = np.tile(others, len(block))
            copies.append(big)
    return concat([frame, *copies], LOO_COLUMNS)


def _loo_block(
    base: TrackBase, rules: RuleSet, removed: np.ndarray, recompute: bool
) -> pd.DataFrame:
    m = len(base.rows)
    if m < 2 or len(removed) == 0:
        return pd.DataFrame(columns=LOO_COLUMNS)
    present = np.ones((len(removed), m), dtype=bool)
    present[np.arange(len(removed)), removed] = False
    w = np.tile(base.weights, (len(removed), 1))
    perf = None
    if recompute:  # P of the others changes with who is in the track: one variant each
        digits = rules.components.digits
        perf = np.full((len(removed), m), np.nan)
        for v, keep in enumerate(present):
            perf[v, keep] = performance(base.subset(keep, True), base.weights[None, :], digits)[0]
    ev = evaluate(base, w, rules, present=present, perf=perf)
    slots = _slots(base, removed, rules)
    names = rules.grades.all
    changed = (ev.grade != base.actual) & present
    out = []
    for v, c in zip(*np.nonzero(changed), strict=True):
        i = removed[v]
        g = base.group[i]
        out.append(
            [
                *(base.track.id, base.group_labels[g], base.rows[i], slots[0][g], slots[1][v, g]),
                *(base.rows[c], names[base.actual[c]], names[ev.grade[v, c]]),
            ]
        )
    return pd.DataFrame(out, columns=LOO_COLUMNS)


def _slots(base: TrackBase, removed: np.ndarray, rules: RuleSet) -> tuple[np.ndarray, np.ndarray]:
    """(slots per group now, slots per group with each of ``removed`` left out)."""
    from fractions import Fraction

    rate = rules.quota.rates.get(base.track.id)
    graded = base.actual != len(rules.grades.order)
    groups = len(base.group_labels)
    n_now = np.bincount(base.group, weights=graded, minlength=groups).astype("int64")
    n_new = np.tile(n_now, (len(removed), 1))
    n_new[np.arange(len(removed)), base.group[removed]] -= graded[removed].astype("int64")
    if rate is None:
        return np.zeros_like(n_now), np.zeros_like(n_new)
    f = Fraction(rate)
    p, d = f.numerator, f.denominator
    if rules.quota.rounding == "floor":
        return (n_now * p) // d, (n_new * p) // d
    return (2 * n_now * p + d) // (2 * d), (2 * n_new * p + d) // (2 * d)


def concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)
