"""一把手履职用权风险提示清单: per top leader, supervision records, petitions, audit findings,
deductions and vetoes, and a fall in grade or rank — see insight/flags.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.insight._common import date_text, text
from cadrekit.insight.flag_items import (
    RISK_YEARS_BACK,
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
    return _risk_rows(
        leaders,
        sup["id"],
        item=source.map(_SOURCE_ITEM).fillna("supervision"),
        evidence=evidence,
        rule_path="",
        _said=note.astype(str),
        _source=source,
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
    item = both["kind"].map(kinds)
    return _risk_rows(
        leaders,
        both["id"],
        item=item,
        evidence=evidence,
        rule_path=np.where(item == "veto", "limits.veto", "adjustments.deduction"),
        _said=both["category"].astype(object).fillna("").astype(str)
        + " "
        + both["reason"].astype(object).fillna("").astype(str),
    )


def _risk_rows(leaders: pd.DataFrame, ids: pd.Series, **columns: Any) -> pd.DataFrame:
    """One risk row per id (a top leader's name, unit and track), then ``columns``."""
    rows = leaders.set_index("id").loc[ids].reset_index()
    data: dict[str, Any] = {"list": "risk"}
    data |= {c: rows[c].to_numpy(dtype=object) for c in ("id", "name", "unit", "track")}
    for name, values in columns.items():
        data[name] = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else values
    return pd.DataFrame(data)


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
