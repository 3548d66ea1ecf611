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
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.insight._common import as_timestamp, date_text, text
from cadrekit.insight.grade_grid import grade_history
from cadrekit.insight.grade_grid import grades_of as _grades_of
from cadrekit.insight.grade_grid import sheet_frame as _sheet
from cadrekit.insight.influence import influence
from cadrekit.insight.rank_eligibility import rank_promotion

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result
    from cadrekit.models.rules import RuleSet

LISTS = ("promotion", "adjustment", "consequences", "risk")
# on request only (``--list rank``): every cadre's 职级晋升 years, insight/rank_eligibility.py
EXTRA_LISTS = ("rank",)
FLAG_COLUMNS = ["list", "id", "name", "unit", "track", "item", "evidence", "rule_path"]
REVIEW = "（供研究，非结论）"
# supervision records on a risk list: the assessment year and this many years before it
RISK_YEARS_BACK = 1


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


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in FLAG_COLUMNS})


def _items(
    cadres: pd.DataFrame, mask: Any, name: str, item: str, evidence: Any, rule_path: str
) -> pd.DataFrame:
    mask = pd.Series(mask, index=cadres.index).fillna(False).astype(bool)
    rows = cadres[mask]
    ev = (
        pd.Series(evidence, index=cadres.index)[mask] if not isinstance(evidence, str) else evidence
    )
    return pd.DataFrame(
        {
            "list": name,
            "id": rows["id"].astype(object),
            "name": rows["name"].astype(object),
            "unit": rows["unit"].astype(object),
            "track": rows["track"].astype(object),
            "item": item,
            "evidence": ev,
            "rule_path": rule_path,
        },
        columns=FLAG_COLUMNS,
    )


