"""How a quota group's slots were counted, in words: base × rate = exact, rounded → slots.

DEFAULT_RULES.md §8: slots = floor(rate × n) (or half up when the rule set says so). A
group of 2 一般干部 at 20% has 0.4 → 0 slots; the outputs say so, with the smallest group
that has one slot, instead of a bare 0.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cadrekit.render.frame import known_tracks
from cadrekit.render.labels import quota_grade

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.result import Result

#: A track the rules give no rate (quota.rates lacks it): no slot at any size.
NO_RATE = ("参加人数 {n}，规则未设比例 → 名额 0", "{n} cadres, no rate in the rules → 0 slots")
ROUNDING = {"floor": ("向下取整", "rounded down"), "half_up": ("四舍五入", "rounded half up")}


def quota_rounding(rules: object) -> str:
    """The rules' ``quota.rounding``; floor (DEFAULT_RULES.md §8) when ``rules`` has none."""
    return str(getattr(getattr(rules, "quota", None), "rounding", None) or "floor")


def _fraction(rate: float) -> Fraction:
    """The rate as the decimal its rule text gave (0.2 → 1/5, 0.333… → 1/3)."""
    return Fraction(rate).limit_denominator(10_000)


def exact(n: int, rate: float) -> float | None:
    """n × rate before rounding, to two decimals (12 × 0.2 → 2.4); None without a rate."""
    return None if rate != rate else round(float(n * _fraction(rate)), 2)


def smallest_group(rate: float, rounding: str) -> int | None:
    """The fewest cadres a group needs for one slot (None when the rate gives none)."""
    if rate != rate:  # no rate for the track: no slot at any size
        return None
    frac = _fraction(rate)
    if frac <= 0:
        return None
    need = Fraction(1) if rounding == "floor" else Fraction(1, 2)
    return math.ceil(need / frac)


def percent(rate: float) -> str:
    """0.2 → 20%, 1/3 → 33.33%."""
    return f"{float(rate) * 100:.4g}%"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def slot_words(n: int, rate: float, slots: int, rounding: str, lang: str = "zh") -> str:
    """``参加人数 12 × 比例 20% = 2.4，向下取整 → 名额 2``; a group with none says why."""
    zh, en = ROUNDING.get(rounding, (rounding, rounding))
    if rate != rate:
        return NO_RATE[lang == "en"].format(n=n)
    product = _number(exact(n, rate) or 0.0)
    if lang == "en":
        words = f"{n} × {percent(rate)} = {product}, {en} → {slots} slot{'' if slots == 1 else 's'}"
    else:
        words = f"参加人数 {n} × 比例 {percent(rate)} = {product}，{zh} → 名额 {slots}"
    return words + why_none(n, rate, slots, rounding, lang)


def why_none(n: int, rate: float, slots: int, rounding: str, lang: str = "zh") -> str:
    """Why a group has no slot: ``（至少 5 人才有 1 个名额）``; empty when it has one."""
    if slots or n == 0 or rate != rate:
        return ""
    least = smallest_group(rate, rounding)
    if least is None:
        return " (the rate is 0)" if lang == "en" else "（比例为 0）"
    if lang == "en":
        return f" (a group needs at least {least} for one slot)"
    return f"（至少 {least} 人才有 1 个名额）"


def short_words(n: int, rate: float, slots: int, rounding: str, lang: str = "zh") -> str:
    """A table cell: ``12 × 20% = 2.4 → 2``, ``2 × 20% = 0.4 → 0（至少 5 人才有 1 个名额）``."""
    if rate != rate:
        return NO_RATE[lang == "en"].format(n=n)
    words = f"{n} × {percent(rate)} = {_number(exact(n, rate) or 0.0)} → {slots}"
    return words + why_none(n, rate, slots, rounding, lang)


