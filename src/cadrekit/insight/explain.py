"""One cadre's whole derivation, read from the engine's audit trail (never recomputed).

:func:`explain` returns a plain dict (JSON-ready): who, the final score and grade as the
audit recorded them, the rank among the ranked cadres of the track, the quota group with
its slots and where the cut fell, the flags, and every audit step grouped by layer, with
indicators and adjustments (counted or left out, and why) picked out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from cadrekit.errors import UsageError
from cadrekit.insight._common import text
from cadrekit.render.labels import AUDIT_LAYERS_ZH, group_label
from cadrekit.render.slots import quota_fields, slot_words

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result

LAYERS = AUDIT_LAYERS_ZH
LAYERS_EN = {
    "tracks": "track",
    "performance": "performance P",
    "composite": "composite S",
    "adjustments": "adjustments",
    "limits": "grade limits",
    "rank": "rank",
    "grade": "grade",
    "decisions": "committee decision",
    "flags": "flags",
}


def find(result: Result, key: str) -> str:
    """The id of the cadre whose id is ``key``, or whose name is ``key`` and unique."""
    ids = result.cadres["id"].astype(str)
    if (ids == key).any():
        return key
    names = result.cadres["name"].astype(str)
    hits = result.cadres[names == key]
    if len(hits) == 1:
        return str(hits.iloc[0]["id"])
    if len(hits) > 1:
        listed = "、".join(f"{i}（{u}）" for i, u in zip(hits["id"], hits["unit"], strict=True))
        raise UsageError(
            f"姓名 {key} 不唯一：{listed}，请用编号",
            message_en=f"the name {key} is not unique ({listed}); use the id",
        )
    raise UsageError(
        f"找不到编号或姓名为 {key} 的干部",
        message_en=f"no cadre with id or name {key}",
        hint="请核对编号（cadrekit score 的第一列）",
        hint_en="check the id (the first column of cadrekit score)",
    )


def explain(result: Result, cadre_id: str) -> dict[str, Any]:
    """The derivation of one cadre (``cadre_id`` as :func:`find` returns it)."""
    row = result.cadres[result.cadres["id"].astype(str) == cadre_id].iloc[0]
    trail = result.audit[result.audit["cadre_id"].astype(str) == cadre_id]
    steps = [
        {
            "layer": str(r.layer),
            "rule_path": text(r.rule_path),
            "value": text(r.value),
            "reason": text(r.reason),
            "outcome": text(getattr(r, "outcome", "")),
        }
        for r in trail.itertuples(index=False)
    ]
    return {
        "id": cadre_id,
        "name": text(row["name"]),
        "unit": text(row["unit"]),
        "track": text(row.get("track")),
        "track_label": text(row.get("track_label")),
        "year": result.year,
        "score": _number(_last(steps, "composite", "components")),
        # the committee's decision (决定 sheet) is the final word where there is one
        "grade": _last(steps, "decisions") or _last(steps, "grade", "grades"),
        "rank": _int(_last(steps, "rank")),
        "ranked_in_track": _ranked(result, row),
        "indicators": [
            s for s in steps if s["layer"] == "performance" and ".indicators[" in s["rule_path"]
        ],
        "adjustments": {  # by the engine's typed outcome, never by the reason's words
            "counted": [
                s for s in steps if s["layer"] == "adjustments" and s["outcome"] == "counted"
            ],
            "left_out": [
                s for s in steps if s["layer"] == "adjustments" and s["outcome"] != "counted"
            ],
        },
        "limits": [s for s in steps if s["layer"] == "limits"],
        "decisions": [s for s in steps if s["layer"] == "decisions"],
        "quota": _quota(result, row),
        "quota_grade": result.rules.quota.grade,
        "flags": _flags(row.get("flags")),
        "ballots": _ballots(result, cadre_id),
        "steps": steps,
    }


def _ballots(result: Result, cadre_id: str) -> list[dict[str, Any]]:
    """The 测评票 tally by rater group (empty when the votes were typed on the roster)."""
    from cadrekit.load.ballots import tally_of

    frame = result.dataset.frame("ballots") if result.dataset is not None else None
    return tally_of(frame, result.rules, cadre_id)


def ballot_words(doc: dict[str, Any]) -> str:
    """``领导（权重 1）优秀 3 称职 1 基本称职 0 不称职 0，共 4 票；同事 …``; empty: no ballots."""
    return "；".join(
        f"{g['group']}（权重 {g['weight']:g}）"
        + " ".join(f"{k} {n}" for k, n in g["counts"].items())
        + f"，共 {g['ballots']} 票"
        for g in doc.get("ballots") or []
    )


def _last(steps: list[dict[str, Any]], layer: str, rule_path: str | None = None) -> str | None:
    found = [
        s
        for s in steps
        if s["layer"] == layer and (rule_path is None or s["rule_path"] == rule_path)
    ]
    return found[-1]["value"] if found else None


def _number(value: str | None) -> float | None:
    try:
        return None if value in (None, "") else float(str(value))
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _ranked(result: Result, row: pd.Series) -> int:
    c = result.cadres
    return int((c["rank"].notna() & (c["track"] == row.get("track"))).sum())


def _flags(value: Any) -> list[str]:
    if value is None or isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in list(value)]


def _quota(result: Result, row: pd.Series) -> dict[str, Any] | None:
    group = row.get("quota_group")
    groups = result.groups
    if group is None or pd.isna(group) or not len(groups) or "quota_group" not in groups:
        return None
    found = groups[groups["quota_group"] == group]
    if not len(found):
        return None
    g = found.iloc[0]
    c = result.cadres
    members = c[c["quota_group"] == group]
    winners = members[members["grade"] == result.rules.quota.grade]
    last = winners.sort_values("rank").iloc[-1] if len(winners) else None
    mine = row.get("rank")
    place = None if pd.isna(mine) else int((members["rank"] < mine).sum()) + 1
    return {
        "group": str(group),
        "group_label": group_label(str(group), result.rules.track_labels()),
        "n": int(g["n"]),
        "rate": float(g["rate"]),
        "slots": int(g["slots"]),
        **quota_fields(g, result.rules.quota.rounding),
        "awarded": int(g["excellent"]),
        "unfilled": int(g["unfilled"]),
        "tie": bool(g["tie"]),
        "position": place,
        "cut_position": None if last is None else int((members["rank"] < last["rank"]).sum()) + 1,
        "cut_rank": None if last is None else int(last["rank"]),
        "cut_score": None if last is None else float(last["score"]),
        "cut_id": None if last is None else str(last["id"]),
    }


def cut_words(quota: dict[str, Any] | None, grade: str, lang: str = "zh") -> str:
    """``一般干部（县水利局）：参加人数 12 × 比例 20% = 2.4，向下取整 → 名额 2；已定优秀 2，
    未用 0；本人组内第 3 位；切线在组内第 2 位之后（赛道排名第 9 名，95.10 分）``.

    The group position (组内第 k 位, among the group's cadres) and the track rank (赛道排名,
    among the whole track) are named apart: a group is a track within a unit."""
    if lang == "en":
        return _cut_words_en(quota, grade)
    if quota is None:
        return "不参加比例计算"
    words = (
        f"{quota.get('group_label', quota['group'])}：{quota['basis']}；"
        f"已定{grade} {quota['awarded']}，未用 {quota['unfilled']}"
    )
    if quota.get("position") is not None:
        words += f"；本人组内第 {quota['position']} 位（共 {quota['n']} 人）"
    if quota["cut_rank"] is not None:
        words += (
            f"；切线在组内第 {quota['cut_position']} 位之后"
            f"（赛道排名第 {quota['cut_rank']} 名，{quota['cut_score']:.2f} 分）"
        )
    if quota["tie"]:
        words += "；分界处并列，留待党委（党组）研究"
    return words


def _cut_words_en(quota: dict[str, Any] | None, grade: str) -> str:
    if quota is None:
        return "not in a quota group"
    n, rate, slots = quota["n"], quota["rate"], quota["slots"]
    words = (
        f"{quota['group']}: {slot_words(n, rate, slots, quota['rounding'], 'en')}; "
        f"{grade} {quota['awarded']}, unfilled {quota['unfilled']}"
    )
    if quota.get("position") is not None:
        words += f"; place {quota['position']} of {n} in the group"
    if quota["cut_rank"] is not None:
        words += (
            f"; cut after place {quota['cut_position']} in the group"
            f" (track rank {quota['cut_rank']}, {quota['cut_score']:.2f})"
        )
    if quota["tie"]:
        words += "; tied at the cut: the committee decides"
    return words


def readable_steps(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps for people reading Chinese: the track and quota group by their labels,
    flag codes by their names (JSON keeps the ids and codes)."""
    from cadrekit.render.labels import readable

    tracks = {doc["track"]: doc["track_label"]}
    return [
        s | {"value": readable(s["value"], tracks), "reason": readable(s["reason"], tracks)}
        for s in doc["steps"]
    ]