def _concat(parts: list[pd.DataFrame], order: pd.Series) -> pd.DataFrame:
    """Rows grouped by cadre in the result's order (track, then rank), items in list order."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return _empty()
    out = pd.concat(parts, ignore_index=True)
    out["_cadre"] = out["id"].map(order)
    out["_item"] = np.arange(len(out))
    out = out.sort_values(["_cadre", "_item"], kind="stable")
    return out[FLAG_COLUMNS].reset_index(drop=True)


def _order(result: Result) -> pd.Series:
    ids = result.cadres["id"].astype(object)
    return pd.Series(np.arange(len(ids)), index=ids.to_numpy()).groupby(level=0).first()


def _track_sizes(cadres: pd.DataFrame) -> pd.Series:
    ranked = cadres["rank"].notna()
    return cadres["track"].map(cadres[ranked].groupby("track").size()).fillna(0).astype(int)


# ------------------------------------------------------------------------ promotion


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


# ----------------------------------------------------------------------- adjustment


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


# --------------------------------------------------------------------- consequences


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


# ----------------------------------------------------------------------------- risk


def risk_list(result: Result) -> pd.DataFrame:
    """一把手履职用权风险提示清单: every top leader, with each risk point or a row saying none."""
    c = result.cadres
    leaders = c[c["top_leader"].fillna(False).astype(bool)] if "top_leader" in c else c.iloc[0:0]
    from cadrekit.insight import risk_points

    records = [_supervision_risks(result, leaders), _event_risks(result, leaders)]
    records = [risk_points.mark(r, result.rules) for r in records if len(r)]
    points = risk_points.summary(pd.concat(records), result.rules) if records else _empty()
    parts = [points, *records, _falls(result, leaders)]
    found = _concat(parts, _order(result))
    quiet = ~leaders["id"].isin(found["id"])
    parts = [found, _items(leaders, quiet, "risk", "none", "数据中未发现风险提示", "")]
    return _concat(parts, _order(result))


_SOURCE_ITEM = {"信访举报": "petition", "审计": "audit-finding"}


def _supervision_risks(result: Result, leaders: pd.DataFrame) -> pd.DataFrame:
    sup = _sheet(result, "supervision", ["id", "date", "source", "measure", "verified", "note"])
    sup = sup[sup["id"].isin(leaders["id"])].copy()
    dates = pd.to_datetime(sup["date"])
    sup = sup[(dates.dt.year <= result.year) & (dates.dt.year >= result.year - RISK_YEARS_BACK)]
    if not len(sup):
        return _empty()
    verified = (
        sup["verified"].fillna(True).astype(bool)
        if "verified" in sup
        else pd.Series(True, index=sup.index)
    )
    source = (
        sup["source"].astype(object).fillna("其他")
        if "source" in sup
        else pd.Series("其他", index=sup.index)
    )
    note = (
        sup["note"].astype(object).fillna("") if "note" in sup else pd.Series("", index=sup.index)
    )
    evidence = (
        date_text(sup["date"])
        + " "
        + source.astype(str)
        + " "
        + sup["measure"].astype(str)
        + np.where(verified, "（已核实）", "（未核实）")
        + note.map(lambda n: f"：{n}" if text(n) else "")
    )
    rows = leaders.set_index("id").loc[sup["id"]].reset_index()
    return pd.DataFrame(
        {
            "list": "risk",
            "id": rows["id"].to_numpy(dtype=object),
            "name": rows["name"].to_numpy(dtype=object),
            "unit": rows["unit"].to_numpy(dtype=object),
            "track": rows["track"].to_numpy(dtype=object),
            "item": source.map(_SOURCE_ITEM).fillna("supervision").to_numpy(dtype=object),
            "evidence": evidence.to_numpy(dtype=object),
            "rule_path": "",
            "_said": note.astype(str).to_numpy(dtype=object),
            "_source": source.to_numpy(dtype=object),
        }
    )


def _event_risks(result: Result, leaders: pd.DataFrame) -> pd.DataFrame:
    ev = _sheet(result, "events", ["id", "unit", "date", "kind", "category", "points", "reason"])
    if not len(ev) or not len(leaders):
        return _empty()
    rs = result.rules
    kinds = {rs.adjustments.deduction.kind: "deduction"}
    if rs.limits.veto is not None:
        kinds[rs.limits.veto.kind] = "veto"
    ev = ev[ev["kind"].isin(kinds) & (pd.to_datetime(ev["date"]).dt.year == result.year)]
    own = ev[ev["id"].notna()].merge(leaders[["id"]], on="id")
    own = own.assign(whose="本人")
    unit_ev = ev[ev["id"].isna() & ev["unit"].notna()].drop(columns=["id"])
    on_unit = unit_ev.merge(leaders[["id", "unit"]], on="unit").assign(whose="本单位")
    both = pd.concat([own, on_unit], ignore_index=True)
    if not len(both):
        return _empty()
    points = both["points"].map(lambda v: "" if pd.isna(v) else f" {v:g} 分")
    evidence = (
        date_text(both["date"])
        + " "
        + both["whose"]
        + " "
        + both["kind"].astype(str)
        + " "
        + both["category"].astype(object).fillna("").astype(str)
        + points
        + "（"
        + both["reason"].astype(object).fillna("").astype(str)
        + "）"
    )
    rows = leaders.set_index("id").loc[both["id"]].reset_index()
    return pd.DataFrame(
        {
            "list": "risk",
            "id": rows["id"].to_numpy(dtype=object),
            "name": rows["name"].to_numpy(dtype=object),
            "unit": rows["unit"].to_numpy(dtype=object),
            "track": rows["track"].to_numpy(dtype=object),
            "item": both["kind"].map(kinds).to_numpy(dtype=object),
            "evidence": evidence.to_numpy(dtype=object),
            "rule_path": np.where(
                both["kind"].map(kinds) == "veto", "limits.veto", "adjustments.deduction"
            ),
            "_said": (
                both["category"].astype(object).fillna("").astype(str)
                + " "
                + both["reason"].astype(object).fillna("").astype(str)
            ).to_numpy(dtype=object),
        }
    )


def _falls(result: Result, leaders: pd.DataFrame) -> pd.DataFrame:
    """A worse grade than last year; a worse rank when the history sheet has ``rank``."""
    rs, year = result.rules, result.year
    if not len(leaders):  # no top leader: nothing to compare (and no frame to compare in)
        return _empty()
    order = {g: i for i, g in enumerate(rs.grades.order)}
    grid = grade_history(result)
    before = _grades_of(grid, leaders["id"].astype(object), [year - 1])[year - 1]
    now = leaders["grade"].astype(object)
    # as numbers: with no leader, the empty grade column keeps its text dtype through map
    fell = before.astype(object).map(order).astype("float64") < now.map(order).astype("float64")
    parts = [
        _items(
            leaders,
            fell,
            "risk",
            "grade-fell",
            f"等次 {year - 1} " + before.astype(str) + f" → {year} " + now.astype(str),
            "grades.order",
        )
    ]
    hist = _sheet(result, "history", ["id", "year", "grade"])
    if "rank" in hist.columns:
        last = hist[hist["year"] == year - 1].drop_duplicates("id").set_index("id")["rank"]
        prev = leaders["id"].map(last)
        worse = prev.notna() & leaders["rank"].notna() & (leaders["rank"] > prev)
        parts.append(
            _items(
                leaders,
                worse,
                "risk",
                "rank-fell",
                f"赛道排名 {year - 1} 第 "
                + prev.astype(str)
                + f" 名 → {year} 第 "
                + leaders["rank"].astype(str)
                + " 名",
                "ranking.tie_break",
            )
        )
    return pd.concat(parts, ignore_index=True)


def _num(value: Any) -> str:
    return "" if pd.isna(value) else f"{value:.2f}"
