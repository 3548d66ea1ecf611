"""职级晋升 for every cadre (``flags --list rank``), not only the promotion pool.

One row per cadre in the result's order (track, then rank): ``rank-promotion`` when the
years in the current rank (职级) reach the rules' requirement, ``rank-promotion-not-yet``
when not, ``rank-promotion-unknown`` when neither 任现职级时间 nor 任现职时间 is filled.
The years are :func:`cadrekit.insight.flags.rank_promotion`'s — the same the promotion
pool shows — counted from 任现职级时间, else from 任现职时间 (the documented fallback),
each 优秀 year shortening the requirement by ``flags.promotion.excellent_year_credit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cadrekit.insight.flags import FLAG_COLUMNS, rank_promotion

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result

RULE_PATH = "flags.promotion.min_years"


def rank_list(result: Result) -> pd.DataFrame:
    """The 职级晋升 list: every cadre once, with her 职级 and the years as evidence."""
    c = result.cadres
    years = rank_promotion(result)
    item = np.where(
        years["since"].isna(),
        "rank-promotion-unknown",
        np.where(years["eligible"], "rank-promotion", "rank-promotion-not-yet"),
    )
    title = (
        c["rank_title"].astype(object).where(c["rank_title"].notna(), None)
        if "rank_title" in c
        else pd.Series(None, index=c.index, dtype=object)
    )
    prefix = ("现职级 " + title.astype(str) + "；").where(title.notna(), "")
    return pd.DataFrame(
        {
            "list": "rank",
            "id": c["id"].astype(object).to_numpy(),
            "name": c["name"].astype(object).to_numpy(),
            "unit": c["unit"].astype(object).to_numpy(),
            "track": c["track"].astype(object).to_numpy(),
            "item": item,
            "evidence": (prefix.to_numpy(dtype=object) + years["evidence"].to_numpy(dtype=object)),
            "rule_path": RULE_PATH,
        },
        columns=FLAG_COLUMNS,
    )
