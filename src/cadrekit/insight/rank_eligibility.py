"""职级晋升 for every cadre (``flags --list rank``), not only the promotion pool.

One row per cadre in the result's order (track, then rank): ``rank-promotion`` when the
years in the current rank (职级) reach the rules' requirement, ``rank-promotion-not-yet``
when not, ``rank-promotion-unknown`` when neither 任现职级时间 nor 任现职时间 is filled.
The years are :func:`rank_promotion`'s — the same the promotion pool shows — counted from 任现职级时间, else from 任现职时间 (the documented fallback),
each 优秀 year shortening the requirement by ``flags.promotion.excellent_year_credit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.insight._common import months_between
from cadrekit.insight.grade_grid import grade_history, grades_of

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result

RULE_PATH = "flags.promotion.min_years"


def rank_list(result: Result) -> pd.DataFrame:
    """The 职级晋升 list: every cadre once, with her 职级 and the years as evidence."""
    from cadrekit.insight.flags import FLAG_COLUMNS  # flags imports this module

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


def rank_promotion(result: Result) -> pd.DataFrame:
    """职级晋升 years per cadre: id, since, basis, served, excellent, uncounted, effective,
    required, eligible, evidence. Years are whole months to 31 December of the assessment
    year from 任现职级时间 (``rank_since``), else — the documented fallback — from 任现职时间;
    annual grades count from the year of that date on (this year's grade included)."""
    p = result.rules.flags.promotion
    c, year = result.cadres, result.year
    since, basis, note = rank_start(c)
    # to the end of 31 December: from 1 January of a year to its end is one whole year
    months = months_between(since, pd.Timestamp(year=year + 1, month=1, day=1))
    served = months / 12
    grid = grade_history(result)
    first = int(since.dt.year.min()) if since.notna().any() else year
    grades = grades_of(grid, c["id"].astype(object), list(range(first, year + 1)))
    in_post = pd.DataFrame({y: since.dt.year.le(int(y)) for y in grades.columns}, index=c.index)
    excellent = ((grades == p.grade) & in_post).sum(axis=1)
    uncounted = (grades.isin(p.uncounted_grades) & in_post).sum(axis=1)
    effective = served - uncounted + p.excellent_year_credit * excellent
    layer = c["layer"].astype(object) if "layer" in c else pd.Series(None, index=c.index)
    required = layer.map(p.min_years_by_layer).fillna(p.min_years).astype(float)
    eligible = (effective >= required) & since.notna()

    def words(i: Any) -> str:
        if pd.isna(since[i]):
            both = "任现职级时间、任现职时间 均" if "rank_since" in c else "任现职时间 "
            return f"{both}未填写，无法计算职级晋升年限"
        parts = [f"{basis[i]} {since[i]:%Y-%m} 起至 {year}-12-31 共 {served[i]:.2f} 年{note[i]}"]
        if excellent[i]:
            parts.append(f"{p.grade} {excellent[i]} 个年度各折算 {p.excellent_year_credit:g} 年")
        if uncounted[i]:
            parts.append(f"{'/'.join(p.uncounted_grades)} {uncounted[i]} 个年度不计")
        verdict = "达到" if eligible[i] else "未达到"
        return (
            "，".join(parts) + f"，折算 {effective[i]:.2f} 年，{verdict}晋升所需 {required[i]:g} 年"
        )

    return pd.DataFrame(
        {
            "id": c["id"].astype(object),
            "since": since,
            "basis": basis,
            "served": served.round(2),
            "excellent": excellent,
            "uncounted": uncounted,
            "effective": effective.round(2),
            "required": required,
            "eligible": eligible,
            "evidence": [words(i) for i in c.index],
        }
    ).reset_index(drop=True)


def rank_start(cadres: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(date the years in rank count from, its name, a note): 任现职级时间 where filled,
    else 任现职时间 — noted as the fallback when the roster has 任现职级时间 left blank."""
    empty = pd.Series(pd.NaT, index=cadres.index, dtype="datetime64[ns]")
    post = pd.to_datetime(cadres["appointed_on"]) if "appointed_on" in cadres else empty
    if "rank_since" not in cadres:
        none = pd.Series("", index=cadres.index, dtype=object)
        return post, pd.Series("任现职", index=cadres.index, dtype=object), none
    rank = pd.to_datetime(cadres["rank_since"])
    fallback = rank.isna() & post.notna()
    words = np.where(rank.notna(), "任现职级", "任现职")
    note = np.where(fallback, "（任现职级时间 未填写，按任现职时间计）", "")
    return (
        rank.fillna(post),
        pd.Series(words, index=cadres.index, dtype=object),
        pd.Series(note, index=cadres.index, dtype=object),
    )
