"""Layer 2 — performance P (实绩): the weighted sum of the track's indicators.

Direction ``lower`` first reflects a value within its bounds (x → min + max − x; without
bounds, x → −x), so that higher is better. Normalisation is then computed within the
track, over the cadres of the track that have a value:

* ``none``: the value as it is;
* ``share_of_max``: 100 · x / max (0 when max ≤ 0);
* ``minmax``: 100 · (x − min) / (max − min) (100 when all values are equal);
* ``zscore``: 50 + 10 · (x − mean) / sd, population sd (50 when sd = 0);
* ``percentile``: 100 · average rank / count (percentile rank; ties share the average).

P = Σ weight · value, rounded (Excel ROUND) to ``components.digits``; NaN if any needed
indicator is empty. A track with ``aggregate: topsis`` instead gets P = 100 · C, C the TOPSIS
closeness of the track's cadres with complete values (raw values, vector normalisation,
directions from the indicators); the audit shows d⁺, d⁻ and C per cadre.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from cadrekit.engine._common import Trail, audit, codes_in, concat_audit, num_text, numeric
from cadrekit.engine.rounding import excel_round
from cadrekit.engine.topsis import topsis
from cadrekit.models.rules import Indicator, RuleSet, Track

LAYER = "performance"


def oriented(x: pd.Series, ind: Indicator) -> pd.Series:
    if ind.direction == "higher":
        return x
    if ind.min is not None and ind.max is not None:
        return (ind.min + ind.max) - x
    return -x


def normalise(x: pd.Series, method: str) -> pd.Series:
    """Normalise one track's values of one indicator (NaN stays NaN)."""
    if method == "none":
        return x
    if method == "share_of_max":
        top = x.max()
        return x * 0.0 if not top > 0 else 100.0 * x / top
    if method == "minmax":
        lo, hi = x.min(), x.max()
        return x * 0.0 + 100.0 if not hi > lo else 100.0 * (x - lo) / (hi - lo)
    if method == "zscore":
        sd = x.std(ddof=0)
        return x * 0.0 + 50.0 if not sd > 0 else 50.0 + 10.0 * (x - x.mean()) / sd
    if method == "percentile":
        return 100.0 * x.rank(method="average", pct=True)
    raise ValueError(f"unknown normalisation {method!r}")


def compute_performance(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, Trail]:
    """Add ``performance`` (P); audit each indicator's contribution and P."""
    perf = np.full(len(cadres), np.nan)
    parts: list[Trail] = []
    track = codes_in(cadres["track"], [t.id for t in rules.tracks])
    columns: dict[str, np.ndarray] = {}
    for t_pos, t in enumerate(rules.tracks):
        sel = track == t_pos
        if not sel.any():
            continue
        rows = cadres.index[sel]
        if t.aggregate == "topsis":
            perf[sel], trail = _topsis(cadres.loc[rows], t, t_pos)
            parts.extend(trail)
            continue
        ids = cadres["id"][sel]
        total = np.zeros(len(rows))
        for i_pos, ind in enumerate(t.indicators):
            if ind.column not in columns:
                columns[ind.column] = numeric(cadres, ind.column).to_numpy()
            raw = pd.Series(columns[ind.column][sel], index=rows)
            value = normalise(oriented(raw, ind), ind.normalise)
            part = ind.weight * value
            total = total + part.to_numpy()
            path = f"tracks[{t_pos}].indicators[{i_pos}]"
            parts.append(
                audit(ids, LAYER, path, partial(part.round, 6), partial(_reason, ind, raw, value))
            )
        perf[sel] = total
    digits = rules.components.digits
    out = cadres.copy(deep=False)
    out["performance"] = excel_round(pd.Series(perf, index=cadres.index), digits)
    parts.append(
        audit(
            out["id"], LAYER, "components.performance", out["performance"], "实绩得分 P（四舍五入）"
        )
    )
    return out, concat_audit(parts)


def _reason(ind: Indicator, raw: pd.Series, value: pd.Series) -> pd.Series:
    """``职能工作 88 × 权重 0.4`` (with the normalised value when normalised)."""
    note = (
        "" if ind.normalise == "none" else f"，{ind.normalise} 标准化后 " + num_text(value.round(4))
    )
    return f"{ind.column} " + num_text(raw) + note + f" × 权重 {ind.weight:g}"


def topsis_inputs(sub: pd.DataFrame, track: Track) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(raw values m × n, directions ±1, rows with every value) of a TOPSIS track."""
    x = np.column_stack([numeric(sub, ind.column).to_numpy() for ind in track.indicators])
    directions = np.array([1 if ind.direction == "higher" else -1 for ind in track.indicators])
    return x, directions, ~np.isnan(x).any(axis=1)


def _topsis(sub: pd.DataFrame, track: Track, t_pos: int) -> tuple[pd.Series, list[Trail]]:
    """P = 100 · closeness (unrounded), and the audit rows of every intermediate."""
    x, directions, complete = topsis_inputs(sub, track)
    ok = sub.index[complete]
    perf = pd.Series(np.nan, index=sub.index, dtype="float64")
    parts: list[Trail] = []
    if len(ok):
        res = topsis(x[complete], [ind.weight for ind in track.indicators], directions)
        perf.loc[ok] = 100.0 * res.closeness
        for i_pos, ind in enumerate(track.indicators):
            r = pd.Series(res.normalised[:, i_pos], index=ok)
            parts.append(
                audit(
                    sub["id"][complete],
                    LAYER,
                    f"tracks[{t_pos}].indicators[{i_pos}]",
                    pd.Series(res.weighted[:, i_pos], index=ok).round(6),
                    f"{ind.column} "
                    + num_text(pd.Series(x[complete, i_pos], index=ok))
                    + "，向量标准化后 "
                    + num_text(r.round(6))
                    + f" × 权重 {ind.weight:g}",
                )
            )
        d_plus = num_text(pd.Series(res.d_plus, index=ok).round(6))
        d_minus = num_text(pd.Series(res.d_minus, index=ok).round(6))
        closeness = pd.Series(res.closeness, index=ok).round(6)
        reason = (
            "TOPSIS：距理想解 d⁺ "
            + d_plus
            + "，距负理想解 d⁻ "
            + d_minus
            + "，贴近度 C = d⁻/(d⁺+d⁻) = "
            + num_text(closeness)
            + "；P = 100 × C"
        )
        parts.append(
            audit(sub["id"][complete], LAYER, f"tracks[{t_pos}].aggregate", closeness, reason)
        )
    missing = sub["id"][~complete]
    parts.append(
        audit(missing, LAYER, f"tracks[{t_pos}].aggregate", "", "指标不全，无法计算 TOPSIS 贴近度")
    )
    return perf, parts
