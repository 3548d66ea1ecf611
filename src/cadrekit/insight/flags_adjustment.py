"""能下: the adjustment list (for review under 《推进领导干部能上能下规定》, never a verdict)
— see insight/flags.py."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import pandas as pd

from cadrekit.insight.flag_items import (
    REVIEW,
    _concat,
    _empty,
    _grades_of,
    _items,
    _order,
    _sheet,
    grade_history,
)

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result
    from cadrekit.models.rules import RuleSet


def adjustment_list(result: Result) -> pd.DataFrame:
    rs: RuleSet = result.rules
    a = rs.flags.adjustment
    c, year = result.cadres, result.year
    parts = [
        _items(
            c,
            c["grade"].isin(a.grades),
            "adjustment",
            "incompetent",
            f"{year} 年度 "
            + c["grade"].astype(object)
            + "：按《推进领导干部能上能下规定》研究是否调整"
            + REVIEW,
            "flags.adjustment.grades",
        )
    ]
    years = list(range(year - a.repeated_years + 1, year + 1))
    grades = _grades_of(grade_history(result), c["id"].astype(object), years)
    running = (grades == a.repeated_grade).all(axis=1)
    parts.append(
        _items(
            c,
            running,
            "adjustment",
            "basic-repeated",
            f"{years[0]}–{year} 连续 {a.repeated_years} 年 {a.repeated_grade}" + REVIEW,
            "flags.adjustment.repeated_years",
        )
    )
    parts.append(_incompetent_votes(result))
    parts.append(_last_in_track(result))
    if "status_reason" in c:
        reason = c["status_reason"].fillna("").astype(str)
        sick = (
            reason.str.contains("|".join(a.sick_leave_words), regex=True)
            if a.sick_leave_words
            else False
        )
        parts.append(
            _items(
                c,
                sick,
                "adjustment",
                "sick-leave",
                "考核状态 "
                + c["status"].astype(str)
                + "，说明："
                + reason
                + "；因健康原因长期不能正常履职的，研究是否调整"
                + REVIEW,
                "flags.adjustment.sick_leave_words",
            )
        )
    return _concat(parts, _order(result))


def _incompetent_votes(result: Result) -> pd.DataFrame:
    a = result.rules.flags.adjustment
    votes = result.rules.components.votes
    c = result.cadres
    if votes is None or a.incompetent_vote not in votes.kinds:
        return _empty()
    columns = [k.column for k in votes.kinds.values() if k.column in c]
    column = votes.kinds[a.incompetent_vote].column
    if column not in c or not columns:
        return _empty()
    total = c[columns].astype("Float64").sum(axis=1)
    bad = c[column].astype("Float64")
    ratio = Fraction(a.incompetent_votes_more_than)
    over = (bad * ratio.denominator > total * ratio.numerator) & (total > 0)
    share = (bad / total * 100).round(1)
    evidence = (
        f"{a.incompetent_vote}票 "
        + bad.astype("Int64").astype(str)
        + "/"
        + total.astype("Int64").astype(str)
        + " = "
        + share.astype(str)
        + f"%，超过 {a.incompetent_votes_more_than}"
        + REVIEW
    )
    return _items(
        c,
        over,
        "adjustment",
        "incompetent-votes",
        evidence,
        "flags.adjustment.incompetent_votes_more_than",
    )


def _last_in_track(result: Result) -> pd.DataFrame:
    """Last in the track this year and in each earlier year — only when history has ``rank``."""
    a = result.rules.flags.adjustment
    c = result.cadres
    hist = _sheet(result, "history", ["id", "year", "grade"])
    if "rank" not in hist.columns:
        return _empty()
    ranked = c["rank"].notna()
    last_now = ranked & (c["rank"] == c["track"].map(c[ranked].groupby("track")["rank"].max()))
    hist = hist.merge(c[["id", "track"]], on="id", how="inner")
    hist = hist[hist["rank"].notna()]
    worst = hist.groupby(["year", "track"])["rank"].transform("max")
    hist = hist.assign(last=hist["rank"] == worst)
    need = list(range(result.year - a.last_in_track_years + 1, result.year))
    lasts = hist[hist["last"] & hist["year"].isin(need)].groupby("id")["year"].nunique()
    every = c["id"].map(lasts).fillna(0) >= len(need)
    return _items(
        c,
        last_now & every,
        "adjustment",
        "last-in-track",
        f"{need[0] if need else result.year}–{result.year} 连续 {a.last_in_track_years} 年在本赛道排名末位"
        + REVIEW,
        "flags.adjustment.last_in_track_years",
    )
