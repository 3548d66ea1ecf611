"""What every renderer shares: column order, masking, grade order, filters, the summary.

Renderers never recompute a score: they order, mask, select and count what the engine
decided.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from cadrekit.errors import UsageError
from cadrekit.models.result import RESULT_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.result import Result

# Columns that hold a score: always shown with exactly two decimals.
SCORE_COLUMNS = ("score", "performance", "votes_score", "quarterly_score", "bonus", "deduction")
# The engine's columns after RESULT_COLUMNS (the rest of the frame is carried-through input).
ENGINE_COLUMNS = (
    "track_label",
    "quota_group",
    "good_quarters",
    "eligible",
    "status",
    "year",
)
# Per-track counts next to the grade counts in every summary.
SUMMARY_COLUMNS = ("track", "track_label", "size", "n", "slots", "excellent", "unfilled", "ties")
# How a yes/no cell reads in text outputs (CSV, workbook); JSON keeps real booleans.
BOOL_WORDS = {"zh": ("是", "否"), "en": ("true", "false")}


def bool_words(lang: str) -> tuple[str, str]:
    """(yes, no) for ``lang``: 是/否 in Chinese, true/false in English."""
    return BOOL_WORDS.get(lang, BOOL_WORDS["zh"])


def grade_names(rules: Any) -> list[str]:
    """The grade names from the rules, best first (strings or objects with a name)."""
    grades = getattr(rules, "grades", None) or []
    if hasattr(grades, "order"):  # models.rules.Grades: order (best first) + not_graded
        grades = [*grades.order, getattr(grades, "not_graded", None) or grades.order[-1]]
    if isinstance(grades, dict):  # {name: definition}
        grades = list(grades)
    names: list[str] = []
    for grade in grades:
        if isinstance(grade, str):
            names.append(grade)
        elif isinstance(grade, dict):
            names.append(str(grade.get("name") or grade.get("label") or grade.get("id")))
        else:
            for attr in ("name", "label", "id"):
                if getattr(grade, attr, None):
                    names.append(str(getattr(grade, attr)))
                    break
    return names


def result_grades(result: Result) -> list[str]:
    """Grade names in rule order, then any grade the frame holds that the rules do not list."""
    names = grade_names(result.rules)
    if "grade" in result.cadres:
        for value in result.cadres["grade"].dropna().unique():
            if str(value) not in names:
                names.append(str(value))
    return names


def ordered_columns(frame: pd.DataFrame) -> list[str]:
    """RESULT_COLUMNS, then the engine's columns, then carried-through input columns."""
    lead = [c for c in RESULT_COLUMNS if c in frame.columns]
    lead += [c for c in ENGINE_COLUMNS if c in frame.columns]
    return lead + [c for c in frame.columns if c not in lead]


def mask_id_numbers(series: pd.Series) -> pd.Series:
    """身份证号 masked (``110101********1234``); empty stays empty."""
    from cadrekit.io.write import mask_id_number

    return mask_id_number(series)


def cadre_frame(result: Result, *, show_id_numbers: bool = False) -> pd.DataFrame:
    """The per-cadre output frame: stable column order, scores to 2 places, ids masked."""
    frame = result.cadres
    columns = ordered_columns(frame)
    # ``frame[c] = …`` below replaces a column, never writes into the shared array, so
    # result.cadres is neither copied (0.8 s at a million rows) nor reindexed when in order.
    frame = frame.loc[:, columns] if columns != list(frame.columns) else frame.copy(deep=False)
    for column in SCORE_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].astype("Float64").round(2)
    if not show_id_numbers:
        if "id_number" in frame.columns:
            frame["id_number"] = mask_id_numbers(frame["id_number"])
        mask_carried_id_numbers(frame)
    return frame.reset_index(drop=True)


def carried_columns(frame: pd.DataFrame) -> list[Any]:
    """Columns cadrekit did not make or recognise: the input's unknown columns."""
    from cadrekit.models.rows import ROW_MODELS

    known = {*RESULT_COLUMNS, *ENGINE_COLUMNS, *ROW_MODELS["cadres"].model_fields}
    return [c for c in frame.columns if c not in known]


