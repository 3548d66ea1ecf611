"""The result of scoring: the ranked frame, the audit trail, quota groups and problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.dataset import Dataset


class Deferred:
    """A value made on first read: ``make()`` (picklable when ``make`` is a partial)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


class LazyFrame:
    """A dataclass field (a frame) that also accepts a :class:`Deferred`, resolved once when read.

    The engine's audit trail is complete when scoring ends, but as ingredients (numbers,
    codes, rule paths): writing its reason text and assembling it (ordering millions of
    text rows by cadre) is left until something reads ``.audit``: CSV and JSON outputs
    never do.
    """

    def __init__(self, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj: Any, owner: type | None = None) -> pd.DataFrame:
        if obj is None:
            raise AttributeError(self.slot)
        value = obj.__dict__[self.slot]
        if isinstance(value, Deferred):
            value = obj.__dict__[self.slot] = value.make()
        return value  # type: ignore[no-any-return]

    def __set__(self, obj: Any, value: pd.DataFrame | Deferred) -> None:
        obj.__dict__[self.slot] = value


def lazy_frame(cls: type, name: str) -> None:
    """Make the dataclass field ``name`` of ``cls`` a :class:`LazyFrame` (after the class
    is made, so that dataclasses and type checkers see a plain required field)."""
    setattr(cls, name, LazyFrame(name))


def unresolved(obj: Any, name: str) -> Any:
    """A :class:`LazyFrame` field's stored value, without resolving it."""
    return obj.__dict__[f"_{name}"]


# Columns of Result.audit: one row per decision about one cadre. ``outcome`` is the typed
# verdict of the layer that decides it (one of AUDIT_OUTCOMES; "" where a row has none):
# read it, never the prose of ``reason``.
AUDIT_COLUMNS = ["cadre_id", "layer", "rule_path", "value", "reason", "outcome"]
#: ``counted``: the event enters the bonus or deduction; ``not-counted``: it is left out
#: (outside the year, a unit event not passed to its top leader); ``capped``: the part of a
#: total over a cap, which is not counted.
#: ``decided``: the committee's decision set the grade (决定 sheet); ``tie-closed``: a tie
#: at the quota cut the committee decided, for a tied cadre it did not give the slot.
AUDIT_OUTCOMES = ("counted", "not-counted", "capped", "decided", "tie-closed")

# The stable leading columns of every per-cadre output, in order.
RESULT_COLUMNS = [
    "id",
    "name",
    "unit",
    "track",
    "rank",
    "score",
    "grade",
    "flags",
    "performance",
    "votes_score",
    "quarterly_score",
    "bonus",
    "deduction",
    "limit",
    "limit_reason",
]


@dataclass
class Result:
    """What ``cadrekit.score`` returns.

    ``cadres``: one row per input cadre (rejected rows excluded, listed in ``problems``),
    ordered by track then rank; columns RESULT_COLUMNS, then further engine columns
    (track_label, quota_group, good_quarters, eligible, …), then carried-through input columns.
    ``audit``: AUDIT_COLUMNS, in the order the engine decided.
    ``groups``: one row per quota group (track, scope, n, rate, slots, excellent, unfilled,
    tie, counts per grade).
    """

    cadres: pd.DataFrame
    audit: pd.DataFrame  # may be given as a Deferred: see LazyFrame
    groups: pd.DataFrame
    year: int
    rules: Any  # cadrekit.models.rules.RuleSet
    problems: list[Problem] = field(default_factory=list)
    dataset: Dataset | None = None
    rules_sha256: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    # the 能上/能下 lists (promotion pool, adjustment list) when the caller asked for them
    # (api.with_lists): the workbook's 能上能下 sheet; None leaves the sheet out
    lists: tuple[pd.DataFrame, pd.DataFrame] | None = None


lazy_frame(Result, "audit")