def basis_column(groups: pd.DataFrame, rounding: str, lang: str = "zh") -> list[str]:
    """One :func:`short_words` per quota group (Result.groups' n, rate, slots), each worded
    once: a province's 33,000 groups of a unit share a few hundred (n, rate, slots)."""
    worded: dict[tuple[Any, Any, Any], str] = {}

    def words(n: Any, rate: Any, s: Any) -> str:
        if rate != rate:
            return ""
        key = (n, rate, s)
        if key not in worded:
            worded[key] = short_words(int(n), float(rate), int(s), rounding, lang)
        return worded[key]

    columns = (groups[c].tolist() for c in ("n", "rate", "slots"))
    return [words(n, rate, s) for n, rate, s in zip(*columns, strict=True)]


def slot_notes(result: Result, lang: str = "zh") -> list[str]:
    """Lines under a summary: how each track's slots were counted, and the groups with none.

    ``优秀名额 = 参评人数 × 比例，向下取整`` then one clause per track: a county-wide track as
    ``乡镇党政正职 24 × 25% = 6 → 6``, a track counted per unit as ``一般干部按单位计算（20%）：
    27 个单位，合计 42 个；名额为 0 的 2 个（至少 5 人才有 1 个名额）：县交通运输局 2 人、…``.
    """
    groups = result.groups
    if groups.empty or not {"n", "rate", "slots", "track"} <= set(groups.columns):
        return []
    rounding = quota_rounding(result.rules)
    zh, en = ROUNDING.get(rounding, (rounding, rounding))
    labels = dict(known_tracks(result))
    lines = [
        f"Slots = participants × rate, {en}"
        if lang == "en"
        else f"{quota_grade(result.rules)}名额 = 参评人数 × 比例，{zh}"
    ]
    for track, part in groups.groupby(groups["track"].astype(str), sort=False):
        label = labels.get(track, track)
        per_unit = "unit" in part and bool(part["unit"].notna().any())
        note = _track_note if per_unit else _one
        lines.append(note(label, part, rounding, lang))
    return lines


def slot_line(result: Result, lang: str = "zh") -> str:
    """:func:`slot_notes` as one sentence, for a terminal or a page."""
    head, *rest = slot_notes(result, lang) or [""]
    if not rest:
        return ""
    return f"{head}: {'; '.join(rest)}." if lang == "en" else f"{head}：{'；'.join(rest)}。"


def _one(label: str, part: pd.DataFrame, rounding: str, lang: str) -> str:
    g = part.iloc[0]
    words = short_words(int(g["n"]), float(g["rate"]), int(g["slots"]), rounding, lang)
    return f"{label}: {words}" if lang == "en" else f"{label} {words}"


def _track_note(label: str, part: pd.DataFrame, rounding: str, lang: str) -> str:
    rates = "、".join(dict.fromkeys(percent(float(r)) for r in part["rate"].dropna())) or "—"
    total = int(part["slots"].sum())
    empty = part[(part["slots"] == 0) & (part["n"] > 0)]
    names = "、".join(
        f"{u} {int(n)} 人" for u, n in zip(empty["unit"][:10], empty["n"][:10], strict=True)
    ) + (f" 等 {len(empty)} 个" if len(empty) > 10 else "")
    if lang == "en":
        plural = "" if total == 1 else "s"
        words = (
            f"{label}: counted per unit ({rates}), {len(part)} units, {total} slot{plural} in all"
        )
        if len(empty):
            words += f"; {len(empty)} with none ({_any_why(empty, rounding, lang).strip(' ()')})"
        return words
    words = f"{label}按单位计算（{rates}）：{len(part)} 个单位，合计 {total} 个"
    if len(empty):
        words += f"；名额为 0 的 {len(empty)} 个{_any_why(empty, rounding, lang)}：{names}"
    return words


def _any_why(empty: pd.DataFrame, rounding: str, lang: str) -> str:
    g = empty.iloc[0]
    return why_none(int(g["n"]), float(g["rate"]), 0, rounding, lang)


def quota_fields(group: Any, rounding: str) -> dict[str, Any]:
    """The typed fields explain's JSON adds to a group: exact, rounding, least, basis."""
    n, rate, slots = int(group["n"]), float(group["rate"]), int(group["slots"])
    return {
        "exact": exact(n, rate),
        "rounding": rounding,
        "smallest_group": smallest_group(rate, rounding),
        "basis": slot_words(n, rate, slots, rounding),
    }
