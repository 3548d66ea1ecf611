"""Codes in words for people reading Chinese (the CSV and JSON keep the ids and codes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cadrekit.render.labels import (
    AUDIT_LAYERS_ZH,
    AUDIT_OUTCOMES_ZH,
    flag_name,
    group_label,
    readable,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.result import Result


def flags_text(frame: pd.DataFrame) -> pd.DataFrame:
    if "flags" in frame.columns:
        frame = frame.copy()
        frame["flags"] = frame["flags"].map(
            lambda v: ";".join(str(x) for x in v) if isinstance(v, list | tuple) else v
        )
    return frame


def track_labels(result: Result) -> dict[str, str]:
    return {t.id: t.label for t in result.rules.tracks}  # hand-built rules too


def in_words(frame: pd.DataFrame, result: Result, lang: str) -> pd.DataFrame:
    """For people reading Chinese: tracks and quota groups by their labels (一般干部（城关镇）),
    flags by their names (记三等功). The CSV and JSON keep the ids and codes."""
    if lang != "zh":
        return frame
    out = frame.copy(deep=False)  # whole columns are replaced, never written into
    tracks = track_labels(result)
    for column in ("track", "quota_group"):
        if column in out.columns:
            names = {g: group_label(g, tracks) for g in out[column].dropna().astype(str).unique()}
            out[column] = out[column].map(lambda v, n=names: n.get(v, v)).astype(object)
    if "flags" in out.columns:
        out["flags"] = out["flags"].map(_flag_names)
    return out


def _flag_names(value: Any) -> Any:
    """Flag codes (a list, or joined with ";" by _flags_text) as their Chinese names."""
    if isinstance(value, str):
        return ";".join(flag_name(code) for code in value.split(";")) if value else value
    if isinstance(value, list | tuple):
        return [flag_name(str(code)) for code in value]
    return value


def audit_in_words(audit: pd.DataFrame, result: Result, lang: str) -> pd.DataFrame:
    """The audit trail for people reading Chinese: layers in Chinese (赛道, 等次 …) and, in
    the layers that hold them, track, quota group and flag codes by their names."""
    if lang != "zh" or not len(audit) or "layer" not in audit.columns:
        return audit
    out = audit.copy()
    tracks = track_labels(result)
    coded = out["layer"].isin(["tracks", "grade", "flags"]).to_numpy()
    for column in ("value", "reason"):
        if column in out.columns:
            words = out.loc[coded, column].map(
                lambda v: readable(v, tracks) if isinstance(v, str) else v
            )
            out[column] = out[column].astype(object)
            out.loc[coded, column] = words.astype(object)
    out["layer"] = out["layer"].map(lambda v: AUDIT_LAYERS_ZH.get(str(v), v)).astype(object)
    if "outcome" in out.columns:  # the engine's typed outcome in words: 计入 / 不计入 / 超上限
        out["outcome"] = out["outcome"].map(lambda v: AUDIT_OUTCOMES_ZH.get(v, v)).astype(object)
    return out
