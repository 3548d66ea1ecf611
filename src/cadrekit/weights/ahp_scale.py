"""The AHP scale and the results' types: Saaty's 1–9 scale and random index, a judgement
matrix, the weights of one matrix (:class:`AhpResult`) and of a group of experts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from cadrekit.problems import Problem

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
