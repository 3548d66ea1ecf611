"""What the Monte Carlo weight draws of one track add up to (``sensitivity._monte_carlo``).

Per cadre: in how many draws the grade differs from the actual one, is the quota grade, or
falls in a tie cut by the quota; per draw: Kendall τ-b and weighted Spearman of its
ranking against the actual one. Counts only: the shares and statistics are taken where
the draws end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cadrekit.insight.sensitivity_eval import Evaluation


@dataclass
class DrawTally:
    """Counts over the draws of one track of ``m`` cadres (arrays of length m)."""

    m: int
    differ: np.ndarray
    excellent: np.ndarray
    tie: np.ndarray
    tau: list[np.ndarray] = field(default_factory=list)
    rw: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def start(cls, m: int) -> DrawTally:
        def zeros() -> np.ndarray:
            return np.zeros(m, dtype="int64")

        return cls(m, differ=zeros(), excellent=zeros(), tie=zeros())

    def add(self, ev: Evaluation, actual: np.ndarray, quota: int) -> None:
        """The grades of a block of draws (rows of ``ev``)."""
        self.differ += (ev.grade != actual).sum(axis=0)
        self.excellent += (ev.grade == quota).sum(axis=0)
        self.tie += ev.tie.sum(axis=0)

    def add_repeated(self, ev: Evaluation, actual: np.ndarray, quota: int, n: int) -> None:
        """``n`` draws all equal to the set weights, evaluated once (row 0 of ``ev``): their
        rankings are the actual one."""
        self.differ += (ev.grade[0] != actual) * n
        self.excellent += (ev.grade[0] == quota) * n
        self.tie += ev.tie[0] * n
        self.same_ranking(n)

    def same_ranking(self, n: int) -> None:
        """``n`` draws ranking as the actual weights do: τ = r_W = 1 (undefined for one cadre)."""
        ones = np.ones(n) if self.m > 1 else np.full(n, np.nan)
        self.tau.append(ones)
        self.rw.append(ones)

    def correlations(self, tau: np.ndarray, rw: np.ndarray) -> None:
        self.tau.append(tau)
        self.rw.append(rw)

    def statistics(self) -> tuple[np.ndarray, np.ndarray]:
        """Every draw's τ and r_W (one NaN when there was none)."""
        t = np.concatenate(self.tau) if self.tau else np.array([np.nan])
        r = np.concatenate(self.rw) if self.rw else np.array([np.nan])
        return t, r
