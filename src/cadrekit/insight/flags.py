"""能上能下 made concrete: the lists an officer reviews after the scores.

Every list is a frame of FLAG_COLUMNS, one row per cadre × item, each with the evidence
that put it there and the rule path that set the threshold:

- ``promotion`` (能上 / 优者奖): 优秀 this year, top of the track, 优秀 in k of the latest
  n years, commendations among this year's events; each cadre in the pool also gets a
  职级晋升 row: ``rank-promotion`` when the years are reached, ``rank-promotion-not-yet``
  when not (the evidence gives the years either way); a cadre in a verified sanction's
  influence period (影响期, insight/influence.py, shared with ``vet``) on the reference
  date has a ``promotion-barred`` row first, and each of her other rows says so too;
- ``adjustment`` (能下): situations of 《推进领导干部能上能下规定》 that the data can show —
  always for review, never a verdict;
- ``consequences``: the engine's DEFAULT_RULES §10 flags, with the engine's own reason;
- ``risk`` (一把手履职用权风险提示清单): per top leader, supervision records (verified or not),
  petitions, audit findings, deductions and vetoes on the leader or the unit, and a fall in
  grade (or rank, when the history sheet has a rank column) against last year; each record
  mapped onto the rules' risk catalogue (insight/risk_points.py), with a ``risk-points``
  row first naming the points hit;
- ``rank`` (on request): every cadre's 职级晋升 years (insight/rank_eligibility.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.insight.flag_items import (
    FLAG_COLUMNS,
    REVIEW,
    _concat,
    _empty,
    _items,
    _order,
    grade_history,
)
from cadrekit.insight.flags_adjustment import adjustment_list
from cadrekit.insight.flags_promotion import promotion_pool, rank_promotion, reference_day
from cadrekit.insight.flags_risk import risk_list

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result

__all__ = [
    "EXTRA_LISTS",
    "FLAG_COLUMNS",
    "LISTS",
    "REVIEW",
    "adjustment_list",
    "consequences",
    "flags",
    "grade_history",
    "promotion_pool",
    "rank_promotion",
    "reference_day",
    "risk_list",
]

LISTS = ("promotion", "adjustment", "consequences", "risk")
# on request only (``--list rank``): every cadre's 职级晋升 years, insight/rank_eligibility.py
EXTRA_LISTS = ("rank",)


def flags(
    result: Result, lists: tuple[str, ...] = LISTS, day: dt.date | str | None = None
) -> pd.DataFrame:
    """The chosen lists, concatenated in the order given.

    ``day``: the reference date of the promotion pool's influence periods (影响期); default
    31 December of the assessment year.
    """
    from cadrekit.insight.rank_eligibility import rank_list

    build: dict[str, Any] = {
        "promotion": lambda r: promotion_pool(r, day),
        "adjustment": adjustment_list,
        "consequences": consequences,
        "risk": risk_list,
        "rank": rank_list,
    }
    parts = [build[name](result) for name in lists]
    return pd.concat(parts, ignore_index=True) if parts else _empty()


def consequences(result: Result) -> pd.DataFrame:
    """The engine's consequence and quota-tie flags, with the reason the engine recorded."""
    c = result.cadres
    codes = [x.flag for x in result.rules.consequences] + [result.rules.quota.tie_flag]
    audit = result.audit
    trail = audit[audit["layer"].isin(["flags", "grade"])]
    trail = trail.assign(key=trail["cadre_id"].astype(str) + "|" + trail["value"].astype(str))
    reasons = trail.drop_duplicates("key").set_index("key")
    paths = {x.flag: f"consequences[{i}]" for i, x in enumerate(result.rules.consequences)}
    paths[result.rules.quota.tie_flag] = "quota.tie_flag"
    parts = []
    for code in codes:
        has = c["flags"].map(
            lambda v, code=code: (
                code in list(v) if isinstance(v, list | tuple | np.ndarray) else False
            )
        )
        key = c["id"].astype(str) + "|" + code
        evidence = key.map(reasons["reason"]).fillna(code).astype(object)
        path = key.map(reasons["rule_path"]).fillna(paths.get(code, "")).astype(object)
        part = _items(c, has, "consequences", code, evidence, "")
        part["rule_path"] = path[has.to_numpy()].to_numpy() if len(part) else []
        parts.append(part)
    return _concat(parts, _order(result))
