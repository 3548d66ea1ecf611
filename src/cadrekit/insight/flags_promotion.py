"""能上 / 优者奖: the promotion pool, its 影响期 bars and rank promotion (职级晋升) — see
insight/flags.py."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pandas as pd

from cadrekit.insight._common import as_timestamp, date_text, months_between
from cadrekit.insight.flag_items import (
    _concat,
    _empty,
    _grades_of,
    _items,
    _num,
    _order,
    _sheet,
    _track_sizes,
    grade_history,
)
from cadrekit.insight.influence import influence

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result
    from cadrekit.models.rules import RuleSet


def reference_day(result: Result, day: dt.date | str | None = None) -> pd.Timestamp:
    """The pool's reference date: ``day``, else 31 December of the assessment year."""
    return as_timestamp(day if day is not None else dt.date(result.year, 12, 31))


def promotion_pool(result: Result, day: dt.date | str | None = None) -> pd.DataFrame:
    """能上 / 优者奖 as of ``day`` (see :func:`reference_day`). A cadre in a verified
    sanction's influence period on that day keeps the items she earned, but each says that
    she cannot be promoted, and a ``promotion-barred`` row first gives the periods."""
    rs: RuleSet = result.rules
    p = rs.flags.promotion
    c, year = result.cadres, result.year
    n = _track_sizes(c)
    label = c["track_label"].astype(object).fillna(c["track"].astype(object))
    position = (
        label
        + " 第 "
        + c["rank"].astype("string").fillna("")
        + " 名（共 "
        + n.astype(str)
        + " 人）"
    )
    parts = [
        _items(
            c,
            c["grade"] == p.grade,
            "promotion",
            "excellent-this-year",
            f"{year} 年度 {p.grade}（综合得分 " + c["score"].map(_num) + "，" + position + "）",
            "flags.promotion.grade",
        )
    ]
    if p.top_of_track:
        parts.append(
            _items(
                c,
                c["rank"].notna() & (c["rank"] <= p.top_of_track),
                "promotion",
                "top-of-track",
                position,
                "flags.promotion.top_of_track",
            )
        )
    years = list(range(year - p.excellent_window + 1, year + 1))
    grades = _grades_of(grade_history(result), c["id"].astype(object), years)
    hits = (grades == p.grade).sum(axis=1)
    which = grades.apply(
        lambda row: "、".join(str(y) for y, g in row.items() if g == p.grade), axis=1
    )
    parts.append(
        _items(
            c,
            hits >= p.excellent_years,
            "promotion",
            "excellent-repeatedly",
            f"近 {p.excellent_window} 年（{years[0]}–{year}）{p.grade} "
            + hits.astype(str)
            + " 次："
            + which,
            "flags.promotion.excellent_years",
        )
    )
    parts.append(_commendations(result))
    pool = _concat(parts, _order(result))
    ranks = rank_promotion(result).set_index("id")
    in_pool = c["id"].isin(pool["id"])
    eligible = c["id"].map(ranks["eligible"]).fillna(False).astype(bool)
    evidence = c["id"].map(ranks["evidence"])
    parts = [pool]
    for item, mask in (("rank-promotion", eligible), ("rank-promotion-not-yet", ~eligible)):
        parts.append(
            _items(c, in_pool & mask, "promotion", item, evidence, "flags.promotion.min_years")
        )
    return _barred(result, _concat(parts, _order(result)), reference_day(result, day))


