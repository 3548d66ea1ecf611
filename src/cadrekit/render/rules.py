"""The effective rules, readably: one rich table per layer (``cadrekit rules show``)."""

from __future__ import annotations

from typing import Any

from cadrekit.models.rules import RuleSet
from cadrekit.render.labels import RULES_COMPONENTS_ZH as _COMPONENTS_ZH
from cadrekit.render.labels import RULES_HEAD as _HEAD
from cadrekit.render.labels import RULES_SCOPES_ZH as _SCOPES_ZH
from cadrekit.render.labels import RULES_SOURCES_ZH as _SOURCES_ZH


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return "/".join(map(str, value))
    return str(value)


def rules_tables(rules: RuleSet, lang: str = "zh") -> list[Any]:
    """Rich tables: tracks with indicators and quotas, components, grade limits."""
    from rich.table import Table

    from cadrekit.render.labels import header

    zh = lang != "en"
    h = _HEAD["zh" if zh else "en"]
    tracks = Table(title=h["tracks"], show_lines=True)
    for key in ("id", "label", "condition", "scope", "indicators", "rate"):
        tracks.add_column(h[key].format(grade=rules.quota.grade))
    for track in rules.tracks:
        cond = "; ".join(
            f"{header(k, lang) if zh else k}={_fmt(v)}" for k, v in track.condition_values().items()
        )
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
            _SCOPES_ZH.get(track.quota_scope, track.quota_scope) if zh else track.quota_scope,
            indicators,
            "" if rate is None else str(rate),
        )
    comps = Table(title=h["components"])
    comps.add_column(h["component"])
    comps.add_column(h["weight"])
    dumped = rules.components.model_dump()
    for name in ("performance", "votes", "quarterly"):
        if dumped.get(name):
            shown = _COMPONENTS_ZH[name] if zh else name
            comps.add_row(shown, f"{dumped[name]['weight']:g}")
    for extra in rules.components.extra:
        comps.add_row(f"{extra.name} ({extra.column})", f"{extra.weight:g}")
    limits = Table(title=h["limits"])
    for key in ("source", "when", "limit"):
        limits.add_column(h[key])
    for source, when, limit in limit_rows(rules, lang):
        limits.add_row(source, when, limit)
    return [tracks, comps, limits]


def limit_rows(rules: RuleSet, lang: str = "en") -> list[tuple[str, str, str]]:
    """(source, condition, limit) for every grade limit, in rule-file order; in Chinese
    (``lang="zh"``) the sources and conditions in words (监督信息, 不称职票占比 > 1/3)."""
    zh = lang == "zh"
    dumped = rules.limits.model_dump(mode="json")
    rows: list[tuple[str, str, str]] = []
    for status, limit in (dumped.get("status") or {}).items():
        rows.append(("status", f"{'考核状态' if zh else 'status'} = {status}", limit))
    for rule in (dumped.get("supervision") or {}).get("rules", []):
        back = rule.get("years_back")
        reach = "" if not back else f"（含前 {back} 年）" if zh else f" (+{back}y)"
        rows.append(("supervision", _fmt(rule["measures"]) + reach, rule["limit"]))
    for rule in dumped.get("votes") or []:
        op = (
            "> " + str(rule["more_than"])
            if rule.get("more_than")
            else "< " + str(rule["less_than"])
        )
        share = f"{_fmt(rule['share_of'])}票占比" if zh else f"share({_fmt(rule['share_of'])})"
        rows.append(("votes", f"{share} {op}", rule["limit"]))
    for rule in dumped.get("quarters") or []:
        n, grades = rule["at_least"], _fmt(rule["grades"])
        when = f"{grades} ≥ {n} 个季度" if zh else f"≥{n} × {grades}"
        rows.append(("quarters", when, rule["limit"]))
    for rule in dumped.get("score") or []:
        rows.append(("score", f"{'综合得分' if zh else 'S'} < {rule['below']:g}", rule["limit"]))
    veto = dumped.get("veto")
    if veto:
        rows.append(("veto", str(veto["kind"]), veto["limit"]))
    if zh:
        return [(_SOURCES_ZH.get(source, source), when, limit) for source, when, limit in rows]
    return rows
