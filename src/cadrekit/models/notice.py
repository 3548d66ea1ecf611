"""The 公示 notice as data: what :mod:`cadrekit.insight.publicity` builds and
:mod:`cadrekit.render.publicity` lays out (a type both share, so neither imports the other)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """One cadre on the list: what a notice shows (no id number, no score)."""

    number: int
    name: str
    unit: str
    post: str


@dataclass(frozen=True)
class Notice:
    """The whole notice; renderers lay it out, they never change its words."""

    title: str
    lead: str
    grade: str
    year: int
    units: list[tuple[str, list[Entry]]]
    start: dt.date
    end: dt.date
    days: int
    period: str
    objection: str
    contact: str
    contact_given: bool
    issuer: str
    date: str
    holidays: list[dt.date] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return [e for _, rows in self.units for e in rows]
