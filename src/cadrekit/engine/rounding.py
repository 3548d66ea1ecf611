"""Excel's ROUND, vectorised: 15 significant digits first, then half away from zero.

Python's ``round`` rounds half to even on the binary value, so ``round(2.675, 2)`` is 2.67;
Excel shows 2.68. Officers check figures in Excel, so we round as Excel does.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

_SIGNIFICANT = 15


def _round_array(x: np.ndarray, digits: int) -> np.ndarray:
    out = np.array(x, dtype="float64", copy=True)
    mag = np.abs(out)
    ok = np.isfinite(out) & (mag > 0) & (mag >= 10.0 ** -(digits + 2))
    if not ok.any():
        out[np.isfinite(out)] = 0.0
        return out
    m = mag[ok]
    # Decimal exponent; log10 can be off by one next to powers of ten.
    e = np.floor(np.log10(m)).astype("int64")
    e = np.where(m >= 10.0 ** (e + 1).astype("float64"), e + 1, e)
    e = np.where(m < 10.0 ** e.astype("float64"), e - 1, e)
    # The value as a 15-digit integer mantissa: m ≈ mant × 10^(e-14).
    mant = np.rint(m * 10.0 ** (_SIGNIFICANT - 1 - e).astype("float64")).astype("int64")
    k = (_SIGNIFICANT - 1) - e - digits  # digits to drop from the mantissa
    result = m.copy()
    drop = k > 0
    if drop.any():
        scale = (10 ** k[drop]).astype("int64")
        q = (mant[drop] + scale // 2) // scale  # half away from zero (mant ≥ 0)
        result[drop] = q / float(10**digits)
    keep = ~drop  # already at or below `digits` decimals: the 15-digit value itself
    if keep.any():
        result[keep] = mant[keep] * 10.0 ** (e[keep] - (_SIGNIFICANT - 1)).astype("float64")
    out[ok] = np.sign(out[ok]) * result
    tiny = np.isfinite(out) & ~ok
    out[tiny] = 0.0
    return out


def excel_round(values: Any, digits: int = 2) -> Any:
    """Round like Excel's ROUND; NaN stays NaN. Series in → Series out (same index)."""
    if isinstance(values, pd.Series):
        arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        return pd.Series(_round_array(arr, digits), index=values.index, name=values.name)
    if np.isscalar(values):
        return float(_round_array(np.array([values], dtype="float64"), digits)[0])
    return _round_array(np.asarray(values, dtype="float64"), digits)
