"""The commands that read a scored roster: ``flags``, ``explain``, ``compare``,
``publicity`` and the 能上能下 lists of the workbook (``with_lists``)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cadrekit.api.common import Table
from cadrekit.api.scoring import score

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.result import Result


def flags(
    source: Any,
    rules: Any = None,
    year: int | None = None,
    lists: tuple[str, ...] = (),
    date: _dt.date | None = None,
) -> Table:
    """``cadrekit flags FILE``: the 能上能下 lists (all four unless ``lists`` names some),
    one row per item with its evidence (``date``: the day influence periods are judged on);
    ``meta["result"]``: the scored roster."""
    from cadrekit.insight.flags import LISTS
    from cadrekit.insight.flags import flags as _flags

    result = score(source, rules, year)
    chosen = tuple(lists) or LISTS
    frame = _flags(result, chosen, date)
    return Table(frame, result.rules, list(result.problems), {"lists": chosen, "result": result})


def explain(
    source: Any,
    keys: list[str],
    rules: Any = None,
    year: int | None = None,
    *,
    decisions: Any = None,
) -> list[Any]:
    """``cadrekit explain FILE ID…``: one derivation (a JSON-ready dict) per id or unique
    name, read from the audit trail. ``decisions``: a separate 决定 file, as for
    :func:`score` (the final grade, and the decision's step with its basis)."""
    from cadrekit.insight.explain import explain as _explain
    from cadrekit.insight.explain import find

    result = score(source, rules, year, decisions=decisions)
    return [_explain(result, find(result, key)) for key in keys]


@dataclass(frozen=True)
class Comparison:
    """``cadrekit compare``: the two scored inputs (``old``, ``new``); :meth:`frame` gives the
    movement per cadre or a summary per track or unit."""

    old: Result
    new: Result

    @cached_property
    def per_cadre(self) -> pd.DataFrame:
        """One row per cadre: change, old and new grade, rank and score (computed once)."""
        from cadrekit.insight.compare import compare as _compare

        return _compare(self.old, self.new)

    def frame(self, by: str = "cadre", *, changed: bool = False) -> pd.DataFrame:
        """``by="cadre"``: one row per cadre (``changed``: only movers, arrivals and
        departures); ``"track"`` or ``"unit"``: mean scores and grade counts side by side."""
        from cadrekit.insight.compare import summary

        if by != "cadre":
            return summary(self.old, self.new, by)
        frame = self.per_cadre
        if changed:
            frame = frame[(frame["change"] != "same") | (frame["rank_change"].fillna(0) != 0)]
        return frame


def comparison(
    old: Any, new: Any = None, *, rules_old: Any = None, rules_new: Any = None
) -> Comparison:
    """``cadrekit compare OLD [NEW]``: both inputs scored (one input under two rule files
    when ``new`` is None). Each is loaded under its own rules, as ``score`` would."""
    return Comparison(score(old, rules_old), score(new if new is not None else old, rules_new))


def compare(
    old: Any, new: Any = None, *, rules_old: Any = None, rules_new: Any = None, by: str = "cadre"
) -> pd.DataFrame:
    """``cadrekit compare OLD [NEW]``: movement per cadre (``by="cadre"``) or a summary per
    ``track`` or ``unit``; one input under two rule files when ``new`` is None."""
    return comparison(old, new, rules_old=rules_old, rules_new=rules_new).frame(by)


@dataclass(frozen=True)
class Publicity:
    """``cadrekit publicity``: the 公示 ``notice`` (see :class:`~cadrekit.models.notice.Notice`),
    how many cadres tied at a quota cut await the committee (``ties``, not listed) and the
    scored ``result``."""

    notice: Any
    ties: int
    result: Result


def publicity(
    source: Any,
    rules: Any = None,
    year: int | None = None,
    *,
    start: _dt.date,
    days: int = 5,
    tracks: tuple[str, ...] | list[str] = (),
    units: tuple[str, ...] | list[str] = (),
    contact: str | None = None,
    issuer: str | None = None,
    holidays: tuple[_dt.date, ...] | list[_dt.date] = (),
    lenient: bool = False,
    decisions: Any = None,
) -> Publicity:
    """The 公示 notice of the quota grade: score ``source``, keep ``tracks`` (ids or labels)
    and ``units``, and lay out the period of ``days`` working days from ``start``.
    ``decisions``: a separate 决定 file, as for :func:`score` (the list has the final grades)."""
    from cadrekit.insight.publicity import build_notice, pending_ties
    from cadrekit.render.frame import resolve_tracks

    result = score(source, rules, year, lenient=lenient, decisions=decisions)
    notice = build_notice(
        result,
        tracks=resolve_tracks(result, tracks),  # no select(): the audit is not needed
        units=units,
        start=start,
        days=days,
        contact=contact,
        issuer=issuer,
        holidays=holidays,
    )
    return Publicity(notice, pending_ties(result), result)


def with_lists(result: Result) -> Result:
    """``result`` with its 能上/能下 lists (the promotion pool and the adjustment list, as
    ``cadrekit flags`` finds them) attached, for the workbook's 能上能下 sheet."""
    from cadrekit.insight.flags import adjustment_list, promotion_pool

    if getattr(result.rules, "flags", None) is not None:
        result.lists = (promotion_pool(result), adjustment_list(result))
    return result
