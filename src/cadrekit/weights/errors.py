"""Errors of the weighting methods: located, bilingual, with every problem at once."""

from __future__ import annotations

from cadrekit.errors import CadrekitError, WeightsDataError

__all__ = ["JudgementMatrixError", "WeightsDataError"]


class JudgementMatrixError(CadrekitError):
    """A pairwise comparison matrix is unusable (not square, not reciprocal, off scale …).

    ``problems`` holds one ``ahp-invalid-matrix`` problem per bad cell, located by file,
    row and column criterion.
    """
