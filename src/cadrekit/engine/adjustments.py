"""Layer 4 — adjustments: bonus (加分) and deduction (减分) from the events of the year.

Per cadre and kind: the points of the events dated in the assessment year are summed per
category (each category capped by ``category_caps``), then in total (capped by ``cap``).
Events on a unit (no id) count for the unit's top leader only if
``adjustments.unit_events_to_top_leader``. The audit lists every event: counted, or left
out and why (outside the year, a unit event, over a cap).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from cadrekit.engine._common import (
    Trail,
    audit,
    codes_in,
    column_or_na,
    concat_audit,
    id_order,
    isin_text,
    num_text,
)
from cadrekit.models.rules import AdjustmentKind, RuleSet

LAYER = "adjustments"
EVENT_COLUMNS = ["id", "unit", "date", "kind", "category", "points", "reason", "source"]


def prepare_events(events: pd.DataFrame | None, index_name: str = "event") -> pd.DataFrame:
    """Events with every expected column, in a canonical order (input order never matters)."""
    if events is None:
        events = pd.DataFrame(columns=EVENT_COLUMNS)
    data = {c: column_or_na(events, c) for c in EVENT_COLUMNS}
    ev = pd.DataFrame(data, index=events.index)
    for c in ("id", "unit", "kind", "category", "reason", "source"):
        ev[c] = ev[c].astype("string")
    ev["date"] = pd.to_datetime(ev["date"], errors="coerce")
    ev["points"] = pd.to_numeric(ev["points"], errors="coerce").astype("float64")
    # sorted on every column, NA last (text keys as their places in text order)
    date = ev["date"].to_numpy(dtype="datetime64[ns]").view("int64")
    keys = [id_order(ev[c]) if c not in ("date", "points") else ev[c] for c in EVENT_COLUMNS]
    keys[2] = np.where(ev["date"].isna().to_numpy(), np.iinfo("int64").max, date)
    keys[5] = ev["points"].to_numpy()
    ev = ev.take(np.lexsort(keys[::-1]))
    return ev.reset_index(drop=True).rename_axis(index_name)


def event_targets(events: pd.DataFrame, cadres: pd.DataFrame) -> pd.DataFrame:
    """Each event with the cadre it concerns: ``cadre_id`` and ``via`` (cadre | unit).

    An event with an id concerns that cadre; one with a unit and no id concerns the top
    leader(s) of that unit. Events matching no cadre are dropped (the validator reports
    unknown ids). The rows: the direct events in event order, then each unit event once per
    top leader of its unit (event order, then cadre order), with unique labels; one take
    of the events, not a merge and a concat of frames.
    """
    ids = cadres["id"].astype("string")
    direct = np.flatnonzero(isin_text(events["id"], ids).to_numpy())
    on_unit = np.flatnonzero((events["id"].isna() & events["unit"].notna()).to_numpy())
    via_unit, leader = _unit_leaders(events["unit"].take(on_unit), cadres)
    rows = np.concatenate([direct, on_unit[via_unit]])
    out = events.take(rows).reset_index()
    cadre_id = np.concatenate(
        [events["id"].to_numpy(dtype=object)[direct], ids.to_numpy(dtype=object)[leader]]
    )
    out["cadre_id"] = pd.Series(cadre_id, index=out.index, dtype="string")
    out["via"] = np.where(np.arange(len(rows)) < len(direct), "cadre", "unit")
    return out


def _unit_leaders(units: pd.Series, cadres: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(position in ``units``, cadre position) of each unit event and top leader of its
    unit, in the order an inner merge on the unit gives them (event, then cadre order)."""
    top = np.flatnonzero(column_or_na(cadres, "top_leader").fillna(False).astype(bool))
    codes, names = pd.factorize(cadres["unit"].take(top).astype("string"), sort=False)
    codes = np.asarray(codes, dtype="int64")
    top, codes = top[codes >= 0], codes[codes >= 0]
    none = np.empty(0, dtype="int64")
    if not len(names) or not len(units):
        return none, none
    order = np.argsort(codes, kind="stable")  # the leaders of each unit, in cadre order
    counts = np.bincount(codes, minlength=len(names))
    starts = np.cumsum(counts) - counts
    unit = codes_in(units, names)
    has = unit >= 0
    each = np.where(has, counts[np.where(has, unit, 0)], 0)
    event = np.repeat(np.arange(len(units)), each)
    first = np.repeat(starts[np.where(has, unit, 0)], each)
    offset = np.arange(len(event)) - np.repeat(np.cumsum(each) - each, each)
    return event, top[order[first + offset]]


