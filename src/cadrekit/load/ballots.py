"""测评票: democratic-evaluation ballots counted into the roster's four vote totals.

A 测评票 row is one ballot (评价 = a vote kind of the rules, e.g. 优秀) or one rater
group's tally (优秀票 … 不称职票). Per cadre and rater group the ballots are counted (a
group-by) and the tallies added; the groups then enter the cadre's four totals by the
rules' ``components.votes.rater_groups`` weights and ``weighting``:

- ``count``: total = Σ weight × group count, so weights of 1 give the plain sums — the
  same totals an officer would type on the roster, scored exactly as typed totals are;
- ``share``: total = ballots × Σ weight × group share / Σ weight of the groups that
  voted (领导 40%、同事 40%、服务对象 20% of each choice's share).

A cadre with typed totals on the roster and ballots as well is an error at the roster's
vote cell (``ballot-and-totals``): which of the two holds is the officer's call, not a
guess for cadrekit to make. Vote checks of the roster (``zero-votes``, ``blank-vote``,
a missing vote column) do not apply to a cadre whose votes come from ballots.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.load.headers import cell_text
from cadrekit.load.schema import ColumnSpec, column_specs
from cadrekit.models.columns import isin_text
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.load.validate import Loaded
    from cadrekit.models.rules import RuleSet, VotesComponent

KEYS = ["id", "rater_group"]
# the 测评票 frame's typed record of the count: True where the row entered the totals
COUNTED = "counted"
# roster checks that ballots answer for the cadres they count
_ANSWERED = ("zero-votes", "blank-vote")


def specs(rules: RuleSet | None) -> dict[str, ColumnSpec]:
    """The 测评票 columns under ``rules``: 评价 takes the rules' vote kinds, 评价人类别 the
    rater groups (any text when the rules name none)."""
    base = column_specs("ballots")
    votes = rules.components.votes if rules is not None else None
    if votes is None:
        return base
    out = dict(base)
    out["choice"] = replace(base["choice"], kind="choice", choices=tuple(votes.kinds))
    if votes.rater_groups:
        groups = tuple(votes.rater_groups)
        out["rater_group"] = replace(base["rater_group"], kind="choice", choices=groups)
    return out


def _tally_columns(frame: pd.DataFrame, votes: VotesComponent) -> dict[str, str]:
    """Vote kind → the 测评票 column holding a group's tally of it."""
    own = column_specs("ballots")
    return {n: k.column for n, k in votes.kinds.items() if k.column in own and k.column in frame}


def _shape(frame: pd.DataFrame, votes: VotesComponent) -> tuple[pd.Series, pd.Series]:
    """(one ballot, one tally) per row; a row with both or neither is neither."""
    columns = list(_tally_columns(frame, votes).values())
    choice = frame["choice"].notna()
    tally = frame[columns].notna().any(axis=1) if columns else pd.Series(False, frame.index)
    return choice & ~tally, tally & ~choice


