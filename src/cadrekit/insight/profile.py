"""干部画像: one cadre across years, composed from what the other insights already decide.

Nothing is recomputed here: grades by year come from 历年考核 and this year's result; the
events' points from the 纪实记录 sheet (the assessment year's rows, grouped by category)
and the engine's own ledger of what it counted (its audit); influence periods from
:mod:`cadrekit.insight.influence`; training from :mod:`cadrekit.insight.training`; years in
post and in rank (任现职级时间; time in post stands in where it is missing or blank) and the
promotion pool from :mod:`cadrekit.insight.flags`.

The portrait is a JSON-ready dict: ``head`` and ``now`` (fields), then sections, each a
list of rows (dicts), which the terminal, HTML and JSON renderers show as they are.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import TYPE_CHECKING, Any

import pandas as pd

from cadrekit.errors import UsageError
from cadrekit.insight._common import months_between, text
from cadrekit.insight.flags import adjustment_list, promotion_pool, rank_promotion, reference_day
from cadrekit.insight.influence import influence

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result


def find_cadre(result: Result, key: str) -> str:
    """The id of the cadre ``key`` (an id, or a unique name); else a usage error naming
    the nearest ids and names on the roster."""
    from cadrekit.insight.explain import find

    ids = result.cadres["id"].astype(str)
    names = result.cadres["name"].astype(str)
    if (ids == key).any() or (names == key).any():
        return find(result, key)  # an id, a unique name, or a name two cadres share
    near = difflib.get_close_matches(key, ids.tolist(), n=5, cutoff=0.5)
    by_name = difflib.get_close_matches(key, names.tolist(), n=3, cutoff=0.5)
    near += [ids[names == n].iloc[0] for n in by_name]
    label = dict(zip(ids, names, strict=True))
    shown = "、".join(f"{i}（{label[i]}）" for i in dict.fromkeys(near)) or "无"
    raise UsageError(
        f"干部名册中没有编号或姓名为 {key} 的干部；最接近的：{shown}",
        message_en=f"no cadre with id or name {key} in 干部名册; nearest: {shown}",
        hint="请核对编号（干部名册 的 编号 列）",
        hint_en="check the id (the 编号 column of 干部名册)",
    )


def portrait(result: Result, cadre_id: str, day: dt.date | None = None) -> dict[str, Any]:
    """The portrait of ``cadre_id`` (as :func:`find_cadre` returns it); ``day``: the
    reference date of influence periods and the pool (default 31 December of the year)."""
    c = result.cadres
    row = c[c["id"].astype(str) == cadre_id].iloc[0]
    when = reference_day(result, day)
    return {
        "head": _head(result, row, when),
        "now": _now(result, row),
        "grades": _grades(result, row),
        "events": _events(result, cadre_id),
        "ledger": _ledger(result, cadre_id),
        "supervision": _supervision(result, cadre_id),
        "influence": _influence(result, cadre_id, when),
        "training": _training(result, cadre_id),
        "years": _years(result, cadre_id),
        "pool": _pool(result, cadre_id, day),
    }


def _head(result: Result, row: pd.Series, day: pd.Timestamp) -> dict[str, Any]:
    fields = ("id", "name", "unit", "post", "layer", "track_label", "status")
    head = {f: text(row.get(f)) for f in fields}
    return head | {"year": result.year, "reference_day": f"{day:%Y-%m-%d}"}


def _now(result: Result, row: pd.Series) -> dict[str, Any]:
    """This year: score, grade, rank, the quarters, the engine's bonus and deduction, the limit."""
    c = result.cadres
    size = int((c["rank"].notna() & (c["track"] == row["track"])).sum())
    rank = None if pd.isna(row["rank"]) else int(row["rank"])
    limit = text(row.get("limit_reason"))
    return {
        "score": None if pd.isna(row["score"]) else round(float(row["score"]), 2),
        "grade": text(row["grade"]),
        "rank": rank,
        "ranked_in_track": size,
        "quarters": [text(row.get(q)) for q in ("q1", "q2", "q3", "q4")],
        "bonus": _number(row.get("bonus")),
        "deduction": _number(row.get("deduction")),
        "limit": text(row.get("limit")),
        "limit_reason": limit.rsplit(" [", 1)[0] if limit.endswith("]") else limit,
        "flags": _flags(row.get("flags")),
    }


def _grades(result: Result, row: pd.Series) -> list[dict[str, Any]]:
    """历年考核 rows (year order), then this year's result."""
    hist = _frame(result, "history")
    rows: list[dict[str, Any]] = []
    if hist is not None:
        mine = hist[hist["id"].astype(str) == str(row["id"])].sort_values("year", kind="stable")
        scores = mine["score"] if "score" in mine else pd.Series(None, index=mine.index)
        for year, grade, score in zip(mine["year"], mine["grade"], scores, strict=True):
            if int(year) != result.year:
                rows.append(
                    {
                        "year": int(year),
                        "grade": text(grade),
                        "score": _number(score),
                        "source": "history",
                    }
                )
    now = _now(result, row)
    rows.append(
        {"year": result.year, "grade": now["grade"], "score": now["score"], "source": "result"}
    )
    return rows


def _events(result: Result, cadre_id: str) -> list[dict[str, Any]]:
    """The assessment year's 纪实记录 of the cadre by category: 加分 and 减分 points as
    recorded (what counted, after caps, is in the ledger and ``now``)."""
    ev = _frame(result, "events")
    if ev is None:
        return []
    mine = ev[
        (ev["id"].astype(str) == cadre_id) & (pd.to_datetime(ev["date"]).dt.year == result.year)
    ]
    if mine.empty:
        return []
    points = pd.to_numeric(mine["points"], errors="coerce").fillna(0.0)
    kind = mine["kind"].astype(str)
    frame = pd.DataFrame(
        {
            "category": mine["category"].astype(object).fillna("").astype(str),
            "bonus": points.where(kind == "加分", 0.0),
            "deduction": points.where(kind == "减分", 0.0),
            "n": 1,
        }
    )
    grouped = frame.groupby("category", sort=False).sum().reset_index()
    return [
        {"category": str(c), "n": int(n), "bonus": float(b), "deduction": float(d)}
        for c, n, b, d in zip(
            grouped["category"], grouped["n"], grouped["bonus"], grouped["deduction"], strict=True
        )
    ]


