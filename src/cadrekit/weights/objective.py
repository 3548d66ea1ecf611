"""Objective weights from the data: the entropy weight method (熵权法) and CRITIC.

Both take an alternatives × criteria matrix (one row per cadre, one column per indicator)
and the direction of each indicator (+1 higher is better, −1 lower is better), and first
min–max normalise each column so that 1 is the best value in the group and 0 the worst.

- Entropy: p_ij = r_ij / Σ_i r_ij, e_j = −Σ_i p_ij ln p_ij / ln m (0·ln 0 = 0),
  d_j = 1 − e_j, w_j = d_j / Σ d_j. An indicator on which cadres differ more gets more weight.
- CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995): C_j = σ_j · Σ_k (1 − r_jk) with σ the
  sample standard deviation of the normalised column and r the Pearson correlation;
  w_j = C_j / Σ C_j. Contrast counts, and so does saying something the others do not.

Degenerate columns — constant, or with fewer than two values — cannot tell cadres apart:
they get weight 0, are left out of the other columns' computation, and are reported as
``degenerate-indicator`` problems instead of dividing by zero. Rows with a missing value
in a usable column are left out (``weights-rows-skipped``), so every weight is computed
from the same cadres.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from cadrekit.problems import Problem
from cadrekit.weights.errors import WeightsDataError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

Normalisation = Literal["minmax", "sum"]


@dataclass
class ObjectiveResult:
    """Weights and every intermediate array; degenerate columns hold NaN / weight 0."""

    method: str
    criteria: tuple[str, ...]
    weights: np.ndarray
    normalised: np.ndarray  # rows_used × criteria
    rows_used: np.ndarray  # boolean mask over the input rows
    degenerate: tuple[int, ...]
    problems: list[Problem] = field(default_factory=list)

    def weight_map(self) -> dict[str, float]:
        return {c: float(w) for c, w in zip(self.criteria, self.weights, strict=True)}


@dataclass
class EntropyResult(ObjectiveResult):
    proportions: np.ndarray | None = None  # p_ij
    entropy: np.ndarray | None = None  # e_j
    divergence: np.ndarray | None = None  # d_j = 1 − e_j


@dataclass
class CriticResult(ObjectiveResult):
    std: np.ndarray | None = None  # σ_j of the normalised columns (ddof = 1)
    correlation: np.ndarray | None = None  # r_jk
    conflict: np.ndarray | None = None  # Σ_k (1 − r_jk)
    information: np.ndarray | None = None  # C_j = σ_j · conflict_j


def _prepare(
    X: np.ndarray | Sequence[Sequence[float]],
    directions: Sequence[int] | np.ndarray,
    criteria: Sequence[str] | None,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    import numpy as np

    x = np.asarray(X, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"X must be a 2-D alternatives × criteria matrix, got shape {x.shape}")
    d = np.asarray(directions, dtype=float).reshape(-1)
    if d.shape[0] != x.shape[1] or not np.all(np.isin(d, (1.0, -1.0))):
        raise ValueError("directions must be +1 or -1 for each column of X")
    names = (
        tuple(criteria) if criteria is not None else tuple(f"C{k + 1}" for k in range(x.shape[1]))
    )
    if len(names) != x.shape[1]:
        raise ValueError("criteria must name each column of X")
    return x, d, names


def _degenerate(x: np.ndarray, names: tuple[str, ...]) -> tuple[np.ndarray, list[Problem]]:
    """Mask of usable columns, and one problem per unusable one."""
    import numpy as np

    present = ~np.isnan(x)
    counts = present.sum(axis=0)
    with np.errstate(all="ignore"):
        spread = np.nanmax(np.where(present, x, -np.inf), axis=0) - np.nanmin(
            np.where(present, x, np.inf), axis=0
        )
    usable = (counts >= 2) & (spread > 0)
    problems = []
    for j in np.flatnonzero(~usable):
        if counts[j] == 0:
            zh, en = "该列全部为空", "the column is empty"
        elif counts[j] == 1:
            zh, en = "该列只有一个数值", "the column has a single value"
        else:
            value = x[present[:, j], j][0]
            zh, en = f"所有人数值相同（{value:g}）", f"every cadre has the same value ({value:g})"
        problems.append(
            Problem(
                code="degenerate-indicator",
                location=names[j],
                column=names[j],
                found=en,
                params={
                    "reason_zh": f"{zh}，无法区分干部",
                    "reason_en": f"{en}: it tells no one apart",
                },
            )
        )
    return usable, problems


def _usable_rows(x: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, list[Problem]]:
    import numpy as np

    rows = ~np.isnan(x[:, usable]).any(axis=1)
    skipped = int((~rows).sum())
    problems = []
    if skipped:
        problems.append(
            Problem(
                code="weights-rows-skipped",
                found=str(skipped),
                params={"count": skipped},
            )
        )
    return rows, problems


def minmax_normalise(x: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """Each column onto [0, 1], 1 = best: (x − min)/(max − min), or (max − x)/(max − min)."""
    import numpy as np

    lo, hi = x.min(axis=0), x.max(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (x - lo) / (hi - lo)
    return np.where(directions > 0, r, 1 - r)


def sum_normalise(x: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """Shares of the column total; a cost column uses the reciprocals (needs x > 0)."""
    import numpy as np

    if np.any(x <= 0):
        raise WeightsDataError(
            "“sum” 标准化要求所有数值为正",
            message_en="the 'sum' normalisation needs every value to be positive",
        )
    y = np.where(directions > 0, x, 1 / x)
    return y / y.sum(axis=0)


def _split(
    X: np.ndarray | Sequence[Sequence[float]],
    directions: Sequence[int] | np.ndarray,
    criteria: Sequence[str] | None,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], np.ndarray, np.ndarray, list[Problem]]:
    x, d, names = _prepare(X, directions, criteria)
    usable, problems = _degenerate(x, names)
    rows, skipped = _usable_rows(x, usable)
    if usable.any():
        # After dropping rows a column may have become constant: check again.
        again, more = _degenerate(
            x[rows][:, usable], tuple(n for n, u in zip(names, usable, strict=True) if u)
        )
        if not again.all():
            usable[usable] = again
            problems += more
    if usable.sum() == 0 or rows.sum() < 2:
        raise WeightsDataError(
            "没有可用于计算客观权重的指标或干部（至少需要两名干部、一个有差异的指标）",
            message_en="nothing to weigh: objective weights need two cadres and one indicator "
            "on which they differ",
            problems=problems + skipped,
        )
    return x, d, names, usable, rows, problems + skipped


def entropy_weights(
    X: np.ndarray | Sequence[Sequence[float]],
    directions: Sequence[int] | np.ndarray,
    *,
    criteria: Sequence[str] | None = None,
    normalisation: Normalisation = "minmax",
) -> EntropyResult:
    """Entropy weights of the columns of ``X`` (rows = cadres).

    ``normalisation="minmax"`` (the usual 熵权法) as described in the module docstring;
    ``"sum"`` takes shares of the raw values (reciprocals for a cost column) without min–max,
    which is what pymcdm's ``entropy_weights`` computes for strictly positive data.
    """
    import numpy as np

    x, d, names, usable, rows, problems = _split(X, directions, criteria)
    sub = x[rows][:, usable]
    r = (
        minmax_normalise(sub, d[usable])
        if normalisation == "minmax"
        else sum_normalise(sub, d[usable])
    )
    m = sub.shape[0]
    p = r / r.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(m)
    div = 1 - e
    w_sub = div / div.sum()
    return EntropyResult(
        method="entropy",
        criteria=names,
        weights=_scatter(w_sub, usable, 0.0),
        normalised=_scatter_cols(r, usable),
        rows_used=rows,
        degenerate=tuple(int(j) for j in np.flatnonzero(~usable)),
        problems=problems,
        proportions=_scatter_cols(p, usable),
        entropy=_scatter(e, usable, np.nan),
        divergence=_scatter(div, usable, np.nan),
    )


def critic_weights(
    X: np.ndarray | Sequence[Sequence[float]],
    directions: Sequence[int] | np.ndarray,
    *,
    criteria: Sequence[str] | None = None,
) -> CriticResult:
    """CRITIC weights of the columns of ``X`` (rows = cadres), min–max normalised first."""
    import numpy as np

    x, d, names, usable, rows, problems = _split(X, directions, criteria)
    sub = x[rows][:, usable]
    r = minmax_normalise(sub, d[usable])
    std = r.std(axis=0, ddof=1)
    corr = np.atleast_2d(np.corrcoef(r, rowvar=False))
    conflict = (1 - corr).sum(axis=0)
    info = std * conflict
    if info.sum() <= 0:  # one usable column: conflict is 0, but it alone discriminates
        info = std
    w_sub = info / info.sum()
    full_corr = np.full((len(names), len(names)), np.nan)
    full_corr[np.ix_(usable, usable)] = corr
    return CriticResult(
        method="critic",
        criteria=names,
        weights=_scatter(w_sub, usable, 0.0),
        normalised=_scatter_cols(r, usable),
        rows_used=rows,
        degenerate=tuple(int(j) for j in np.flatnonzero(~usable)),
        problems=problems,
        std=_scatter(std, usable, np.nan),
        correlation=full_corr,
        conflict=_scatter(conflict, usable, np.nan),
        information=_scatter(info, usable, np.nan),
    )


def _scatter(values: np.ndarray, usable: np.ndarray, fill: float) -> np.ndarray:
    import numpy as np

    out = np.full(usable.shape[0], fill, dtype=float)
    out[usable] = values
    return out


def _scatter_cols(values: np.ndarray, usable: np.ndarray) -> np.ndarray:
    import numpy as np

    out = np.full((values.shape[0], usable.shape[0]), np.nan)
    out[:, usable] = values
    return out
