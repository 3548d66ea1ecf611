"""What every section model of a rule set shares: the strict base model (unknown keys,
nan and inf refused) and exact ratios (``1/3``) kept as text."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict


def _ratio_text(value: Any) -> str:
    """Accept ``1/3``, ``0.25`` or a number; keep it as exact text (read with Fraction)."""
    if isinstance(value, bool):
        raise ValueError("expected a ratio such as 1/3 or 0.25")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError("expected a finite ratio")
        value = repr(value)
    if not isinstance(value, str):
        raise ValueError("expected a ratio such as 1/3 or 0.25")
    try:
        Fraction(value.strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"not a ratio: {value!r}; write e.g. 1/3 or 0.25") from exc
    return value.strip()


Ratio = Annotated[str, BeforeValidator(_ratio_text)]
Scalar = str | int | float | bool


class Strict(BaseModel):
    # allow_inf_nan: "nan" or "inf" written as text would otherwise pass as a float
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