def _ledger(result: Result, cadre_id: str) -> list[dict[str, Any]]:
    """The engine's own record of each event it weighed: counted or not, and why."""
    audit = result.audit
    steps = audit[(audit["cadre_id"].astype(str) == cadre_id) & (audit["layer"] == "adjustments")]
    return [
        {
            "value": text(s.value),
            "reason": text(s.reason),
            "outcome": text(getattr(s, "outcome", "")),
        }
        for s in steps.itertuples(index=False)
    ]


def _supervision(result: Result, cadre_id: str) -> list[dict[str, Any]]:
    sup = _frame(result, "supervision")
    if sup is None:
        return []
    mine = sup[sup["id"].astype(str) == cadre_id].sort_values("date", kind="stable")
    verified = mine["verified"] if "verified" in mine else pd.Series(True, index=mine.index)
    return [
        {
            "date": f"{pd.Timestamp(d):%Y-%m-%d}" if pd.notna(d) else "",
            "source": text(s),
            "measure": text(m),
            "verified": None if pd.isna(v) else bool(v),
            "note": text(n),
        }
        for d, s, m, v, n in zip(
            mine["date"],
            mine.get("source", ""),
            mine["measure"],
            verified,
            mine.get("note", pd.Series("", index=mine.index)),
            strict=True,
        )
    ]


def _influence(result: Result, cadre_id: str, day: pd.Timestamp) -> dict[str, Any]:
    sup = _frame(result, "supervision")
    found = influence(sup, result.rules, day, pd.Series([cadre_id], dtype=object))
    until = found.until.iloc[0]
    return {
        "active": text(found.active.iloc[0]),
        "ended": text(found.ended.iloc[0]),
        "tolerated": text(found.tolerated.iloc[0]),
        "until": f"{pd.Timestamp(until):%Y-%m-%d}" if pd.notna(until) else "",
    }


def _training(result: Result, cadre_id: str) -> dict[str, Any] | None:
    """The training year's hours against the layer's requirement (None: no 教育培训 sheet)."""
    from cadrekit.insight.training import coverage

    dataset = result.dataset
    if dataset is None or "training" not in dataset.sheets:
        return None
    per = coverage(dataset, result.rules, None)
    mine = per[per["id"].astype(str) == cadre_id]
    if mine.empty:
        return None
    r = mine.iloc[0]
    keys = ("hours", "required", "met", "topics", "missing_topics")
    out = {k: (_number(r[k]) if k in ("hours", "required") else r[k]) for k in keys}
    return out | {"met": bool(r["met"]), "year": per.attrs.get("year")}


def _years(result: Result, cadre_id: str) -> dict[str, Any]:
    """Years in post (任现职时间) and in rank: from 任现职级时间 where the roster has it filled,
    else — the documented fallback — from 任现职时间 (``rank_basis`` says which, per cadre)."""
    years = rank_promotion(result)
    r = years[years["id"].astype(str) == cadre_id].iloc[0]
    c = result.cadres
    row = c[c["id"].astype(str) == cadre_id].iloc[0]
    post = pd.to_datetime(pd.Series([row.get("appointed_on")]))
    end = pd.Timestamp(year=result.year + 1, month=1, day=1)
    post_years = months_between(post, end).iloc[0] / 12
    rank_since = pd.to_datetime(pd.Series([row.get("rank_since")])).iloc[0]
    if "rank_since" not in c:
        basis = "no-column"  # the roster has no 任现职级时间 column
    else:
        basis = "rank_since" if pd.notna(rank_since) else "blank"
    return {
        "post_since": f"{post.iloc[0]:%Y-%m}" if pd.notna(post.iloc[0]) else "",
        "post_years": None if pd.isna(post_years) else round(float(post_years), 2),
        "rank_title": text(row.get("rank_title")),
        "since": f"{r['since']:%Y-%m}" if pd.notna(r["since"]) else "",
        "served": _number(r["served"]),
        "effective": _number(r["effective"]),
        "required": _number(r["required"]),
        "eligible": bool(r["eligible"]),
        "rank_basis": "rank_since" if basis == "rank_since" else "appointed_on",
        "fallback": {"no-column": "no-rank-column", "blank": "rank-since-blank"}.get(basis, ""),
        "evidence": text(r["evidence"]),
    }


def _pool(result: Result, cadre_id: str, day: dt.date | None) -> list[dict[str, Any]]:
    """The cadre's rows on the promotion pool (能上) and the adjustment list (能下)."""
    rows = pd.concat([promotion_pool(result, day), adjustment_list(result)], ignore_index=True)
    mine = rows[rows["id"].astype(str) == cadre_id]
    return [
        {"list": r.list, "item": r.item, "evidence": text(r.evidence)}
        for r in mine.itertuples(index=False)
    ]


def _frame(result: Result, kind: str) -> pd.DataFrame | None:
    """The sheet ``kind`` as loaded, or None when the roster has no such sheet."""
    dataset = result.dataset
    if dataset is None or kind not in dataset.sheets:
        return None
    return dataset.frame(kind)


def _number(value: Any) -> float | None:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number) else round(float(number), 2)


def _flags(value: Any) -> list[str]:
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return [str(f) for f in list(value)]
    return []
