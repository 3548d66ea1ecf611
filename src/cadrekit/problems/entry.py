"""A catalogue entry: a problem code's severity, title and hint templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "note": 2}


@dataclass(frozen=True)
class Entry:
    severity: Severity
    title_zh: str
    title_en: str
    hint_zh: str = ""
    hint_en: str = ""
    # An error of this code on a cadre row leaves the row without a score it can be
    # trusted with (no id, a score input unreadable …): ``--lenient`` leaves the row out.
    # False: the value does not enter the score (身份证号, a date), so ``--lenient`` scores
    # the row and lists the error on it; without ``--lenient`` every error still refuses.
    blocks_scoring: bool = True


def _e(
    sev: Severity, tz: str, te: str, hz: str = "", he: str = "", *, blocks: bool = True
) -> Entry:
    return Entry(sev, tz, te, hz, he, blocks_scoring=blocks)