def group_counts(frame: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """(id, rater group) → count of each vote kind, ``ballots`` (their sum) and ``weight``."""
    votes = rules.components.votes
    assert votes is not None
    kinds = list(votes.kinds)
    ballot, tally = _shape(frame, votes)
    known = frame["id"].notna() & frame["rater_group"].notna()
    if COUNTED in frame:  # set by count_ballots: rows with an error count for no one
        known &= frame[COUNTED].astype(bool)
    one = frame[known & ballot]
    index = pd.MultiIndex.from_arrays([[], []], names=KEYS)
    counted = pd.DataFrame(0.0, index=index, columns=kinds)
    if len(one):
        sizes = one.groupby([*KEYS, "choice"], observed=True).size().unstack("choice")
        counted = sizes.reindex(columns=kinds).fillna(0).astype("float64")
    columns = _tally_columns(frame, votes)
    rows = frame[known & tally]
    if len(rows):
        named = rows[[*KEYS, *columns.values()]].rename(columns={c: n for n, c in columns.items()})
        sums = named.astype({n: "float64" for n in columns}).groupby(KEYS).sum(min_count=0)
        counted = counted.add(sums.reindex(columns=kinds).fillna(0), fill_value=0)
    counted = counted.reindex(columns=kinds).fillna(0)
    counted["ballots"] = counted[kinds].sum(axis=1)
    groups = counted.index.get_level_values("rater_group")
    weights = pd.Series(votes.rater_groups, dtype="float64")
    counted["weight"] = weights.reindex(groups).fillna(1.0).to_numpy() if len(groups) else []
    return counted


def totals(counts: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """id → the four vote totals from :func:`group_counts` by the rules' weighting."""
    votes = rules.components.votes
    assert votes is not None
    kinds = list(votes.kinds)
    weight = counts["weight"]
    by_id = counts.index.get_level_values("id")
    if votes.weighting == "count":
        return counts[kinds].mul(weight, axis=0).groupby(by_id).sum()
    n = counts["ballots"]
    weight = weight.where(n > 0, 0.0)
    share = counts[kinds].div(n.where(n > 0), axis=0).fillna(0)
    weighted = share.mul(weight, axis=0).groupby(by_id).sum()
    spread = weight.groupby(by_id).sum()
    return weighted.div(spread.where(spread > 0), axis=0).mul(n.groupby(by_id).sum(), axis=0)


def count_ballots(cadres: Loaded, ballots: Loaded | None, rules: RuleSet) -> list[Problem]:
    """The roster's vote checks, with the ballots counted into the roster's totals.

    Each cadre with ballots (and no typed totals) gets the four totals in the frame; the
    roster checks a ballot answers are dropped for her; the problems of the 测评票 rows'
    shape and of a cadre with both are added.
    """
    from cadrekit.load.validate import check_votes

    votes = rules.components.votes
    if ballots is None or votes is None:
        return check_votes(cadres, rules)
    frame = ballots.sheet.frame
    problems = _row_problems(ballots, votes)
    frame[COUNTED] = _clean(ballots, cadres.sheet.frame["id"], problems)
    found = totals(group_counts(frame, rules), rules)
    roster = cadres.sheet.frame
    counted = isin_text(roster["id"], found.index)
    typed = _typed(cadres, votes)
    clash = counted & typed
    problems += [_clash(cadres, votes, int(i)) for i in roster.index[clash]]
    covered = counted & ~clash
    answered = {cadres.sheet.rows[int(i)] for i in roster.index[counted]}
    for p in check_votes(cadres, rules):
        if p.row in answered and p.code in _ANSWERED:
            continue
        if p.code == "missing-column" and not _uncovered(roster, counted):
            continue
        problems.append(p)
    _fill(roster, found, covered, votes)
    return problems


def _clean(ballots: Loaded, roster_ids: pd.Series, problems: list[Problem]) -> pd.Series:
    """Rows that may count: no unreadable cell, a roster id, not malformed."""
    frame = ballots.sheet.frame
    none = pd.Series(False, index=frame.index)
    bad = pd.concat([none, *ballots.bad.values()], axis=1).any(axis=1)
    malformed = {p.row for p in problems}
    shaped = ~pd.Series(ballots.sheet.rows, index=frame.index).isin(malformed)
    return ~bad & isin_text(frame["id"], roster_ids) & shaped


def _typed(cadres: Loaded, votes: VotesComponent) -> pd.Series:
    roster = cadres.sheet.frame
    present = [k.column for k in votes.kinds.values() if k.column in cadres.sheet.letters]
    if not present:
        return pd.Series(False, index=roster.index)
    none = pd.Series(False, index=roster.index)
    bad = pd.concat([cadres.bad.get(c, none) for c in present], axis=1).any(axis=1)
    return roster[present].notna().any(axis=1) | bad


def _uncovered(roster: pd.DataFrame, counted: pd.Series) -> bool:
    """Someone taking part whose votes no ballot gives: the roster's columns are needed."""
    taking_part = roster["status"].fillna("参加") == "参加"
    return bool((taking_part & ~counted).any())


def _fill(
    roster: pd.DataFrame, found: pd.DataFrame, rows: pd.Series, votes: VotesComponent
) -> None:
    """Write the totals into the roster's vote columns: whole numbers stay whole; a
    weighted (``share``) total that is not makes its column a decimal one."""
    if not rows.any():
        return
    ids = roster.loc[rows, "id"]
    for name, kind in votes.kinds.items():
        value = found[name].reindex(ids.to_numpy()).to_numpy(dtype="float64")
        whole = bool(np.all(value == np.round(value)))
        column = roster[kind.column].astype("Int64" if whole else "Float64")
        column.loc[rows] = np.round(value).astype("int64") if whole else value
        roster[kind.column] = column


def _row_problems(ballots: Loaded, votes: VotesComponent) -> list[Problem]:
    """``ballot-both`` / ``ballot-empty`` at the 评价 cell of a row that is not one ballot
    or one tally (rows whose cells are unreadable are reported by the column checks)."""
    frame = ballots.sheet.frame
    ballot, tally = _shape(frame, votes)
    columns = list(_tally_columns(frame, votes).values())
    raw_filled = ballots.raw.reindex(columns=["choice", *columns]).notna().any(axis=1)
    both = frame["choice"].notna() & ~ballot & ~tally
    empty = ~ballot & ~tally & ~both & ~raw_filled
    out = []
    for code, mask in (("ballot-both", both), ("ballot-empty", empty)):
        out += [_at(ballots, code, int(i)) for i in frame.index[mask.to_numpy(dtype=bool)]]
    return out


def _at(ld: Loaded, code: str, i: int, **params: Any) -> Problem:
    sf = ld.sheet
    return Problem(
        code,
        location=sf.cell(i, "choice" if "choice" in sf.letters else "id"),
        found=cell_text(sf.frame.at[i, "id"]),
        column=sf.headers.get("choice", "评价"),
        sheet=sf.sheet,
        row=sf.rows[i],
        params=params,
    )


def _clash(cadres: Loaded, votes: VotesComponent, i: int) -> Problem:
    sf = cadres.sheet
    present = [k.column for k in votes.kinds.values() if k.column in sf.letters]
    row = sf.frame.loc[i, present].notna() if present else pd.Series(dtype=bool)
    filled = [c for c in present if bool(row[c])]
    column: str | None = (filled or present)[0] if present else None
    return Problem(
        "ballot-and-totals",
        location=sf.cell(i, column),
        found=str(sf.frame.at[i, "id"]),
        column=sf.headers.get(column, "") if column else "",
        sheet=sf.sheet,
        row=sf.rows[i],
    )


def tally_of(frame: pd.DataFrame | None, rules: RuleSet, cadre_id: str) -> list[dict[str, Any]]:
    """One cadre's tally by rater group (for ``explain``): group, weight, count of each
    vote kind and the ballots; empty when she has none."""
    if frame is None or rules.components.votes is None or not len(frame):
        return []
    counts = group_counts(frame[frame["id"].astype(str) == cadre_id], rules)
    votes = rules.components.votes
    kinds, order = list(votes.kinds), list(votes.rater_groups)
    position = counts.index.get_level_values("rater_group").map(
        lambda g: order.index(g) if g in order else len(order)
    )
    counts = counts.iloc[np.argsort(np.asarray(position), kind="stable")]
    return [
        {
            "group": str(group),
            "weight": float(weight),
            "counts": {k: int(counts[k].loc[key]) for k in kinds},
            "ballots": int(n),
        }
        for key, group, weight, n in zip(
            counts.index,
            counts.index.get_level_values("rater_group"),
            counts["weight"],
            counts["ballots"],
            strict=True,
        )
    ]
