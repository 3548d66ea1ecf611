"""The effective rules, readably: one rich table per layer (``cadrekit rules show``)."""

from __future__ import annotations

from typing import Any

from cadrekit.models.rules import RuleSet

_COMPONENTS_ZH = {"performance": "实绩", "votes": "民主测评", "quarterly": "平时考核（季度）"}
_HEAD = {
    "zh": {
        "tracks": "赛道",
        "id": "编号",
        "label": "名称",
        "condition": "条件",
        "scope": "比例范围",
        "indicators": "指标（权重）",
        "rate": "{grade}比例",
        "components": "综合得分组成",
        "component": "组成",
        "weight": "权重",
        "limits": "等次限制",
        "source": "来源",
        "when": "条件",
        "limit": "最好等次",
        "any": "（其余）",
    },
    "en": {
        "tracks": "Tracks",
        "id": "id",
        "label": "label",
        "condition": "condition",
        "scope": "quota scope",
        "indicators": "indicators (weight)",
        "rate": "{grade} rate",
        "components": "Composite components",
        "component": "component",
        "weight": "weight",
        "limits": "Grade limits",
        "source": "source",
        "when": "condition",
        "limit": "best grade allowed",
        "any": "(anything else)",
    },
}


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return "/".join(map(str, value))
    return str(value)


def rules_tables(rules: RuleSet, lang: str = "zh") -> list[Any]:
    """Rich tables: tracks with indicators and quotas, components, grade limits."""
    from rich.table import Table

    h = _HEAD["en" if lang == "en" else "zh"]
    tracks = Table(title=h["tracks"], show_lines=True)
    for key in ("id", "label", "condition", "scope", "indicators", "rate"):
        tracks.add_column(h[key].format(grade=rules.quota.grade))
    for track in rules.tracks:
        cond = "; ".join(f"{k}={_fmt(v)}" for k, v in track.condition_values().items())
        indicators = "\n".join(
            f"{i.column} {i.weight:g}"
            + ("" if i.direction == "higher" else f" ({i.direction})")
            + ("" if i.normalise == "none" else f" [{i.normalise}]")
            for i in track.indicators
        )
        rate = rules.quota.rates.get(track.id)
        tracks.add_row(
            track.id,
            track.label,
            cond or h["any"],
            track.quota_scope,
            indicators,
            "" if rate is None else str(rate),
        )
    comps = Table(title=h["components"])
    comps.add_column(h["component"])
    comps.add_column(h["weight"])
    dumped = rules.components.model_dump()
    for name in ("performance", "votes", "quarterly"):
        if dumped.get(name):
            shown = _COMPONENTS_ZH[name] if h is _HEAD["zh"] else name
            comps.add_row(shown, f"{dumped[name]['weight']:g}")
    for extra in rules.components.extra:
        comps.add_row(f"{extra.name} ({extra.column})", f"{extra.weight:g}")
    limits = Table(title=h["limits"])
    for key in ("source", "when", "limit"):
        limits.add_column(h[key])
    for source, when, limit in limit_rows(rules):
        limits.add_row(source, when, limit)
    return [tracks, comps, limits]


def limit_rows(rules: RuleSet) -> list[tuple[str, str, str]]:
    """(source, condition, limit) for every grade limit, in rule-file order."""
    dumped = rules.limits.model_dump(mode="json")
    rows: list[tuple[str, str, str]] = []
    for status, limit in (dumped.get("status") or {}).items():
        rows.append(("status", f"status = {status}", limit))
    for rule in (dumped.get("supervision") or {}).get("rules", []):
        reach = "" if not rule.get("years_back") else f" (+{rule['years_back']}y)"
        rows.append(("supervision", _fmt(rule["measures"]) + reach, rule["limit"]))
    for rule in dumped.get("votes") or []:
        op = (
            "> " + str(rule["more_than"])
            if rule.get("more_than")
            else "< " + str(rule["less_than"])
        )
        rows.append(("votes", f"share({_fmt(rule['share_of'])}) {op}", rule["limit"]))
    for rule in dumped.get("quarters") or []:
        rows.append(("quarters", f"≥{rule['at_least']} × {_fmt(rule['grades'])}", rule["limit"]))
    for rule in dumped.get("score") or []:
        rows.append(("score", f"S < {rule['below']:g}", rule["limit"]))
    veto = dumped.get("veto")
    if veto:
        rows.append(("veto", str(veto["kind"]), veto["limit"]))
    return rows
