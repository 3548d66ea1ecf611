"""专项考核 on its own: the cadres of one special assessment, ranked within their tracks.

``cadrekit score --kind special --task NAME``. Tracks come from the rules (the same
assignment as the annual assessment); rank is competition ranking ("1224") by the special
score, descending; cadres without a result for the task are not listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from cadrekit.engine.special import prepare_special
from cadrekit.engine.tracks import assign_tracks
from cadrekit.errors import UsageError
from cadrekit.rules.load import resolve

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import Dataset

SPECIAL_COLUMNS = [
    "track_label",
    "rank",
    "id",
    "name",
    "unit",
    "task",
    "date",
    "special_score",
    "grade",
    "assessor",
]


def tasks(dataset: Dataset) -> list[str]:
    sp = prepare_special(dataset.frame("special"))
    return sorted(sp["task"].dropna().unique().tolist())


def rank_task(
    dataset: Dataset, task: str, rules: Any = None, year: int | None = None
) -> pd.DataFrame:
    """One row per result of ``task`` (of ``year`` if given), ranked within each track."""
    rs = resolve(rules).rules
    sp = prepare_special(dataset.frame("special"), year)
    known = sorted(sp["task"].dropna().unique().tolist())
    if task not in known:
        raise UsageError(
            f"没有名为 {task} 的专项考核（有：{'、'.join(known) or '无'}）",
            message_en=f"no special assessment named {task} (found: {', '.join(known) or 'none'})",
        )
    cadres = dataset.cadres.copy()
    cadres["id"] = cadres["id"].astype("string")
    tracked, _ = assign_tracks(cadres, rs)
    who = tracked[["id", "name", "unit", "track", "track_label"]].drop_duplicates("id")
    rows = sp[sp["task"] == task].merge(who, on="id", how="left")
    order = {t.id: i for i, t in enumerate(rs.tracks)}
    rows["_t"] = rows["track"].map(order).fillna(len(order))
    rows["rank"] = rows.groupby("_t")["score"].rank(method="min", ascending=False).astype("Int64")
    rows = rows.sort_values(["_t", "rank", "id"], kind="mergesort")
    rows["date"] = rows["date"].dt.strftime("%Y-%m-%d")
    rows["special_score"] = rows["score"]
    return rows[SPECIAL_COLUMNS].reset_index(drop=True)
