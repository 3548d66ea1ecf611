"""Checks of what scoring needs: votes (blank votes filled with 0), quarters, the track
of each cadre and the indicators its track names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cadrekit.load.loaded import Loaded, _each, _problem
from cadrekit.load.schema import bounds_text, column_specs
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.rules import RuleSet


def check_votes(ld: Loaded, rules: RuleSet) -> list[Problem]:
    """``zero-votes`` where no count is filled (or all are 0); ``blank-vote`` at each blank
    count of a row whose other counts are filled: it reads as 0 (:func:`fill_blank_votes`)."""
    votes = rules.components.votes
    if votes is None:
        return []
    columns = [k.column for k in votes.kinds.values()]
    problems = _all_empty(ld, columns, "zero-votes", zero_is_empty=True)
    blank = _blank_votes(ld, columns)
    if blank is None:
        return problems
    for column in blank.columns:
        problems += [
            _problem(ld, "blank-vote", i, column, "0", found="") for i in _each(blank[column])
        ]
    return problems


def fill_blank_votes(ld: Loaded, rules: RuleSet) -> None:
    """Each blank count that :func:`check_votes` reported as ``blank-vote`` becomes 0 in
    the frame, so that the score, the vote-share limits and every output read the same 0."""
    votes = rules.components.votes
    blank = None if votes is None else _blank_votes(ld, [k.column for k in votes.kinds.values()])
    if blank is None:
        return
    frame = ld.sheet.frame
    for column in blank.columns:
        if blank[column].any():
            frame[column] = frame[column].mask(blank[column], 0)


def _blank_votes(ld: Loaded, columns: list[str]) -> pd.DataFrame | None:
    """Blank vote cells of cadres taking part whose row has another count filled (a
    number, or an unreadable cell that is its own error); None when no column is there."""
    sf = ld.sheet
    present = [c for c in columns if c in sf.letters]
    if not present:
        return None
    frame = sf.frame
    none = pd.Series(False, index=frame.index)
    bad = pd.DataFrame({c: ld.bad.get(c, none) for c in present}, index=frame.index)
    filled = frame[present].notna() | bad.astype(bool)
    taking_part = frame["status"].fillna("参加") == "参加"
    some = filled.any(axis=1) & taking_part
    return (~filled).mul(some, axis=0).astype(bool)


def check_quarters(ld: Loaded, rules: RuleSet) -> list[Problem]:
    quarterly = rules.components.quarterly
    if quarterly is None:
        return []
    return _all_empty(ld, list(quarterly.columns), "no-quarter")


def _all_empty(
    ld: Loaded, columns: list[str], code: str, *, zero_is_empty: bool = False
) -> list[Problem]:
    """``code`` on each cadre taking part whose ``columns`` are all empty (or sum to 0)."""
    sf = ld.sheet
    present = [c for c in columns if c in sf.letters]
    if not present:
        return _missing_columns(ld, columns)
    frame = sf.frame
    taking_part = frame["status"].fillna("参加") == "参加"
    unreadable = pd.concat(
        [ld.bad.get(c, pd.Series(False, index=frame.index)) for c in present], axis=1
    )
    if zero_is_empty:
        total = frame[present].astype("float64").fillna(0).sum(axis=1)
        empty = total == 0
    else:
        empty = frame[present].isna().all(axis=1)
    hit = taking_part & empty & ~unreadable.any(axis=1)
    found = "0" if zero_is_empty else ""
    return [
        _problem(ld, code, i, present[0], "、".join(sf.headers.get(c, c) for c in present), found)
        for i in _each(hit)
    ]


def _missing_columns(ld: Loaded, columns: list[str]) -> list[Problem]:
    specs = column_specs(ld.kind)
    sf = ld.sheet
    row = sf.rows[0] - 1 if sf.rows else 1
    return [
        Problem(
            "missing-column",
            location=f"{sf.sheet}!{row}",
            sheet=sf.sheet,
            row=row,
            column=specs[c].zh if c in specs else c,
            expected=specs[c].zh if c in specs else c,
        )
        for c in columns
        if c not in sf.letters
    ]


def check_tracks(ld: Loaded, rules: RuleSet) -> list[Problem]:
    """``unknown-track`` at each 考核序列 cell naming no track (never silently reassigned)."""
    frame = ld.sheet.frame
    if "track" not in frame.columns or "track" not in ld.sheet.letters:
        return []
    names = [t.id for t in rules.tracks] + [t.label for t in rules.tracks]
    given = frame["track"]
    unknown = given.notna() & ~given.astype("object").isin(names)
    allowed = "、".join(f"{t.id}（{t.label}）" for t in rules.tracks)
    return [_problem(ld, "unknown-track", i, "track", allowed) for i in _each(unknown)]


def check_indicators_needed(ld: Loaded, rules: RuleSet) -> list[Problem]:
    """``missing-indicator`` at each empty cell the cadre's track needs."""
    needed = missing_cells(ld.sheet.frame, rules)
    labels = rules.track_labels()  # the hint names the track as people do
    problems: list[Problem] = []
    absent: set[str] = set()
    for index, column, track in needed:
        if column not in ld.sheet.letters:
            absent.add(column)
            continue
        if ld.bad.get(column) is not None and bool(ld.bad[column].at[index]):
            continue  # already reported as bad-number
        problems.append(
            _problem(
                ld,
                "missing-indicator",
                index,
                column,
                bounds_text(0, 100),
                track=track,
                track_label=labels.get(track, track),
            )
        )
    problems += _missing_columns(ld, sorted(absent))
    return problems


def missing_cells(cadres: pd.DataFrame, rules: RuleSet) -> list[tuple[int, str, str]]:
    """(frame index, indicator column, track id) of each empty cell a cadre's track needs.

    Uses the rules' placement (``missing_needed``), as scoring does, so tracks are the same.
    """
    # only the columns that place a cadre in a track or that a track needs: the engine
    # copies what it is given, and the other columns cannot change the answer
    wanted = ["id", "track"]
    for track in rules.tracks:
        wanted += list(track.condition_values())
    wanted += list(rules.indicator_columns())
    frame = cadres[[c for c in dict.fromkeys(wanted) if c in cadres.columns]].copy()
    for column in rules.indicator_columns():
        if column not in frame.columns:
            frame[column] = np.nan
    from cadrekit.rules.tracks import missing_needed

    found = missing_needed(frame, rules)
    return [
        (int(i), str(c), str(t))
        for i, c, t in zip(found["index"], found["column"], found["track"], strict=True)
    ]