def mask_carried_id_numbers(frame: pd.DataFrame) -> None:
    """Mask, in place, every value of an unknown column that is an 18-character ID number
    passing the GB 11643 check: a header nobody listed (户籍证件, 备注) must not carry the
    full number into an output. Replaces whole columns (``frame`` may share its arrays)."""
    import pandas as pd

    from cadrekit.idnumber import passing_cells

    for column in carried_columns(frame):
        hits = passing_cells(frame[column])
        if hits.any():
            values = frame[column].astype(object).to_numpy(copy=True)
            found = pd.Series(values[hits], dtype=object)
            values[hits] = mask_id_numbers(found).to_numpy()
            frame[column] = pd.Series(values, index=frame.index, dtype=object)


def track_order(result: Result) -> list[tuple[str, str]]:
    """(track id, label) of every track with cadres, in the order of the result."""
    frame = result.cadres
    if "track" not in frame.columns:
        return []
    labels = frame["track_label"] if "track_label" in frame.columns else frame["track"]
    import pandas as pd

    # the distinct pairs in first-seen order, found in pandas (a province has 500,000 rows)
    pairs = pd.DataFrame({"track": frame["track"], "label": labels})
    if all(isinstance(c.dtype, pd.StringDtype) for _, c in pairs.items()):
        pairs = pairs.drop_duplicates()  # one kind of missing: the same pairs as texts, fewer
    pairs = pd.DataFrame(
        {
            "track": pairs["track"].astype(str).to_numpy(),
            "label": pairs["label"].astype(str).to_numpy(),
        }
    ).drop_duplicates()
    return list(zip(pairs["track"].tolist(), pairs["label"].tolist(), strict=True))


def known_tracks(result: Result) -> list[tuple[str, str]]:
    """Tracks of the rules (id, label), then any other track of the result."""
    pairs: list[tuple[str, str]] = []
    for track in getattr(result.rules, "tracks", None) or []:
        tid = getattr(track, "id", None) or (track.get("id") if isinstance(track, dict) else None)
        label = getattr(track, "label", None) or (
            track.get("label") if isinstance(track, dict) else None
        )
        if tid:
            pairs.append((str(tid), str(label or tid)))
    seen = {tid for tid, _ in pairs}
    pairs += [p for p in track_order(result) if p[0] not in seen]
    return pairs


def resolve_tracks(result: Result, wanted: Iterable[str]) -> list[str]:
    """Track ids for ``--track`` values (id or label); an unknown one is a usage error."""
    tracks = known_tracks(result)
    by_name = {tid: tid for tid, _ in tracks} | {label: tid for tid, label in tracks}
    ids: list[str] = []
    for value in wanted:
        if value not in by_name:
            listing = ", ".join(f"{tid} ({label})" for tid, label in tracks)
            raise UsageError(
                f"未知的考核序列：{value}；可选：{listing}",
                message_en=f"unknown track: {value}; choose from: {listing}",
            )
        ids.append(by_name[value])
    return ids


