"""An independent reference implementation of the built-in rule set (DEFAULT_RULES.md §1–§10).

Why this exists: an independent implementation will check cadrekit's results against
/work/shared/DEFAULT_RULES.md on hidden files. This module is our own such check, written
*only* from DEFAULT_RULES.md — deliberately without reading cadrekit's engine, its rule
models or the embedded default YAML — so that a misreading of the spec in the engine is not
copied here. It is plain, per-cadre Python (loops, no pandas), with exact arithmetic
(``fractions.Fraction`` for every formula, ``decimal`` for Excel-style rounding).

Input: plain dicts with canonical fields (see :func:`assess`). Output: one
:class:`CadreOut` per cadre and one :class:`GroupOut` per quota group. Every constant below
is quoted from DEFAULT_RULES.md with its section.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Any

# ── §1 Tracks: (id, label, unit_type condition or None, layer condition or None), in order
TRACKS: tuple[tuple[str, str, str | None, str | None], ...] = (
    ("township-chief", "乡镇党政正职", "乡镇", "正职"),
    ("township-deputy", "乡镇班子副职", "乡镇", "副职"),
    ("dept-chief", "县直单位正职", None, "正职"),
    ("dept-deputy", "县直单位副职", None, "副职"),
    ("staff", "一般干部", None, None),  # anything else
)
TRACK_OF_LABEL = {label: tid for tid, label, _, _ in TRACKS}
TRACK_IDS = {tid for tid, _, _, _ in TRACKS}
LEADER_TRACKS = {"township-chief", "township-deputy", "dept-chief", "dept-deputy"}

# ── §2 Performance indicators and weights, per track
D = Decimal
# Measures a record recognised under error tolerance (容错认定 = 是) no longer limits.
TOLERANCE_LIFTS = frozenset({"诫勉", "调整职务", "免职", "降职", "责令辞职"})
WEIGHTS: dict[str, dict[str, Decimal]] = {
    "township": {
        "经济发展": D("0.30"),
        "乡村振兴": D("0.30"),
        "安全稳定": D("0.20"),
        "党的建设": D("0.20"),
    },
    "dept": {
        "职能工作": D("0.40"),
        "重点任务": D("0.30"),
        "服务评价": D("0.10"),
        "党的建设": D("0.20"),
    },
    "staff": {"工作实绩": D("1.00")},
}
INDICATORS = (
    "经济发展",
    "乡村振兴",
    "安全稳定",
    "党的建设",
    "职能工作",
    "重点任务",
    "服务评价",
    "工作实绩",
)


def weights_of(track: str) -> dict[str, Decimal]:
    if track.startswith("township-"):
        return WEIGHTS["township"]
    if track.startswith("dept-"):
        return WEIGHTS["dept"]
    return WEIGHTS["staff"]


# ── §3 vote points, §4 quarter points
VOTE_POINTS = {
    "votes_excellent": 100,
    "votes_competent": 80,
    "votes_basic": 60,
    "votes_incompetent": 40,
}
QUARTER_POINTS = {"好": 100, "较好": 80, "一般": 60, "较差": 40}
QUARTERS = ("q1", "q2", "q3", "q4")

# ── §5 composite
BONUS_CAP = Fraction(5)
W_P, W_V, W_Q = Fraction(1, 2), Fraction(3, 10), Fraction(1, 5)

# ── §6 limits, strictest first. ``NO_EXCELLENT`` = "no 优秀"; ``BASIC`` = "no better than 基本称职"
UNGRADED, INCOMPETENT, BASIC, NO_EXCELLENT = "不定等次", "不称职", "基本称职", "称职"
STRICTNESS = {UNGRADED: 0, INCOMPETENT: 1, BASIC: 2, NO_EXCELLENT: 3}
# measure → (limit, how many years back count: 0 = the year only, 1 = the year or the year before)
SUPERVISION_LIMITS: dict[str, tuple[str, int]] = {
    "诫勉": (NO_EXCELLENT, 0),
    "警告": (NO_EXCELLENT, 0),
    "党内警告": (NO_EXCELLENT, 0),
    "调整职务": (NO_EXCELLENT, 0),
    "记过": (UNGRADED, 0),
    "严重警告": (UNGRADED, 0),
    "免职": (UNGRADED, 0),
    "降职": (UNGRADED, 0),
    "责令辞职": (UNGRADED, 0),
    "记大过": (UNGRADED, 1),
    "降级": (UNGRADED, 1),
    "撤职": (UNGRADED, 1),
    "撤销党内职务": (INCOMPETENT, 0),
    "留党察看": (INCOMPETENT, 0),
    "开除党籍": (INCOMPETENT, 0),
}

# ── §8 quota rates
RATE_LEADER = Fraction(1, 4)
RATE_STAFF = Fraction(1, 5)


class SpecInputError(ValueError):
    """Input that DEFAULT_RULES.md calls a validation error (§2, §3, §4)."""


# ── §5 Excel ROUND ───────────────────────────────────────────────────────────────────────
def excel_round(value: Fraction | Decimal | int, digits: int = 2) -> Decimal:
    """§5: take the value to 15 significant digits, then round half away from zero."""
    q = Fraction(value)
    if q == 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-digits))
    ctx = Context(prec=15, rounding=ROUND_HALF_UP)
    fifteen = ctx.divide(Decimal(q.numerator), Decimal(q.denominator))
    return fifteen.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def exact(x: Any) -> Fraction:
    """A number as typed (a float's shortest repr, i.e. the decimal the user entered)."""
    if isinstance(x, bool):
        raise SpecInputError(f"not a number: {x!r}")
    if isinstance(x, int | Fraction | Decimal):
        return Fraction(x)
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            raise SpecInputError(f"not a finite number: {x!r}")
        return Fraction(Decimal(repr(x)))
    if isinstance(x, str):
        return Fraction(Decimal(x.strip()))
    raise SpecInputError(f"not a number: {x!r}")


def _blank(x: Any) -> bool:
    return (
        x is None
        or (isinstance(x, float) and math.isnan(x))
        or (isinstance(x, str) and not x.strip())
    )


# ── outputs ──────────────────────────────────────────────────────────────────────────────
@dataclass
class CadreOut:
    id: str
    track: str
    quota_group: tuple[str, str | None]
    P: Decimal
    V: Decimal
    Q: Decimal
    good_quarters: int
    bonus: Fraction
    deduction: Fraction
    S: Decimal
    limit: str | None
    rank: int | None
    grade: str
    flags: set[str] = field(default_factory=set)
    eligible: bool = False


@dataclass
class GroupOut:
    track: str
    unit: str | None
    n: int
    slots: int
    excellent: int
    unfilled: int
    tie: bool


@dataclass
class Outcome:
    cadres: dict[str, CadreOut]
    groups: dict[tuple[str, str | None], GroupOut]


# ── §1 ───────────────────────────────────────────────────────────────────────────────────
def track_of(cadre: Mapping[str, Any]) -> str:
    """§1: a non-empty ``track`` (id or label) overrides; else the first matching row."""
    override = cadre.get("track")
    if not _blank(override):
        text = str(override).strip()
        if text in TRACK_IDS:
            return text
        if text in TRACK_OF_LABEL:
            return TRACK_OF_LABEL[text]
        raise SpecInputError(f"unknown track {text!r}")
    for tid, _label, unit_type, layer in TRACKS:
        if unit_type is not None and cadre.get("unit_type") != unit_type:
            continue
        if layer is not None and cadre.get("layer") != layer:
            continue
        return tid
    raise AssertionError("the staff row matches anything")  # pragma: no cover


# ── §2–§4 ────────────────────────────────────────────────────────────────────────────────
def performance(cadre: Mapping[str, Any], track: str) -> Fraction:
    total = Fraction(0)
    for name, weight in weights_of(track).items():
        raw = cadre.get(name)
        if _blank(raw):
            raise SpecInputError(f"{cadre['id']}: {name} is empty")
        try:
            value = exact(raw)
        except (ArithmeticError, ValueError) as exc:
            raise SpecInputError(f"{cadre['id']}: {name} = {raw!r} is not a number") from exc
        if not 0 <= value <= 100:
            raise SpecInputError(f"{cadre['id']}: {name} = {raw!r} is outside 0–100")
        total += Fraction(weight) * value
    return total


def votes(cadre: Mapping[str, Any]) -> dict[str, int]:
    out = {}
    for key in VOTE_POINTS:
        raw = cadre.get(key)
        n = 0 if _blank(raw) else raw
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise SpecInputError(f"{cadre['id']}: {key} = {raw!r} is not a whole number ≥ 0")
        out[key] = n
    if sum(out.values()) == 0:
        raise SpecInputError(f"{cadre['id']}: no votes")
    return out


def votes_score(counts: Mapping[str, int]) -> Fraction:
    total = sum(counts.values())
    return Fraction(sum(VOTE_POINTS[k] * counts[k] for k in VOTE_POINTS), total)


def quarters(cadre: Mapping[str, Any]) -> list[str]:
    graded = [cadre.get(q) for q in QUARTERS if not _blank(cadre.get(q))]
    for g in graded:
        if g not in QUARTER_POINTS:
            raise SpecInputError(f"{cadre['id']}: quarter grade {g!r}")
    if not graded:
        raise SpecInputError(f"{cadre['id']}: no assessed quarter")
    return graded


def quarterly_score(graded: list[str]) -> Fraction:
    return Fraction(sum(QUARTER_POINTS[g] for g in graded), len(graded))


# ── §5 events ────────────────────────────────────────────────────────────────────────────
def _in_year(date: dt.date, year: int, back: int = 0) -> bool:
    return year - back <= date.year <= year


def _event_is_cadres(event: Mapping[str, Any], cadre: Mapping[str, Any]) -> bool:
    return not _blank(event.get("id")) and str(event["id"]) == str(cadre["id"])


def bonus_and_deduction(
    cadre: Mapping[str, Any], events: Iterable[Mapping[str, Any]], year: int
) -> tuple[Fraction, Fraction]:
    plus = minus = Fraction(0)
    for e in events:
        if not _event_is_cadres(e, cadre) or not _in_year(e["date"], year):
            continue
        if e["kind"] == "加分":
            plus += exact(e.get("points") or 0)
        elif e["kind"] == "减分":
            minus += exact(e.get("points") or 0)
    return min(BONUS_CAP, plus), minus


def vetoed(cadre: Mapping[str, Any], events: Iterable[Mapping[str, Any]], year: int) -> bool:
    """§6 veto: an 一票否决 event in the year on the cadre, or on the unit of a top leader."""
    for e in events:
        if e["kind"] != "一票否决" or not _in_year(e["date"], year):
            continue
        if _event_is_cadres(e, cadre):
            return True
        on_unit = _blank(e.get("id")) and not _blank(e.get("unit"))
        if on_unit and cadre.get("top_leader") and e["unit"] == cadre.get("unit"):
            return True
    return False


# ── §6 ───────────────────────────────────────────────────────────────────────────────────
def limits(
    cadre: Mapping[str, Any],
    counts: Mapping[str, int],
    graded: list[str],
    s: Decimal,
    events: list[Mapping[str, Any]],
    supervision: list[Mapping[str, Any]],
    year: int,
) -> list[str]:
    """Every §6 limit that applies (the caller takes the strictest)."""
    out: list[str] = []
    if cadre.get("status") in ("不定等次", "不参加"):
        out.append(UNGRADED)
    for rec in supervision:
        if str(rec["id"]) != str(cadre["id"]):
            continue
        verified = rec.get("verified", True)
        if verified is None:  # a blank cell: the column default (verified)
            verified = True
        if not verified:
            continue
        if rec.get("tolerance") == "是" and rec["measure"] in TOLERANCE_LIFTS:
            continue  # 容错纠错 (default.yaml limits.supervision.tolerance_lifts)
        rule = SUPERVISION_LIMITS.get(rec["measure"])
        if rule and _in_year(rec["date"], year, back=rule[1]):
            out.append(rule[0])
    total = sum(counts.values())
    if Fraction(counts["votes_incompetent"], total) > Fraction(1, 3):
        out.append(INCOMPETENT)
    if Fraction(counts["votes_excellent"] + counts["votes_competent"], total) < Fraction(2, 3):
        out.append(BASIC)
    if sum(1 for g in graded if g in ("一般", "较差")) >= 2:
        out.append(BASIC)
    if s < 60:
        out.append(INCOMPETENT)
    elif s < 70:
        out.append(BASIC)
    if vetoed(cadre, events, year):
        out.append(NO_EXCELLENT)
    return out


def strictest(found: list[str]) -> str | None:
    return min(found, key=STRICTNESS.__getitem__) if found else None


# ── §1–§10 ───────────────────────────────────────────────────────────────────────────────
def assess(
    cadres: list[Mapping[str, Any]],
    events: list[Mapping[str, Any]],
    supervision: list[Mapping[str, Any]],
    history: list[Mapping[str, Any]],
    year: int,
) -> Outcome:
    """Score, limit, rank and grade every cadre as DEFAULT_RULES.md says.

    ``cadres``: id, unit, unit_type, layer, top_leader, track, status, the four vote
    counts, q1–q4 and indicators by Chinese name. ``events``: id (or None), unit,
    date (``datetime.date``), kind, points. ``supervision``: id, date, measure, verified
    (optional key). ``history``: id, year, grade.
    """
    out: dict[str, CadreOut] = {}
    keys: dict[str, tuple[Decimal, Decimal, Decimal, int]] = {}
    for c in cadres:
        track = track_of(c)
        group = (track, None) if track in LEADER_TRACKS else (track, c.get("unit"))
        p = excel_round(performance(c, track))
        counts = votes(c)
        v = excel_round(votes_score(counts))
        graded = quarters(c)
        q = excel_round(quarterly_score(graded))
        good = sum(1 for g in graded if g == "好")
        bonus, deduction = bonus_and_deduction(c, events, year)
        raw_s = W_P * Fraction(p) + W_V * Fraction(v) + W_Q * Fraction(q) + bonus - deduction
        s = excel_round(max(Fraction(0), raw_s))
        limit = strictest(limits(c, counts, graded, s, events, supervision, year))
        eligible = (
            limit is None
            and s >= 85
            and not any(g in ("一般", "较差") for g in graded)
            and good >= 1
        )
        cid = str(c["id"])
        out[cid] = CadreOut(
            id=cid,
            track=track,
            quota_group=group,
            P=p,
            V=v,
            Q=q,
            good_quarters=good,
            bonus=bonus,
            deduction=deduction,
            S=s,
            limit=limit,
            rank=None,
            grade="",
            eligible=eligible,
        )
        keys[cid] = (s, p, v, good)

    # §7 ranking within each track, over cadres who are not 不定等次; competition ranking
    for track in {o.track for o in out.values()}:
        ranked = [o for o in out.values() if o.track == track and o.limit != UNGRADED]
        for o in ranked:
            o.rank = 1 + sum(1 for other in ranked if keys[other.id] > keys[o.id])

    # §8 quota per group
    excellent: set[str] = set()
    groups: dict[tuple[str, str | None], GroupOut] = {}
    for group in {o.quota_group for o in out.values()}:
        members = [o for o in out.values() if o.quota_group == group]
        n = sum(1 for o in members if o.limit != UNGRADED)
        rate = RATE_LEADER if group[0] in LEADER_TRACKS else RATE_STAFF
        slots = math.floor(rate * n)
        eligible = sorted(
            (o for o in members if o.eligible), key=lambda o: keys[o.id], reverse=True
        )
        tie = False
        chosen = eligible[:slots]
        if 0 < slots < len(eligible) and keys[eligible[slots - 1].id] == keys[eligible[slots].id]:
            tie = True
            cut = keys[eligible[slots].id]
            tied = [o for o in eligible if keys[o.id] == cut]
            for o in tied:
                o.flags.add("quota-tie")
            chosen = [o for o in chosen if keys[o.id] != cut]
        excellent.update(o.id for o in chosen)
        groups[group] = GroupOut(
            track=group[0],
            unit=group[1],
            n=n,
            slots=slots,
            excellent=len(chosen),
            unfilled=slots - len(chosen),
            tie=tie,
        )

    # §9 final grade
    for o in out.values():
        if o.limit in (UNGRADED, INCOMPETENT, BASIC):
            o.grade = o.limit
        elif o.id in excellent:
            o.grade = "优秀"
        else:
            o.grade = "称职"

    # §10 consequence flags
    past: dict[tuple[str, int], str] = {}
    for h in history:
        past[(str(h["id"]), int(h["year"]))] = str(h["grade"]).strip()
    for o in out.values():
        before, before2 = past.get((o.id, year - 1)), past.get((o.id, year - 2))
        if o.grade == "优秀" and before == "优秀" and before2 == "优秀":
            o.flags.add("merit-third-class")
        if o.grade == "不称职" and before == "不称职":
            o.flags.add("dismissal-review")
        if o.grade == "基本称职":
            o.flags.add("admonishment")
        if o.grade == "不称职":
            o.flags.add("demotion-review")
    return Outcome(cadres=out, groups=groups)
