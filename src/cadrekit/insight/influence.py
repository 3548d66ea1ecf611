"""影响期: the periods during which verified supervision measures bar promotion.

The one place that decides whether a sanction bars a cadre on a date, so that ``vet`` (a
candidate's 处分影响期 check) and ``flags`` (the promotion pool) can never disagree.

A record counts when it is verified (a missing ``verified`` column means verified), dated
on or before the day, not lifted under error tolerance, and its measure has a period in
``vetting.influence_months``; a 警告 whose note carries a ``vetting.party_markers`` word
is a 党内警告. The period runs from the record's date for that many months, both ends
inclusive (12 months from 2025-03-02 = 2025-03-02 to 2026-03-01).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from cadrekit.engine.limits import tolerance_state
from cadrekit.insight._common import add_months, date_text, lookup

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.rules import RuleSet

_COLUMNS = ["id", "date", "measure", "verified", "note", "tolerance", "tolerance_basis"]


@dataclass(frozen=True)
class Influence:
    """Per cadre id (each a Series on the ids asked about; None/0 where nothing applies)."""

    active: pd.Series  # text of the periods covering the day ("诫勉（2025-09-01）影响期 … 至 …")
    ended: pd.Series  # text of the periods that ended before the day
    until: pd.Series  # last day of the latest active period (Timestamp)
    tolerated: pd.Series  # text of records lifted under error tolerance
    unverified: pd.Series  # number of unverified records dated on or before the day
    later: pd.Series  # number of records dated after the day

    @property
    def barred(self) -> pd.Series:
        return self.active.notna()


def measure_keys(sup: pd.DataFrame, rs: RuleSet) -> pd.Series:
    """The measure as the influence table names it: a 警告 noted as 党内 is 党内警告."""
    measure = sup["measure"].astype(object).where(sup["measure"].notna(), None).astype(str)
    if "note" not in sup.columns or not rs.vetting.party_markers:
        return measure
    note = sup["note"].astype(object).fillna("").astype(str)
    pattern = "|".join(rs.vetting.party_markers)
    party = (measure == "警告") & note.str.contains(pattern, regex=True)
    return measure.mask(party, "党内警告")


def influence(
    supervision: pd.DataFrame | None, rs: RuleSet, day: pd.Timestamp, ids: pd.Series
) -> Influence:
    """The influence periods of ``ids`` as of ``day`` from the supervision sheet's frame."""
    if supervision is None:
        supervision = pd.DataFrame({c: pd.Series(dtype=object) for c in _COLUMNS})
    sup = supervision[supervision["id"].isin(ids)].copy()
    verified = (
        sup["verified"].astype("boolean").fillna(True).astype(bool)
        if "verified" in sup
        else pd.Series(True, index=sup.index)
    )
    sup["date"] = pd.to_datetime(sup["date"])
    sup["key"] = measure_keys(sup, rs)
    sup["months"] = sup["key"].map(rs.vetting.influence_months)
    sup["end"] = add_months(sup["date"], sup["months"]) - pd.Timedelta(days=1)
    later = sup["date"] > day
    tol = tolerance_state(sup, rs.limits.supervision.tolerance_lifts)
    note = tol["note"].astype(object).fillna("").astype(str)
    # a record recognised under error tolerance (容错纠错) for a liftable measure bars nothing
    lifted = sup[verified & ~later & tol["lifted"]]
    lifted_text = join(
        lifted.index, [lifted["key"], "（", date_text(lifted["date"]), "）", note[lifted.index]]
    )
    counted = sup[verified & ~later & sup["months"].notna() & ~tol["lifted"]]
    start, last = date_text(counted["date"]), date_text(counted["end"])
    pieces = [counted["key"], "（", start, "）影响期 ", start, " 至 ", last, note[counted.index]]
    text = join(counted.index, pieces)
    counted = counted.assign(text=text, active=counted["end"] >= day)
    on, off = counted[counted["active"]], counted[~counted["active"]]
    return Influence(
        active=lookup(on.groupby("id")["text"].agg("；".join), ids),
        ended=lookup(off.groupby("id")["text"].agg("；".join), ids),
        until=lookup(on.groupby("id")["end"].max(), ids),
        tolerated=lookup(lifted.assign(text=lifted_text).groupby("id")["text"].agg("；".join), ids),
        unverified=_count(sup[~verified & ~later], ids),
        later=_count(sup[later], ids),
    )


def _count(rows: pd.DataFrame, ids: pd.Series) -> pd.Series:
    return lookup(rows.groupby("id").size(), ids).fillna(0).astype(int)


def join(index: pd.Index, pieces: list[Any]) -> pd.Series:
    """Concatenate text series and literals element-wise, whatever their string dtypes."""
    out = pd.Series("", index=index, dtype=object)
    for piece in pieces:
        out = out + (piece.astype(object) if isinstance(piece, pd.Series) else piece)
    return out
