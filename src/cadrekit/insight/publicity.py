"""公示: the list of cadres given the quota grade, in the form an organization department posts.

``cadrekit score FILE --publicity -o 公示名单.xlsx|.md``. The notice holds what a posted
公示 shows and nothing more: names with their unit and post (职务), never id numbers or
scores. The grade is the rules' quota grade (``quota.grade``: 优秀 under the built-in rule
sets), so a rule set with other grade names gets its own title.

The publicity period counts working days: Saturdays and Sundays are skipped, and so are
the dates given as ``holidays``; statutory holidays are not known otherwise. A start that
falls on a day off moves to the next working day, and the start counts as the first day.
Pure functions: the caller supplies every date (nothing here reads the clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from cadrekit.models.notice import Entry, Notice

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.result import Result

MIN_DAYS = 5  # 公示期不少于 5 个工作日
CONTACT_PLACEHOLDER = "【请填写：受理单位及联系电话】"
ISSUER_PLACEHOLDER = "【请填写：发布单位】"


def is_working_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> bool:
    """Monday to Friday and not one of ``holidays``."""
    return day.weekday() < 5 and day not in set(holidays)


def next_working_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The first working day strictly after ``day`` (the default start: after today)."""
    return first_working_day(day + dt.timedelta(days=1), holidays)


def first_working_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> dt.date:
    """``day`` itself if it is a working day, else the next one."""
    off = frozenset(holidays)
    while not is_working_day(day, off):
        day += dt.timedelta(days=1)
    return day


def publicity_period(
    start: dt.date, days: int = MIN_DAYS, holidays: Iterable[dt.date] = ()
) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a period of ``days`` working days beginning at ``start``.

    A start on a day off moves to the next working day. Friday + 5 → the next Thursday.
    """
    if days < 1:
        raise ValueError(f"a publicity period needs at least one working day, not {days}")
    off = frozenset(holidays)
    first = last = first_working_day(start, off)
    for _ in range(days - 1):
        last = next_working_day(last, off)
    return first, last


def cn_date(day: dt.date) -> str:
    """2026年1月5日 (the date style of an official notice)."""
    return f"{day.year}年{day.month}月{day.day}日"


def listed(
    result: Result, *, tracks: Iterable[str] = (), units: Iterable[str] = ()
) -> list[tuple[str, list[Entry]]]:
    """The cadres with the quota grade, grouped by unit, in the order of the roster.

    Units in the order the roster first names them and cadres in roster order within a
    unit (the officer's own order, usually leaders first); numbers run over the whole list.
    """
    frame = result.cadres
    grade = str(result.rules.quota.grade)
    chosen = frame[frame["grade"].astype("string") == grade] if "grade" in frame else frame[:0]
    for column, wanted in (("track", list(tracks)), ("unit", list(units))):
        if wanted:
            chosen = chosen[chosen[column].astype("string").isin(wanted)]
    chosen = chosen.iloc[_roster_order(result, chosen)]
    posts = chosen["post"] if "post" in chosen.columns else [None] * len(chosen)
    people = zip(chosen["name"], chosen["unit"], posts, strict=True)
    by_unit: dict[str, list[tuple[str, str]]] = {}
    for name, unit, post in people:
        by_unit.setdefault(_text(unit), []).append((_text(name), _text(post)))
    numbers = iter(range(1, len(chosen) + 1))  # numbered after grouping: 1, 2, … down the page
    return [
        (unit, [Entry(next(numbers), name, unit, post) for name, post in rows])
        for unit, rows in by_unit.items()
    ]


def _roster_order(result: Result, chosen: pd.DataFrame) -> list[int]:
    """Positions that put ``chosen`` in roster order (result order without a roster)."""
    dataset = getattr(result, "dataset", None)
    roster = getattr(dataset, "cadres", None) if dataset is not None else None
    if roster is None or "id" not in roster.columns:
        return list(range(len(chosen)))
    where = {str(v): i for i, v in reversed(list(enumerate(roster["id"])))}
    keys = [where.get(str(v), len(where)) for v in chosen["id"]]
    return sorted(range(len(chosen)), key=lambda i: keys[i])


def pending_ties(result: Result) -> int:
    """Cadres tied at a quota cut (for the committee): not on the list until decided."""
    frame = result.cadres
    flag = getattr(getattr(result.rules, "quota", None), "tie_flag", "quota-tie")
    if "flags" not in frame.columns:
        return 0
    return int(sum(1 for f in frame["flags"] if f is not None and flag in list(f)))


def build_notice(
    result: Result,
    *,
    start: dt.date,
    days: int = MIN_DAYS,
    contact: str | None = None,
    issuer: str | None = None,
    holidays: Iterable[dt.date] = (),
    tracks: Iterable[str] = (),
    units: Iterable[str] = (),
) -> Notice:
    """The notice for ``result``; ``tracks`` (ids) and ``units`` narrow the list."""
    if days < MIN_DAYS:
        raise ValueError(f"公示期不少于 {MIN_DAYS} 个工作日 (got {days})")
    off = sorted(set(holidays))
    first, last = publicity_period(start, days, off)
    grade = str(result.rules.quota.grade)
    year = int(result.year)
    listing = listed(result, tracks=tracks, units=units)
    n = sum(len(rows) for _, rows in listing)
    lead = (
        f"根据年度考核有关规定，经个人总结、民主测评、综合评定，拟确定以下 {n} 名同志"
        f"{year}年度考核为{grade}等次。为广泛听取意见、接受干部群众监督，现予以公示。"
    )
    period = f"公示时间：{cn_date(first)}至{cn_date(last)}（{days}个工作日）。"
    objection = (
        "公示期间，如对公示对象有异议，可通过来电、来信或来访等方式向受理单位反映。"
        "反映问题应实事求是、具体详实，提倡署真实姓名；对线索不清的匿名反映，公示期间不予受理。"
    )
    given = bool(contact and contact.strip())
    return Notice(
        title=f"关于{year}年度考核{grade}等次人员的公示",
        lead=lead,
        grade=grade,
        year=year,
        units=listing,
        start=first,
        end=last,
        days=days,
        period=period,
        objection=objection,
        contact="受理单位及电话："
        + (contact.strip() if contact and given else CONTACT_PLACEHOLDER),
        contact_given=given,
        issuer=issuer.strip() if issuer and issuer.strip() else ISSUER_PLACEHOLDER,
        date=cn_date(first),
        holidays=off,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):  # type: ignore[call-overload]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()
