"""TOPSIS (Hwang & Yoon 1981): closeness of each alternative to the ideal one.

1. vector normalisation r_ij = x_ij / √(Σ_i x_ij²), the same for every direction;
2. weighted v_ij = w_j · r_ij;
3. ideal v⁺_j = max_i v_ij for a benefit column (+1), min_i for a cost column (−1), and the
   anti-ideal v⁻_j the other way round;
4. d⁺_i = ‖v_i − v⁺‖, d⁻_i = ‖v_i − v⁻‖ (Euclidean), closeness C_i = d⁻_i / (d⁺_i + d⁻_i).

Vectorised over weight vectors too: ``weights`` of shape (k, n) gives results with a
leading axis of k, so a sensitivity analysis evaluates many weight draws in one call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cadrekit.errors import WeightsDataError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@dataclass
class TopsisResult:
    """Every intermediate of TOPSIS; arrays gain a leading axis for 2-D weights."""

    closeness: np.ndarray  # (m,) or (k, m), in [0, 1], higher is better
    d_plus: np.ndarray  # distance to the ideal
    d_minus: np.ndarray  # distance to the anti-ideal
    ideal: np.ndarray  # (n,) or (k, n), weighted
    anti_ideal: np.ndarray
    normalised: np.ndarray  # (m, n), r_ij before weighting
    weighted: np.ndarray  # (m, n) or (k, m, n)


def topsis(
    X: np.ndarray | Sequence[Sequence[float]],
    weights: np.ndarray | Sequence[float] | Sequence[Sequence[float]],
    directions: np.ndarray | Sequence[int],
) -> TopsisResult:
    """TOPSIS closeness of the rows of ``X`` (alternatives × criteria).

    A column of zeros normalises to zeros (it separates no one); when every alternative
    is identical (d⁺ + d⁻ = 0) each gets closeness 0.5 — a tie, not a division by zero.
    """
    import numpy as np

    x = np.asarray(X, dtype=float)
    w = np.asarray(weights, dtype=float)
    d = np.asarray(directions, dtype=float).reshape(-1)
    if x.ndim != 2 or w.shape[-1] != x.shape[1] or d.shape[0] != x.shape[1] or w.ndim > 2:
        raise ValueError(f"shapes do not fit: X {x.shape}, weights {w.shape}, directions {d.shape}")
    if not np.all(np.isin(d, (1.0, -1.0))):
        raise ValueError("directions must be +1 or -1")
    if np.isnan(x).any() or np.isnan(w).any():
        raise WeightsDataError(
            "TOPSIS 需要完整的数据：有缺失值",
            message_en="TOPSIS needs complete data: there are missing values",
        )
    if (w < 0).any():
        raise ValueError("weights must be non-negative")
    norm = np.sqrt((x**2).sum(axis=0))
    r = np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)
    v = r * w[..., None, :]  # (m, n) or (k, m, n)
    vmax, vmin = v.max(axis=-2), v.min(axis=-2)
    benefit = d > 0
    ideal = np.where(benefit, vmax, vmin)
    anti = np.where(benefit, vmin, vmax)
    d_plus = np.sqrt(((v - ideal[..., None, :]) ** 2).sum(axis=-1))
    d_minus = np.sqrt(((v - anti[..., None, :]) ** 2).sum(axis=-1))
    total = d_plus + d_minus
    closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return TopsisResult(
        closeness=closeness,
        d_plus=d_plus,
        d_minus=d_minus,
        ideal=ideal,
        anti_ideal=anti,
        normalised=r,
        weighted=v,
    )