def flag_names(doc: dict[str, Any]) -> str:
    """The cadre's flags by their Chinese names (记三等功、名额并列), or 无."""
    from cadrekit.render.labels import flag_name

    return "、".join(flag_name(f) for f in doc["flags"]) or "无"


def to_markdown(doc: dict[str, Any]) -> str:
    """The derivation as Markdown (for appeals, minutes, e-mail)."""
    lines = [
        f"## {doc['name']}（{doc['id']}）{doc['unit']} · {doc['track_label']} · {doc['year']} 年度",
        "",
        f"- 综合得分：**{_fmt(doc['score'])}**",
        f"- 等次：**{doc['grade']}**",
        f"- 赛道排名：{_rank_words(doc)}",
        f"- {doc['quota_grade']}名额：{cut_words(doc['quota'], doc['quota_grade'])}",
        f"- 标记：{flag_names(doc)}",
        *([f"- 测评票：{ballot_words(doc)}"] if doc.get("ballots") else []),
        "",
        "| 环节 | 规则 | 值 | 说明 |",
        "|---|---|---|---|",
    ]
    for s in readable_steps(doc):
        cells = [LAYERS.get(s["layer"], s["layer"]), f"`{s['rule_path']}`", s["value"], s["reason"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _rank_words(doc: dict[str, Any]) -> str:
    if doc["rank"] is None:
        return "不参加排名"
    return f"第 {doc['rank']} 名（共 {doc['ranked_in_track']} 人）"


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