def select(
    result: Result,
    *,
    tracks: Sequence[str] = (),
    units: Sequence[str] = (),
    top: int | None = None,
) -> Result:
    """The result restricted to some tracks (id or label), units, and the top N of each track.

    ``top`` keeps the best N of each track among the cadres chosen (with ``units``: the
    unit's best N, by their rank in the whole track), so cadres tied at the N-th place
    all stay; the rank shown stays the rank in the whole track. Quota
    groups are never cut by ``top`` or ``units``: the summary counts whole tracks. They are
    restricted to the chosen tracks and, with ``units``, to the tracks of those units.
    """
    if not tracks and not units and top is None:
        return result
    frame = result.cadres
    groups = result.groups
    if tracks:
        ids = resolve_tracks(result, tracks)
        frame = frame[frame["track"].astype(str).isin(ids)]
        if "track" in groups.columns:
            groups = groups[groups["track"].astype(str).isin(ids)]
    if units:
        _check_units(result, units)
        frame = frame[frame["unit"].astype(str).isin(list(units))]
        if "track" in groups.columns:
            groups = groups[groups["track"].astype(str).isin(frame["track"].astype(str))]
    if top is not None and units:  # the unit's best N: its place among those chosen
        place = frame.groupby(frame["track"].astype(str), sort=False)["rank"].rank(method="min")
        frame = frame[place.notna() & (place <= top)]
    elif top is not None:
        frame = frame[frame["rank"].notna() & (frame["rank"] <= top)]
    audit = result.audit
    if "cadre_id" in audit.columns:
        audit = audit[audit["cadre_id"].astype(str).isin(frame["id"].astype(str))]
    return dataclasses.replace(result, cadres=frame, groups=groups, audit=audit)


def _check_units(result: Result, wanted: Sequence[str]) -> None:
    """An ``--unit`` that names no unit of the roster is a usage error, not an empty table."""
    known = list(dict.fromkeys(result.cadres["unit"].dropna().astype(str)))
    missing = [u for u in wanted if u not in set(known)]
    if not missing:
        return
    shown = "、".join(known[:20]) + (f" …（共 {len(known)} 个）" if len(known) > 20 else "")
    shown_en = ", ".join(known[:20]) + (f" … ({len(known)} in all)" if len(known) > 20 else "")
    raise UsageError(
        f"名册中没有单位：{'、'.join(missing)}；单位有：{shown}",
        message_en=f"no such unit in the roster: {', '.join(missing)}; units: {shown_en}",
    )


def track_summary(result: Result) -> pd.DataFrame:
    """One row per track: size, quota base n, count of each grade, slots, awarded, unfilled, ties.

    Counts come from ``result.groups`` (whole quota groups, so ``select``'s ``top`` and
    ``units`` never shrink them); only a result whose groups carry no per-grade counts
    (a hand-built one) is counted from its cadres.
    """
    import pandas as pd

    grades = result_grades(result)
    groups = result.groups
    from_groups = "track" in groups.columns and all(g in groups.columns for g in grades)
    rows: list[dict[str, Any]] = []
    for tid, label in summary_tracks(result):
        mine = groups[groups["track"].astype(str) == tid] if "track" in groups else groups[:0]
        row: dict[str, Any] = {"track": tid, "track_label": label}
        if from_groups:
            counts = {g: _sum(mine, g) for g in grades}
            row["size"] = sum(counts.values())
        else:
            part = result.cadres[result.cadres["track"].astype(str) == tid]
            found = part["grade"].astype(str).value_counts() if "grade" in part else pd.Series()
            counts = {g: int(found.get(g, 0)) for g in grades}
            row["size"] = len(part)
        row["n"] = _sum(mine, "n")
        row |= counts
        row["slots"] = _sum(mine, "slots")
        row["excellent"] = _sum(mine, "excellent")
        row["unfilled"] = _sum(mine, "unfilled")
        row["ties"] = _sum(mine, "tie")
        rows.append(row)
    columns = [*SUMMARY_COLUMNS[:4], *grades, *SUMMARY_COLUMNS[4:]]
    return pd.DataFrame(rows, columns=columns)


def summary_tracks(result: Result) -> list[tuple[str, str]]:
    """The summary's rows: tracks of the shown cadres, then tracks only the groups hold."""
    pairs = track_order(result)
    if "track" in result.groups.columns:
        seen = {tid for tid, _ in pairs}
        labels = dict(known_tracks(result))
        for tid in dict.fromkeys(result.groups["track"].dropna().astype(str)):
            if tid not in seen:
                pairs.append((tid, labels.get(tid, tid)))
    return pairs


def _sum(frame: pd.DataFrame, column: str) -> int:
    if column not in frame.columns or frame.empty:
        return 0
    return int(frame[column].fillna(0).astype(int).sum())
