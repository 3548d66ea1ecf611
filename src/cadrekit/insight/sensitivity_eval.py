"""Grades of one track for many indicator weight vectors at once (for ``sensitivity``).

Only P depends on the indicator weights. V, Q, bonus, deduction, the limits that do not
look at S, and the quarter conditions of quota eligibility are taken once from the engine;
for a (k × n) array of weight vectors this module recomputes, as arrays of shape
(k × cadres): P, S (Excel rounding), the score limits, competition ranks with the
tie-break keys, and the quota grades per quota group — the engine's rules, no loop per
weight vector. Row k of the output belongs to weight vector k; with the rule file's own
weights it reproduces the engine's grades exactly (tested). What does not move with the
weights is built once per track in insight/sensitivity_base.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from cadrekit.engine.rounding import excel_round
from cadrekit.engine.topsis import topsis
from cadrekit.insight.sensitivity_base import TrackBase, moving_keys
from cadrekit.models.rules import RuleSet

_CHUNK = 2_000_000  # elements per TOPSIS block (k × m × n), to bound memory


@dataclass
class Evaluation:
    """(k × m) arrays for k weight vectors; positions as in TrackBase."""

    performance: np.ndarray
    score: np.ndarray
    rank: np.ndarray  # competition rank, 0 where not graded
    mid_rank: np.ndarray  # average rank of the tie block (for correlations)
    grade: np.ndarray  # grade position (0 = best)
    tie: np.ndarray  # cut of the quota inside a tie


# --- evaluation ---------------------------------------------------------------------------


def round_like_excel(x: np.ndarray, digits: int) -> np.ndarray:
    """``excel_round`` on an array, fast: half away from zero on x · 10^digits, and
    ``excel_round`` itself for the values near a half (where its 15-significant-digit step
    can decide) or too large for the shortcut."""
    scaled = np.abs(x) * 10.0**digits
    whole = np.floor(scaled + 0.5)
    out = np.copysign(whole / 10.0**digits, x)
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    near |= scaled >= 1e12
    near &= np.isfinite(x)
    if near.any():
        out[near] = excel_round(x[near], digits)
    return out


def performance(base: TrackBase, weights: np.ndarray, digits: int) -> np.ndarray:
    """P for every weight vector: (k × n) weights → (k × m), rounded as the engine rounds."""
    w = np.atleast_2d(np.asarray(weights, dtype="float64"))
    k, m = w.shape[0], base.values.shape[0]
    if base.track.aggregate == "topsis":
        total = np.full((k, m), np.nan)
        ok = ~np.isnan(base.values).any(axis=1)
        if ok.any():
            step = max(1, _CHUNK // max(1, ok.sum() * w.shape[1]))
            for start in range(0, k, step):  # blocks of weight vectors, to bound memory
                res = topsis(base.values[ok], w[start : start + step], base.directions)
                total[start : start + step, ok] = 100.0 * res.closeness
        return round_like_excel(total, digits)
    # (m × n) @ (n × k), summed indicator by indicator in the engine's order so that the
    # rule file's own weights give the engine's floating-point P bit for bit.
    total = np.zeros((k, m))
    for j in range(w.shape[1]):
        total = total + w[:, j, None] * base.values[None, :, j]
    return round_like_excel(total, digits)


def composite(base: TrackBase, perf: np.ndarray, rules: RuleSet) -> np.ndarray:
    """S = max(floor, Σ weight · component + bonus − deduction), as ``compute_score``."""
    comp = rules.components
    total = comp.performance.weight * perf
    if comp.votes is not None:
        total = total + comp.votes.weight * base.fixed["votes_score"]
    if comp.quarterly is not None:
        total = total + comp.quarterly.weight * base.fixed["quarterly_score"]
    for extra in comp.extra:
        total = total + extra.weight * base.fixed[f"extra_{extra.name}"]
    total = total + base.fixed["bonus"] - base.fixed["deduction"]
    if comp.floor is not None:
        total = np.where(total < comp.floor, comp.floor, total)
    return round_like_excel(total, comp.digits)


def evaluate(
    base: TrackBase,
    weights: np.ndarray,
    rules: RuleSet,
    present: np.ndarray | None = None,
    perf: np.ndarray | None = None,
) -> Evaluation:
    """Grades of the track for each weight vector; ``present`` (k × m) removes cadres."""
    perf = performance(base, weights, rules.components.digits) if perf is None else perf
    score = composite(base, perf, rules)
    limit = np.broadcast_to(base.limit, score.shape)
    for rule in rules.limits.score:
        pos = rules.grades.position(rule.limit)
        if pos > 0:
            limit = np.where((score < rule.below) & (pos > limit), pos, limit)
    graded = limit != len(rules.grades.order)
    if present is not None:
        graded = graded & present
    q = rules.quota
    eligible = graded & ~np.isnan(score) & base.quarters_ok
    if q.eligibility.no_limit:
        eligible &= limit < 0
    if q.min_score is not None:
        eligible &= score >= q.min_score
    keys = {"score": score, "performance": perf}
    moving = [keys.get(c, c) for c in moving_keys(rules)]
    order, rank, mid = _rank(base, graded, moving, rules.components.digits)
    award, tie = _quota(base, order, rank, graded, eligible, q.rates.get(base.track.id), rules)
    grade = np.where(
        award, rules.grades.position(q.grade), rules.grades.position(rules.grades.default)
    )
    grade = np.maximum(grade, limit)
    return Evaluation(perf, score, rank, mid, grade, tie)


def _packed(
    cols: list[np.ndarray], graded: np.ndarray, tail: np.ndarray, digits: int
) -> np.ndarray | None:
    """(not graded, keys descending, tail) packed into one int64 per cadre, when the keys
    are values rounded to ``digits`` decimals whose ranges fit; else None."""
    m = graded.shape[1]
    span = 2 * m
    parts = []
    for c in cols:
        finite = np.isfinite(c)
        if not finite.any():
            parts.append((np.zeros(c.shape, dtype="int64"), 1))
            continue
        ints = np.rint(np.where(finite, c, 0.0) * 10.0**digits)
        if not np.array_equal(ints[finite] / 10.0**digits, c[finite]):
            return None  # not rounded to `digits`: keep the exact lexsort
        hi, lo = ints[finite].max(), ints[finite].min()
        width = int(hi - lo) + 2
        parts.append((np.where(finite, hi - ints, width - 1).astype("int64"), width))
        span *= width
        if span >= 2**62:
            return None
    key = (~graded).astype("int64")
    for part, width in parts:
        key = key * width + part
    return key * m + tail


def _rank(
    base: TrackBase, graded: np.ndarray, keys: list[np.ndarray | str], digits: int = 2
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sort order, competition rank, mid rank) per row; keys descending, then the tail."""
    k, m = graded.shape
    cols = [
        np.broadcast_to(np.nan_to_num(base.fixed[c], nan=-np.inf), (k, m))
        if isinstance(c, str)
        else np.nan_to_num(c, nan=-np.inf)
        for c in keys
    ]
    packed = _packed(cols, graded, base.tail_order, digits)
    if packed is not None:  # one int64 key: one argsort instead of a lexsort
        order = np.argsort(packed, axis=1)
    else:
        lex = [np.broadcast_to(base.tail_order, (k, m)), *[-c for c in reversed(cols)], ~graded]
        order = np.lexsort(lex, axis=-1)
    take = [np.take_along_axis(c, order, axis=1) for c in cols]
    g_sorted = np.take_along_axis(graded, order, axis=1)
    tail = base.tail_group[order]
    new = np.zeros((k, m), dtype=bool)
    new[:, 0] = True
    diff = (tail[:, 1:] != tail[:, :-1]) | (g_sorted[:, 1:] != g_sorted[:, :-1])
    for c in take:
        diff |= c[:, 1:] != c[:, :-1]
    new[:, 1:] = diff
    pos = np.broadcast_to(np.arange(1, m + 1), (k, m))
    first = np.maximum.accumulate(np.where(new, pos, 0), axis=1)
    end = np.ones((k, m), dtype=bool)
    end[:, :-1] = new[:, 1:]
    last = np.minimum.accumulate(np.where(end, pos, m + 1)[:, ::-1], axis=1)[:, ::-1]
    rank_sorted = np.where(g_sorted, first, 0)
    mid_sorted = np.where(g_sorted, (first + last) / 2.0, (first + last) / 2.0)
    rank = np.empty((k, m), dtype="int64")
    mid = np.empty((k, m))
    np.put_along_axis(rank, order, rank_sorted, axis=1)
    np.put_along_axis(mid, order, mid_sorted, axis=1)
    return order, rank, mid


