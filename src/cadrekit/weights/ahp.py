"""AHP (analytic hierarchy process): weights from pairwise comparison matrices.

A judgement ``a[i, j]`` says how much more important criterion ``i`` is than ``j`` on
Saaty's 1–9 scale; ``a[j, i] = 1 / a[i, j]``. The weights are the principal eigenvector
(Saaty's method) or the normalised row geometric means; consistency is CR = CI / RI with
CI = (λmax − n) / (n − 1). Several experts are combined by the geometric mean of their
judgements (AIJ, Forman & Peniwati 1998), which keeps the combined matrix reciprocal.

Every function returns its intermediate values (λmax, CI, RI, CR, the pairs that break
consistency) so that the CLI and the audit trail can show how a weight came about.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cadrekit.weights.ahp_scale import (
    CR_LIMIT,
    RANDOM_INDEX,
    RECIPROCAL_TOLERANCE,
    SCALE,
    SCALE_TOLERANCE,
    AhpGroupResult,
    AhpResult,
    InconsistentPair,
    JudgementMatrix,
    Method,
    nearest_scale_value,
    scale_label,
)
from cadrekit.weights.errors import JudgementMatrixError
from cadrekit.weights.judgements import check_matrix, parse_judgement

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = [
    "CR_LIMIT",
    "RANDOM_INDEX",
    "RECIPROCAL_TOLERANCE",
    "SCALE",
    "SCALE_TOLERANCE",
    "AhpGroupResult",
    "AhpResult",
    "InconsistentPair",
    "JudgementMatrix",
    "Method",
    "aggregate_judgements",
    "ahp_group",
    "ahp_weights",
    "check_matrix",
    "geometric_weights",
    "inconsistent_pairs",
    "nearest_scale_value",
    "parse_judgement",
    "principal_eigen",
    "scale_label",
]


def principal_eigen(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """The Perron eigenvector (normalised to sum 1) and eigenvalue of a positive matrix."""
    import numpy as np

    eigenvalues, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(eigenvalues.real))
    vector = np.abs(vectors[:, k].real)  # Perron: one sign; abs removes eig's arbitrary sign
    return vector / vector.sum(), float(eigenvalues[k].real)


def geometric_weights(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Normalised row geometric means, and λmax estimated as mean((A·w)_i / w_i)."""
    import numpy as np

    g = np.exp(np.log(matrix).mean(axis=1))
    w = g / g.sum()
    return w, float(((matrix @ w) / w).mean())


def inconsistent_pairs(
    matrix: np.ndarray, weights: np.ndarray, criteria: Sequence[str], top: int = 3
) -> list[InconsistentPair]:
    """The ``top`` judgements farthest (as a ratio) from what the weights imply."""
    import numpy as np

    implied = weights[:, None] / weights[None, :]
    ratio = matrix / implied
    deviation = np.maximum(ratio, 1 / ratio)
    i_upper, j_upper = np.triu_indices(len(criteria), 1)
    dev = deviation[i_upper, j_upper]
    order = np.argsort(-dev, kind="stable")[:top]
    pairs = []
    for k in order:
        i, j = int(i_upper[k]), int(j_upper[k])
        if dev[k] <= 1 + 1e-9:
            break
        pairs.append(
            InconsistentPair(
                row=criteria[i],
                col=criteria[j],
                given=float(matrix[i, j]),
                implied=float(implied[i, j]),
                deviation=float(dev[k]),
                suggested=nearest_scale_value(float(implied[i, j])),
            )
        )
    return pairs


def ahp_weights(
    matrix: JudgementMatrix | np.ndarray | Sequence[Sequence[Any]],
    method: Method = "eigen",
    *,
    criteria: Sequence[str] | None = None,
    top_pairs: int = 3,
    check_scale: bool = True,
) -> AhpResult:
    """Weights, λmax, CI, RI, CR and the most inconsistent pairs of one matrix.

    ``matrix`` may be a checked :class:`JudgementMatrix` or raw rows (numbers or "1/3"
    text), which are checked first (JudgementMatrixError on a bad cell); ``check_scale=False``
    accepts any positive reciprocal matrix (e.g. one computed from known weights).
    """
    import numpy as np

    if not isinstance(matrix, JudgementMatrix):
        rows = np.asarray(matrix, dtype=object).tolist() if hasattr(matrix, "shape") else matrix
        names = list(criteria) if criteria is not None else [f"C{k + 1}" for k in range(len(rows))]
        matrix = check_matrix(names, rows, check_scale=check_scale)
    a = matrix.values
    n = a.shape[0]
    if method == "eigen":
        w, lam = principal_eigen(a)
    elif method == "geometric":
        w, lam = geometric_weights(a)
    else:
        raise ValueError(f"unknown AHP method {method!r}")
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    if abs(ci) < 1e-12:  # λmax = n up to rounding: report CI = 0, not −1e-16
        ci = 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    return AhpResult(
        criteria=matrix.criteria,
        weights=w,
        lambda_max=lam,
        ci=ci,
        ri=ri,
        cr=cr,
        method=method,
        matrix=a,
        inconsistent_pairs=inconsistent_pairs(a, w, matrix.criteria, top_pairs)
        if cr > CR_LIMIT
        else [],
        expert=matrix.expert,
    )


def aggregate_judgements(matrices: Sequence[JudgementMatrix]) -> JudgementMatrix:
    """AIJ: the element-wise geometric mean of several experts' matrices (same criteria)."""
    import numpy as np

    if not matrices:
        raise ValueError("no matrices to aggregate")
    first = matrices[0]
    for m in matrices[1:]:
        if m.criteria != first.criteria:
            raise JudgementMatrixError(
                f"各专家的指标不一致：{m.expert or m.source} 为 {list(m.criteria)}，"
                f"{first.expert or first.source} 为 {list(first.criteria)}",
                message_en=f"experts compare different criteria: {m.expert or m.source} has "
                f"{list(m.criteria)}, {first.expert or first.source} has {list(first.criteria)}",
                hint="每位专家须按相同顺序比较相同的指标",
                hint_en="every expert must compare the same criteria in the same order",
            )
    stack = np.stack([m.values for m in matrices])
    mean = np.exp(np.log(stack).mean(axis=0))
    return JudgementMatrix(first.criteria, mean, expert="AIJ", source=first.source)


def ahp_group(
    matrices: Sequence[JudgementMatrix], method: Method = "eigen", *, top_pairs: int = 3
) -> AhpGroupResult:
    """Each expert's result, and the weights of the AIJ aggregate (one expert: itself)."""
    experts = [ahp_weights(m, method, top_pairs=top_pairs) for m in matrices]
    if len(matrices) == 1:
        return AhpGroupResult(aggregate=experts[0], experts=experts)
    aggregate = ahp_weights(aggregate_judgements(matrices), method, top_pairs=top_pairs)
    return AhpGroupResult(aggregate=aggregate, experts=experts)
