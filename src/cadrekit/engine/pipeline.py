"""Run the layers in order (DESIGN §4) and shape the output frames.

``run`` never reads the clock: the caller resolves the assessment year with
:func:`resolve_year` (DEFAULT_RULES §5) and passes it in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadrekit.engine._common import (
    Trail,
    audit_frame,
    concat_audit,
    id_order,
    text_array,
    track_codes,
)
from cadrekit.engine.adjustments import compute_adjustments
from cadrekit.engine.composite import compute_components, compute_score
from cadrekit.engine.decisions import apply_decisions
from cadrekit.engine.flags import apply_flags
from cadrekit.engine.grade import assign_grades
from cadrekit.engine.inputs import untouched
from cadrekit.engine.invariants import check_output
from cadrekit.engine.limits import apply_limits
from cadrekit.engine.performance import compute_performance
from cadrekit.engine.rank import rank_cadres
from cadrekit.engine.special import apply_special
from cadrekit.engine.tracks import assign_tracks
from cadrekit.errors import DecisionsRefused
from cadrekit.models.result import AUDIT_COLUMNS, RESULT_COLUMNS, Deferred, lazy_frame
from cadrekit.models.rows import YEARS
from cadrekit.models.rules import RuleSet

ENGINE_COLUMNS = ["track_label", "quota_group", "good_quarters", "eligible", "status", "year"]
_ROW = "_input_row"  # each row's position in the input, carried through every layer
_INTERNAL = ["quota_tie", _ROW]


@dataclass
class EngineOutput:
    cadres: pd.DataFrame  # RESULT_COLUMNS, ENGINE_COLUMNS, then carried-through columns
    # AUDIT_COLUMNS, by cadre in output order, then in the order the layers decided;
    # assembled on first read (a Deferred until then: see models.result.LazyFrame)
    audit: pd.DataFrame
    groups: pd.DataFrame  # one row per quota group
    # one row per 决定 row, verdict ``applied`` (a refusal raises DecisionsRefused)
    decisions: pd.DataFrame | None = None
    # the input row of each ``cadres`` row, and the input columns ``cadres`` carries as the
    # input's own arrays (engine/inputs.py makes the input frame again from them)
    input_rows: np.ndarray | None = None
    carried: tuple[Any, ...] = ()


lazy_frame(EngineOutput, "audit")


def resolve_year(
    events: pd.DataFrame | None,
    explicit: int | None,
    today_year: int,
    history: pd.DataFrame | None = None,
) -> int:
    """``--year``, else the year of the latest event date, else the year after the latest
    历年考核 year (a workbook ``carry`` wrote, before its first event), else the current
    year. Dates outside the accepted years (a 1 typed into a date cell reads 1900-01-01)
    are no evidence of the year: the loader reports them and they are ignored here too."""
    if explicit is not None:
        return int(explicit)
    if events is not None and "date" in events.columns and len(events):
        dates = pd.to_datetime(events["date"], errors="coerce")
        latest = dates[dates.dt.year.between(*YEARS)].max()
        if pd.notna(latest):
            return int(latest.year)
    if history is not None and "year" in history.columns and len(history):
        years = pd.to_numeric(history["year"], errors="coerce")
        last = years[years.between(YEARS[0], YEARS[1] - 1)].max()
        if pd.notna(last):
            return int(last) + 1
    return int(today_year)


def run(frames: Mapping[str, pd.DataFrame | None], rules: RuleSet, year: int) -> EngineOutput:
    """Score, rank, grade and flag ``frames["cadres"]`` for the assessment ``year``."""
    cadres = frames["cadres"]
    if cadres is None:
        raise ValueError("frames must hold a cadres frame")
    events = frames.get("events")
    supervision = frames.get("supervision")
    history = frames.get("history")
    original = list(cadres.columns)

    frame = cadres.copy(deep=False)  # copy-on-write: the layers never touch the input
    frame["id"] = frame["id"].astype("string")
    frame[_ROW] = np.arange(len(frame), dtype="int64")
    trails: list[Trail] = []
    frame, trail = assign_tracks(frame, rules)
    trails.append(trail)
    frame, trail = compute_performance(frame, rules)
    trails.append(trail)
    frame, trail = compute_components(frame, rules)
    trails.append(trail)
    frame, trail = compute_adjustments(frame, events, rules, year)
    trails.append(trail)
    frame, trail = compute_score(frame, rules)
    trails.append(trail)
    frame, trail = apply_special(frame, frames.get("special"), rules, year)
    trails.append(trail)
    frame, trail = apply_limits(frame, rules, year, supervision=supervision, events=events)
    trails.append(trail)
    frame, trail = rank_cadres(frame, rules)
    trails.append(trail)
    frame, trail, groups = assign_grades(frame, rules)
    trails.append(trail)
    decided = apply_decisions(frame, frames.get("decisions"), groups, rules)
    if decided.refused:  # nothing is applied, nothing returned: each refusal is located
        raise DecisionsRefused(decided.verdicts)
    frame, groups = decided.frame, decided.groups
    trails.append(decided.trail)
    frame, trail = apply_flags(frame, history, rules, year)
    trails.append(trail)

    frame["year"] = pd.Series(
        year, index=frame.index, dtype="Int64"
    )  # 年度: the result files say it
    order = _order_rows(frame, rules)
    out = _order_columns(frame, original, order)
    rows = frame[_ROW].to_numpy()[order]
    check_output(len(cadres), rows, out, rules)  # the gate: a wrong result is never returned
    audit: Any = Deferred(partial(_assemble_audit, trails, out["id"]))
    carried = tuple(untouched(frame, cadres))
    return EngineOutput(out, audit, groups, decided.verdicts, rows, carried)


def _order_rows(frame: pd.DataFrame, rules: RuleSet) -> np.ndarray:
    """Row positions by track (rule order), ranked before unranked, rank, then id."""
    position = {t.id: i for i, t in enumerate(rules.tracks)}
    track = track_codes(frame["track"], position)
    rank = frame["rank"].to_numpy(dtype="float64", na_value=np.nan)
    unranked = np.isnan(rank)
    return np.lexsort((id_order(frame["id"]), rank, unranked, track))


def _order_columns(frame: pd.DataFrame, original: list[str], order: np.ndarray) -> pd.DataFrame:
    """The output columns, rows in ``order`` (one take of each column)."""
    if "status" not in frame.columns:
        frame["status"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    lead = RESULT_COLUMNS + ENGINE_COLUMNS
    rest = [c for c in original if c not in lead]
    extras = [c for c in frame.columns if c not in lead and c not in rest and c not in _INTERNAL]
    names = lead + rest + extras
    if not frame.columns.is_unique:
        return frame[names].take(order).reset_index(drop=True)
    text = {c for c in names if _arrow_text(frame[c])}
    out = frame[[c for c in names if c not in text]].take(order).reset_index(drop=True)
    taken = pa.array(order)
    data = {
        c: _take_rows(frame[c], order, taken, out.index) if c in text else out[c] for c in names
    }
    return pd.DataFrame(data, index=out.index, copy=False)


def _arrow_text(column: pd.Series) -> bool:
    return isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"


def _take_rows(column: pd.Series, order: np.ndarray, taken: pa.Array, index: pd.Index) -> pd.Series:
    """Rows of Arrow text in ``order``. A column of few distinct values (grades, tracks,
    quarter words) is taken as codes and its text spread from the distinct values: Arrow's
    take of text costs about 0.1 s a million rows, of codes a tenth of that."""
    arr = pa.array(column.array)
    flat = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if _few_distinct(flat):
        enc = pc.dictionary_encode(flat, null_encoding="encode")
        codes = enc.indices.to_numpy(zero_copy_only=False)
        flat = enc.dictionary.take(pa.array(codes[order]))
    else:
        flat = flat.take(taken)
    return pd.Series(text_array(pa.chunked_array([flat]), column.dtype), index=index, copy=False)


def _few_distinct(values: pa.Array, sample: int = 8192) -> bool:
    """Do the first ``sample`` values repeat (on average 16 times or more)?"""
    if len(values) < 4 * sample:
        return False
    head = values.slice(0, sample)
    return pc.count_distinct(head, mode="all").as_py() * 16 <= sample


def _assemble_audit(trails: list[Trail], ids: pd.Series) -> pd.DataFrame:
    return _order_audit(audit_frame(concat_audit(trails)), ids)


def _order_audit(audit: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """Stable: by cadre in output order, then in the order the layers decided."""
    cadre = pa.array(audit["cadre_id"].array)
    where = pc.index_in(cadre, value_set=pa.array(ids.astype("string").array))
    key = pc.fill_null(where, len(ids)).to_numpy(zero_copy_only=False)
    order = pa.array(np.argsort(key, kind="stable"))
    data = {c: _take_text(audit[c], order) for c in AUDIT_COLUMNS}
    return pd.DataFrame(data, index=pd.RangeIndex(len(audit)), copy=False)


def _take_text(column: pd.Series, order: pa.Array) -> Any:
    return text_array(pa.array(column.array).take(order))
