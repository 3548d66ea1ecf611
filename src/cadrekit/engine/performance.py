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
indicator is empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cadrekit.engine._common import audit, concat_audit, num_text, numeric
from cadrekit.engine.rounding import excel_round
from cadrekit.models.rules import Indicator, RuleSet

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


def compute_performance(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``performance`` (P); audit each indicator's contribution and P."""
    perf = pd.Series(np.nan, index=cadres.index, dtype="float64")
    parts: list[pd.DataFrame] = []
    for t_pos, track in enumerate(rules.tracks):
        rows = cadres.index[cadres["track"].eq(track.id).fillna(False).astype(bool)]
        if len(rows) == 0:
            continue
        sub = cadres.loc[rows]
        total = pd.Series(0.0, index=rows)
        for i_pos, ind in enumerate(track.indicators):
            raw = numeric(sub, ind.column)
            value = normalise(oriented(raw, ind), ind.normalise)
            part = ind.weight * value
            total = total + part
            note = (
                ""
                if ind.normalise == "none"
                else f"，{ind.normalise} 标准化后 " + num_text(value.round(4))
            )
            parts.append(
                audit(
                    sub["id"],
                    LAYER,
                    f"tracks[{t_pos}].indicators[{i_pos}]",
                    part.round(6),
                    f"{ind.column} " + num_text(raw) + note + f" × 权重 {ind.weight:g}",
                )
            )
        perf.loc[rows] = total
    digits = rules.components.digits
    perf = excel_round(perf, digits)
    out = cadres.copy()
    out["performance"] = perf
    parts.append(audit(out["id"], LAYER, "components.performance", perf, "实绩得分 P（四舍五入）"))
    return out, concat_audit(parts)