def _quota(
    base: TrackBase,
    order: np.ndarray,
    rank: np.ndarray,
    graded: np.ndarray,
    eligible: np.ndarray,
    rate: str | None,
    rules: RuleSet,
) -> tuple[np.ndarray, np.ndarray]:
    """(award, tie) as ``assign_grades``: eligible cadres in rank order take the slots."""
    k, m = graded.shape
    if rate is None:
        return np.zeros((k, m), dtype=bool), np.zeros((k, m), dtype=bool)
    gs = base.group[order]
    if len(base.group_labels) > 1:  # by group, keeping rank order inside each group
        order = np.take_along_axis(order, np.argsort(gs, axis=1, kind="stable"), axis=1)
        gs = base.group[order]
    sizes = np.bincount(base.group, minlength=len(base.group_labels))
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    col_group = gs[0]  # the same in every row: groups occupy fixed columns
    el = np.take_along_axis(eligible, order, axis=1)
    rk = np.take_along_axis(rank, order, axis=1)
    n = np.add.reduceat(np.take_along_axis(graded, order, axis=1), starts, axis=1).astype("int64")
    frac = Fraction(rate)
    p, d = frac.numerator, frac.denominator
    slots = (n * p) // d if rules.quota.rounding == "floor" else (2 * n * p + d) // (2 * d)
    slots_col = slots[:, col_group]
    cs = np.cumsum(el, axis=1)
    before = cs - el
    offset = before[:, starts][:, col_group]
    new = np.ones((k, m), dtype=bool)
    new[:, 1:] = (rk[:, 1:] != rk[:, :-1]) | (col_group[1:] != col_group[:-1])
    end = np.ones((k, m), dtype=bool)
    end[:, :-1] = new[:, 1:]
    first = np.maximum.accumulate(np.where(new, before, -1), axis=1) - offset + 1
    last = np.minimum.accumulate(np.where(end, cs, m + 1)[:, ::-1], axis=1)[:, ::-1] - offset
    pos = cs - offset
    tie_s = el & (first <= slots_col) & (last > slots_col)
    award_s = el & (pos <= slots_col) & ~tie_s
    award = np.empty((k, m), dtype=bool)
    tie = np.empty((k, m), dtype=bool)
    np.put_along_axis(award, order, award_s, axis=1)
    np.put_along_axis(tie, order, tie_s, axis=1)
    return award, tie