def describe(events: pd.DataFrame) -> pd.Series:
    """``2024-03-05 重点项目建设 2 分（事由）`` for each event."""
    date = events["date"].dt.strftime("%Y-%m-%d").astype("string").fillna("无日期")
    return (
        date
        + " "
        + events["kind"].fillna("")
        + " "
        + events["category"].fillna("未分类")
        + " "
        + num_text(events["points"])
        + " 分"
        + ("（" + events["reason"] + "）").fillna("")
    )


class _Described:
    """:func:`describe` of a frame of events, made once when an audit part is first read
    (CSV and JSON never read it) and shared by every part that lists some of them."""

    def __init__(self, events: pd.DataFrame) -> None:
        self.events = events
        self.text: pd.Series | None = None

    def led(self, lead: str, mask: pd.Series) -> pd.Series:
        """``lead`` then the description of each event under ``mask``."""
        if self.text is None:
            self.text = describe(self.events)
        return lead + self.text[mask]


def _listed(
    ev: pd.DataFrame, mask: pd.Series, path: str, lead: str, outcome: str, text: _Described
) -> Trail:
    """Audit rows of the events under ``mask``: ``lead`` then the event described."""
    sel = ev[mask]
    reason = partial(text.led, lead, mask)
    return audit(sel["cadre_id"], LAYER, path, sel["points"], reason, outcome=outcome)


def _kind_total(
    ev: pd.DataFrame, rule: AdjustmentKind, path: str, allow_unit: bool
) -> tuple[pd.Series, list[Trail]]:
    """Per-cadre total of one kind after the caps, and its audit rows."""
    in_year = ev["_in_year"]
    via_unit = ev["via"].eq("unit")
    counted = in_year & (~via_unit | allow_unit)
    unit_out = in_year & via_unit & (not allow_unit)
    text = _Described(ev)
    parts = [
        _listed(ev, counted, path, "计入：", "counted", text),
        _listed(ev, ~in_year, path, "不计入（不在考核年度内）：", "not-counted", text),
        _listed(
            ev, unit_out, path, "不计入（单位事项，不计入一把手个人加减分）：", "not-counted", text
        ),
    ]
    use = ev[counted].assign(category=ev["category"].fillna(""))
    by_cat = use.groupby(["cadre_id", "category"], sort=True)["points"].sum().reset_index()
    caps = by_cat["category"].map(rule.category_caps).astype("float64")
    over_cat = by_cat["points"] > caps
    capped = by_cat["points"].where(~over_cat, caps)
    if over_cat.any():
        o = by_cat[over_cat]
        parts.append(
            audit(
                o["cadre_id"],
                LAYER,
                path + ".category_caps." + o["category"],
                o["points"] - caps[over_cat],
                "类别 "
                + o["category"]
                + " 合计 "
                + num_text(o["points"])
                + " 分，超过上限 "
                + num_text(caps[over_cat])
                + "，超出部分不计",
                outcome="capped",
            )
        )
    total = capped.groupby(by_cat["cadre_id"]).sum()
    if rule.cap is not None:
        over = total > rule.cap
        if over.any():
            o_total = total[over]
            ids = pd.Series(o_total.index, index=o_total.index)
            parts.append(
                audit(
                    ids,
                    LAYER,
                    path + ".cap",
                    o_total - rule.cap,
                    "合计 " + num_text(o_total) + f" 分，超过上限 {rule.cap:g}，超出部分不计",
                    outcome="capped",
                )
            )
        total = total.clip(upper=rule.cap)
    return total, parts


def compute_adjustments(
    cadres: pd.DataFrame, events: pd.DataFrame | None, rules: RuleSet, year: int
) -> tuple[pd.DataFrame, Trail]:
    """Add ``bonus`` and ``deduction`` from the events dated in ``year``."""
    adj = rules.adjustments
    ev = event_targets(prepare_events(events), cadres)
    ev["_in_year"] = ev["date"].dt.year.eq(year).fillna(False).astype(bool)
    out = cadres.copy(deep=False)
    parts: list[Trail] = []
    ids = cadres["id"].astype("string")
    for name, rule in (("bonus", adj.bonus), ("deduction", adj.deduction)):
        of_kind = ev[ev["kind"].eq(rule.kind).fillna(False).astype(bool)]
        total, trail = _kind_total(
            of_kind, rule, f"adjustments.{name}", adj.unit_events_to_top_leader
        )
        parts.extend(trail)
        where = codes_in(ids, total.index)
        value = np.append(total.to_numpy(dtype="float64"), 0.0)[where]
        value = pd.Series(np.where(np.isnan(value), 0.0, value), index=cadres.index)
        out[name] = value  # not rounded: DEFAULT_RULES §5 rounds P, V, Q and S only
    return out, concat_audit(parts)
