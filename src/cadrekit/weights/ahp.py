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

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from cadrekit.problems import Problem
from cadrekit.weights.errors import JudgementMatrixError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

Method = Literal["eigen", "geometric"]

# Saaty's random consistency index RI(n): the mean CI of random reciprocal matrices.
# n = 1…10 as printed in T. L. Saaty, "How to make a decision: the analytic hierarchy
# process", European Journal of Operational Research 48 (1990) 9–26, and n = 11…15 from
# T. L. Saaty, The Analytic Hierarchy Process, McGraw-Hill 1980 (the Oak Ridge / Wharton
# simulation; RI(12) = 1.48 is as printed there). Chinese textbooks often print slightly
# different values for n ≥ 11 (1.52, 1.54, 1.56, 1.58, 1.59) from other simulations.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_LIMIT = 0.10  # Saaty: a consistency ratio above 10 % means the judgements need revision
RECIPROCAL_TOLERANCE = 0.02  # a[i,j]·a[j,i] may differ from 1 by 2 % (0.33 for 1/3)
SCALE_TOLERANCE = 0.02
SCALE = tuple(range(1, 10))


@dataclass(frozen=True)
class InconsistentPair:
    """One judgement and what the other judgements imply for it."""

    row: str
    col: str
    given: float  # a[i, j] as judged
    implied: float  # w_i / w_j from the derived weights
    deviation: float  # max(given/implied, implied/given) ≥ 1
    suggested: str  # the nearest value on Saaty's scale to ``implied``, as "3" or "1/3"

    def describe(self, lang: str = "zh") -> str:
        given = scale_label(self.given)
        if lang == "en":
            return (
                f"{self.row} vs {self.col}: judged {given}, the other judgements "
                f"imply {self.implied:.2f} (≈ {self.suggested})"
            )
        return (
            f"{self.row} 比 {self.col}：判断为 {given}，其余判断推出约 {self.implied:.2f}"
            f"（≈ {self.suggested}）"
        )


@dataclass(frozen=True)
class JudgementMatrix:
    """A checked, exactly reciprocal pairwise comparison matrix of one expert."""

    criteria: tuple[str, ...]
    values: np.ndarray
    expert: str = ""
    source: str = ""


@dataclass
class AhpResult:
    """Weights and consistency of one matrix (one expert, or the AIJ aggregate)."""

    criteria: tuple[str, ...]
    weights: np.ndarray
    lambda_max: float
    ci: float
    ri: float
    cr: float
    method: Method
    matrix: np.ndarray
    inconsistent_pairs: list[InconsistentPair] = field(default_factory=list)
    expert: str = ""

    @property
    def n(self) -> int:
        return len(self.criteria)

    @property
    def consistent(self) -> bool:
        return self.cr <= CR_LIMIT

    def weight_map(self) -> dict[str, float]:
        return {c: float(w) for c, w in zip(self.criteria, self.weights, strict=True)}

    def problem(self, source: str = "") -> Problem | None:
        """An ``ahp-inconsistent`` warning when CR > 0.10, else None."""
        if self.consistent:
            return None
        pairs = self.inconsistent_pairs
        return Problem(
            code="ahp-inconsistent",
            location=" ".join(x for x in (source, self.expert) if x),
            found=f"CR = {self.cr:.4f}",
            expected=f"CR ≤ {CR_LIMIT:.2f}",
            params={
                "cr": f"{self.cr:.3f}",
                "pairs_zh": "；".join(p.describe("zh") for p in pairs),
                "pairs_en": "; ".join(p.describe("en") for p in pairs),
            },
        )


@dataclass
class AhpGroupResult:
    """Several experts: each one's result, and the result of the AIJ aggregate matrix."""

    aggregate: AhpResult
    experts: list[AhpResult]

    @property
    def consistent(self) -> bool:
        return self.aggregate.consistent and all(e.consistent for e in self.experts)


# --- reading judgements ---------------------------------------------------------------------


