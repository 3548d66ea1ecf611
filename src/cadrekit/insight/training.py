"""教育培训: hours per cadre in a year against the requirement of their layer.

Rules ``training`` (see models.rules.TrainingRules): ``required_hours`` by layer, else
``default_hours``; ``required_topics``: a topic counts as covered when a record's 培训内容
contains its text. ``coverage`` gives one row per cadre; ``coverage_by_unit`` per unit
and track: how many met the hours, the share, and whether coverage is full (全覆盖).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.engine.tracks import assign_tracks
from cadrekit.insight._common import frame
from cadrekit.rules.load import resolve

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import Dataset

TRAINING_COLUMNS = [
    "id",
    "name",
    "unit",
    "track_label",
    "layer",
    "hours",
    "required",
    "met",
    "topics",
    "missing_topics",
]


def coverage(dataset: Dataset, rules: Any = None, year: int | None = None) -> pd.DataFrame:
    """One row per cadre (TRAINING_COLUMNS); ``year`` default: the latest training year."""
    rs = resolve(rules).rules
    conf = rs.training
    if "training" not in dataset.sheets:  # nothing to count: say so, not 0 hours for all
        from cadrekit.errors import ValidationFailed
        from cadrekit.problems import Problem

        raise ValidationFailed(
            "没有 教育培训 工作表，无法统计培训学时",
            message_en="no training sheet (教育培训): no hours to count",
            hint="请添加 教育培训 工作表（cadrekit template 可生成模板）",
            hint_en="add a 教育培训 sheet (cadrekit template writes one)",
            problems=[Problem("missing-sheet", expected="教育培训")],
        )
    tr = frame(dataset, "training", ["id", "date", "topic", "hours"]).copy()
    tr["id"] = tr["id"].astype("string")
    tr["date"] = pd.to_datetime(tr["date"], errors="coerce")
    if year is None and tr["date"].notna().any():
        year = int(tr["date"].dt.year.max())
    if year is None:  # a sheet with no dated record: the scoring year (events, else today)
        import datetime as dt

        from cadrekit.engine.pipeline import resolve_year

        events = dataset.sheets.get("events")
        year = resolve_year(events.frame if events else None, None, dt.date.today().year)
    tr = tr[tr["date"].dt.year.eq(year).fillna(False).astype(bool)]
    cadres = dataset.cadres.copy()
    cadres["id"] = cadres["id"].astype("string")
    tracked, _ = assign_tracks(cadres, rs)
    out = tracked[["id", "name", "unit", "track_label"]].copy()
    layer = (
        cadres["layer"].astype("string")
        if "layer" in cadres
        else pd.Series(pd.NA, index=cadres.index, dtype="string")
    )
    out["layer"] = layer
    hours = pd.to_numeric(tr["hours"], errors="coerce").groupby(tr["id"]).sum()
    out["hours"] = out["id"].map(hours).fillna(0.0).astype("float64")
    out["required"] = layer.map(conf.required_hours).fillna(conf.default_hours).astype("float64")
    out["met"] = out["hours"] >= out["required"]
    topics = tr.groupby("id")["topic"].agg(
        lambda s: "、".join(dict.fromkeys(s.dropna().astype(str)))
    )
    # as object: mapping ids onto an empty result would keep a numeric Arrow dtype
    out["topics"] = out["id"].astype(object).map(dict(topics.items())).fillna("").astype(str)
    missing = pd.Series("", index=out.index)
    for topic in conf.required_topics:
        lacks = ~out["topics"].str.contains(topic, regex=False)
        missing = missing.where(~lacks, missing.where(missing == "", missing + "、") + topic)
    out["missing_topics"] = missing
    out.attrs["year"] = year
    return out[TRAINING_COLUMNS].reset_index(drop=True)


def coverage_by_unit(per_cadre: pd.DataFrame) -> pd.DataFrame:
    """Per unit and track: cadres, met, share, 全覆盖, topic gaps, names below requirement."""
    key = ["unit", "track_label"]
    below = per_cadre[~per_cadre["met"]].groupby(key)["name"].agg("、".join)
    gaps = per_cadre[per_cadre["missing_topics"] != ""].groupby(key).size()
    out = per_cadre.groupby(key, sort=False).agg(n=("id", "size"), met=("met", "sum"))
    out["share"] = np.round(out["met"] / out["n"], 4)
    out["full"] = out["met"] == out["n"]
    out["topic_gaps"] = gaps.reindex(out.index).fillna(0).astype("int64")
    out["below"] = below.reindex(out.index).fillna("")
    return out.reset_index()