def _barred(result: Result, pool: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Mark the pool rows of cadres in an influence period on ``day`` (shared with ``vet``)."""
    if not len(pool):
        return pool
    c = result.cadres
    dataset = result.dataset
    sup = dataset.frame("supervision") if dataset is not None else None
    found = influence(sup, result.rules, day, c["id"].astype(object))
    barred = found.barred & c["id"].isin(pool["id"])
    if not barred.any():
        return pool
    until = found.until.map(lambda d: "" if pd.isna(d) else f"{d:%Y-%m-%d}")
    why = "处于影响期：" + found.active.fillna("") + f"（参考日期 {day:%Y-%m-%d}），不得提拔"
    rows = _items(c, barred, "promotion", "promotion-barred", why, "vetting.influence_months")
    hers = pool["id"].map(
        pd.Series(until.to_numpy(), index=c["id"].astype(object)).groupby(level=0).first()
    )
    hit = pool["id"].isin(c["id"][barred])
    pool = pool.copy()
    pool.loc[hit, "evidence"] = (
        pool.loc[hit, "evidence"].astype(str)
        + "；处于影响期至 "
        + hers[hit].astype(str)
        + f"，参考日期 {day:%Y-%m-%d} 不得提拔"
    )
    return _concat([rows, pool], _order(result))


def _commendations(result: Result) -> pd.DataFrame:
    p = result.rules.flags.promotion
    c = result.cadres
    ev = _sheet(result, "events", ["id", "date", "kind", "category", "points", "reason", "source"])
    if not len(ev) or not p.commendation_words:
        return _empty()
    words = "|".join(p.commendation_words)
    said = ev.get("reason", pd.Series("", index=ev.index)).fillna("").astype(str)
    said = said + " " + ev.get("category", pd.Series("", index=ev.index)).fillna("").astype(str)
    dates = pd.to_datetime(ev["date"])
    hit = (
        (ev["kind"] == p.commendation_kind)
        & said.str.contains(words, regex=True)
        & (dates.dt.year == result.year)
        & ev["id"].notna()
    )
    found = ev[hit.fillna(False).astype(bool)].copy()
    if not len(found):
        return _empty()
    found["text"] = (
        date_text(found["date"])
        + " "
        + found["reason"].fillna("").astype(str)
        + "（"
        + found.get("source", pd.Series("", index=found.index)).fillna("").astype(str)
        + "）"
    )
    joined = found.groupby("id")["text"].agg("；".join)
    return _items(
        c,
        c["id"].isin(joined.index),
        "promotion",
        "commendation",
        c["id"].map(joined),
        "flags.promotion.commendation_words",
    )


def rank_promotion(result: Result) -> pd.DataFrame:
    """职级晋升 years per cadre: id, since, served, excellent, uncounted, effective, required,
    eligible, evidence. Years are whole months to 31 December of the assessment year; annual
    grades count from the year of appointment on (this year's grade included)."""
    p = result.rules.flags.promotion
    c, year = result.cadres, result.year
    since = (
        pd.to_datetime(c["appointed_on"])
        if "appointed_on" in c
        else pd.Series(pd.NaT, index=c.index)
    )
    # to the end of 31 December: from 1 January of a year to its end is one whole year
    months = months_between(since, pd.Timestamp(year=year + 1, month=1, day=1))
    served = months / 12
    grid = grade_history(result)
    first = int(since.dt.year.min()) if since.notna().any() else year
    grades = _grades_of(grid, c["id"].astype(object), list(range(first, year + 1)))
    in_post = pd.DataFrame({y: since.dt.year.le(int(y)) for y in grades.columns}, index=c.index)
    excellent = ((grades == p.grade) & in_post).sum(axis=1)
    uncounted = (grades.isin(p.uncounted_grades) & in_post).sum(axis=1)
    effective = served - uncounted + p.excellent_year_credit * excellent
    layer = c["layer"].astype(object) if "layer" in c else pd.Series(None, index=c.index)
    required = layer.map(p.min_years_by_layer).fillna(p.min_years).astype(float)
    eligible = (effective >= required) & since.notna()

    def words(i: Any) -> str:
        if pd.isna(since[i]):
            return "任现职时间 未填写，无法计算职级晋升年限"
        parts = [f"任现职 {since[i]:%Y-%m} 起至 {year}-12-31 共 {served[i]:.2f} 年"]
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
            "served": served.round(2),
            "excellent": excellent,
            "uncounted": uncounted,
            "effective": effective.round(2),
            "required": required,
            "eligible": eligible,
            "evidence": [words(i) for i in c.index],
        }
    ).reset_index(drop=True)