def scale_label(value: float) -> str:
    """3.0 → "3", 0.2 → "1/5", 2.4 → "2.4": how an officer writes a judgement."""
    if value >= 1:
        return f"{value:g}" if abs(value - round(value)) > 1e-9 else str(round(value))
    inverse = 1 / value
    if abs(inverse - round(inverse)) <= 1e-9:
        return f"1/{round(inverse)}"
    return f"{value:.3g}"


def nearest_scale_value(value: float) -> str:
    """The value on Saaty's scale (1/9 … 9) nearest to ``value`` on a log scale."""
    candidates = [*SCALE, *(1 / k for k in SCALE[1:])]
    best = min(candidates, key=lambda c: abs(math.log(value) - math.log(c)))
    return scale_label(best)


def parse_judgement(raw: Any) -> float | None:
    """One cell → a positive number, or None for an empty cell.

    Accepts numbers and text such as ``"3"``, ``"1/3"``, ``"１/３"`` (full width), ``"⅓"``.
    Raises ValueError for anything else; the caller locates the cell.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(str(raw))
    if isinstance(raw, int | float):
        if math.isnan(raw):
            return None
        return float(raw)
    text = unicodedata.normalize("NFKC", str(raw)).replace("⁄", "/").replace("／", "/").strip()
    if text in ("", "-", "~", "null"):
        return None
    return float(Fraction(text.replace(" ", "")))


def _on_scale(value: float) -> bool:
    base = value if value >= 1 else 1 / value
    return any(abs(base - k) <= SCALE_TOLERANCE * k for k in SCALE)


def _cell_problem(
    where: str, found: str, zh: str, en: str, *, row: str = "", col: str = ""
) -> Problem:
    return Problem(
        code="ahp-invalid-matrix",
        location=where,
        found=found,
        expected="1–9, 1/2–1/9",
        column=f"{row} / {col}" if row or col else "",
        params={"detail_zh": zh, "detail_en": en},
    )


def _default_cell(i: int, j: int) -> str:
    return f"matrix[{i}][{j}]"


def _shape_problems(criteria: Sequence[str], rows: Sequence[Any], where: str) -> list[Problem]:
    n = len(criteria)
    problems: list[Problem] = []
    if n == 0:
        problems.append(
            _cell_problem(where, "", "没有列出任何指标（criteria）", "no criteria are listed")
        )
    if len(set(criteria)) != n:
        dupes = sorted({c for c in criteria if list(criteria).count(c) > 1})
        problems.append(
            _cell_problem(where, ", ".join(dupes), "指标名称重复", "a criterion is listed twice")
        )
    if n > max(RANDOM_INDEX):
        problems.append(
            _cell_problem(
                where,
                str(n),
                f"指标过多（{n} 个）：AHP 一次最多比较 {max(RANDOM_INDEX)} 个，请分层",
                f"too many criteria ({n}): AHP compares at most {max(RANDOM_INDEX)}; "
                "split them into levels",
            )
        )
    bad_rows = [i for i, r in enumerate(rows) if not isinstance(r, list | tuple) or len(r) != n]
    if len(rows) != n or bad_rows:
        problems.append(
            _cell_problem(
                where,
                f"{len(rows)} × {[len(r) if isinstance(r, list | tuple) else '?' for r in rows]}",
                f"矩阵应为 {n} 行 {n} 列（与指标个数相同）",
                f"the matrix must be {n} × {n}, one row and column per criterion",
            )
        )
    return problems


def check_matrix(
    criteria: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    expert: str = "",
    source: str = "",
    cell: Callable[[int, int], str] = _default_cell,
    check_scale: bool = True,
) -> JudgementMatrix:
    """Raw cells → a :class:`JudgementMatrix`, or JudgementMatrixError with every bad cell.

    Checks: square and as many rows as criteria; each cell a positive number on Saaty's
    scale; diagonal 1; ``a[i,j]·a[j,i] = 1`` within 2 %. One of a pair may be left empty
    and is filled with the reciprocal of the other. The result is made exactly reciprocal
    from the upper triangle, so "0.33" next to "3" means exactly 1/3.
    """
    import numpy as np

    where = " ".join(x for x in (source, expert) if x)
    problems = _shape_problems(criteria, rows, where)
    if problems:
        raise _matrix_error(problems, where)
    n = len(criteria)
    values = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(n):
            here = f"{where} {cell(i, j)}".strip()
            try:
                value = parse_judgement(rows[i][j])
            except (ValueError, ZeroDivisionError, TypeError):
                problems.append(
                    _cell_problem(
                        here,
                        str(rows[i][j]),
                        "不是数字或分数（应写 3 或 1/3；若 Excel 把 1/3 变成了日期，"
                        "请先把单元格设为文本）",
                        "not a number or fraction (write 3 or 1/3; if Excel turned 1/3 "
                        "into a date, format the cell as text first)",
                        row=criteria[i],
                        col=criteria[j],
                    )
                )
                continue
            if value is not None:
                values[i, j] = value
    problems += _value_problems(
        values, criteria, where, cell, pairs=not problems, check_scale=check_scale
    )
    if problems:
        raise _matrix_error(problems, where)
    exact = np.eye(n)
    iu = np.triu_indices(n, 1)
    exact[iu] = values[iu]
    exact[iu[1], iu[0]] = 1 / values[iu]
    return JudgementMatrix(tuple(criteria), exact, expert=expert, source=source)


def _value_problems(
    values: np.ndarray,
    criteria: Sequence[str],
    where: str,
    cell: Callable[[int, int], str],
    *,
    pairs: bool = True,
    check_scale: bool = True,
) -> list[Problem]:
    """Fill half-empty pairs, then check range, scale, diagonal and reciprocity."""
    import numpy as np

    n = len(criteria)
    problems: list[Problem] = []

    def add(i: int, j: int, found: str, zh: str, en: str) -> None:
        problems.append(
            _cell_problem(
                f"{where} {cell(i, j)}".strip(), found, zh, en, row=criteria[i], col=criteria[j]
            )
        )

    for i in range(n):
        d = values[i, i]
        if not np.isnan(d) and abs(d - 1) > 1e-9:
            add(i, i, scale_label(d) if d > 0 else str(d), "对角线应为 1", "the diagonal must be 1")
        for j in range(n):
            v = values[i, j]
            if i == j or np.isnan(v):
                continue
            if v <= 0:
                add(i, j, f"{v:g}", "判断值必须为正数", "a judgement must be positive")
            elif check_scale and not _on_scale(v):
                add(
                    i,
                    j,
                    f"{v:g}",
                    "不在 Saaty 1–9 标度上（1–9 或 1/2–1/9）",
                    "not on Saaty's 1–9 scale (1–9 or 1/2–1/9)",
                )
    if problems or not pairs:  # reciprocity means little while some cells are unreadable
        return problems
    for i in range(n):
        for j in range(i + 1, n):
            a, b = values[i, j], values[j, i]
            if np.isnan(a) and np.isnan(b):
                add(i, j, "", "此对判断两格都为空", "both cells of this pair are empty")
            elif np.isnan(a):
                values[i, j] = 1 / b
            elif np.isnan(b):
                values[j, i] = 1 / a
            elif abs(a * b - 1) > RECIPROCAL_TOLERANCE:
                add(
                    j,
                    i,
                    scale_label(b),
                    f"与对称位置不互为倒数：应为 {scale_label(1 / a)}",
                    f"not the reciprocal of its mirror cell: expected {scale_label(1 / a)}",
                )
    return problems


def _matrix_error(problems: list[Problem], where: str) -> JudgementMatrixError:
    first = problems[0]
    return JudgementMatrixError(
        f"判断矩阵有误（{where or '矩阵'}）：{len(problems)} 处，首个 {first.location}："
        f"{first.params['detail_zh']}",
        message_en=f"invalid judgement matrix ({where or 'matrix'}): {len(problems)} "
        f"problem(s), first at {first.location}: {first.params['detail_en']}",
        problems=problems,
    )


# --- the method -----------------------------------------------------------------------------


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
