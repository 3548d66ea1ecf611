"""能上 / 优者奖: the promotion pool, its 影响期 bars and rank promotion (职级晋升) — see
insight/flags.py."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from cadrekit.insight._common import as_timestamp, date_text
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
from cadrekit.insight.rank_eligibility import rank_promotion

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result


def reference_day(result: Result, day: dt.date | str | None = None) -> pd.Timestamp:
    """The pool's reference date: ``day``, else 31 December of the assessment year."""
    return as_timestamp(day if day is not None else dt.date(result.year, 12, 31))


def promotion_pool(result: Result, day: dt.date | str | None = None) -> pd.DataFrame:
    """能上 / 优者奖 as of ``day`` (see :func:`reference_day`). A cadre in a verified
    sanction's influence period on that day keeps the items she earned, but each says that
    she cannot be promoted, and a ``promotion-barred`` row first gives the periods."""
    parts = [*_grade_items(result), _repeated_items(result), _commendations(result)]
    pool = _concat(parts, _order(result))
    pool = _concat([pool, *_rank_items(result, pool)], _order(result))
    return _barred(result, pool, reference_day(result, day))


def _grade_items(result: Result) -> list[pd.DataFrame]:
    """This year's quota grade, and (when the rules say) the top places of each track."""
    p = result.rules.flags.promotion
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
    return parts


def _repeated_items(result: Result) -> pd.DataFrame:
    """The quota grade in at least ``excellent_years`` of the last ``excellent_window``."""
    p = result.rules.flags.promotion
    c, year = result.cadres, result.year
    years = list(range(year - p.excellent_window + 1, year + 1))
    grades = _grades_of(grade_history(result), c["id"].astype(object), years)
    hits = (grades == p.grade).sum(axis=1)
    which = grades.apply(
        lambda row: "、".join(str(y) for y, g in row.items() if g == p.grade), axis=1
    )
    return _items(
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


def _rank_items(result: Result, pool: pd.DataFrame) -> list[pd.DataFrame]:
    """For each cadre in the pool, whether her years in rank allow promotion now."""
    c = result.cadres
    ranks = rank_promotion(result).set_index("id")
    in_pool = c["id"].isin(pool["id"])
    eligible = c["id"].map(ranks["eligible"]).fillna(False).astype(bool)
    evidence = c["id"].map(ranks["evidence"])
    return [
        _items(c, in_pool & mask, "promotion", item, evidence, "flags.promotion.min_years")
        for item, mask in (("rank-promotion", eligible), ("rank-promotion-not-yet", ~eligible))
    ]


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
