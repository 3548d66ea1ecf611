"""The 一把手 risk catalogue (风险点): each risk-list record mapped onto a point of the rules.

``flags.risk.points`` lists the catalogue (重大决策, 选人用人, 工程项目, 资金使用 …), each
point with keywords and supervision sources. A record of the risk list — a supervision
record (its 说明 and 来源) or an event on the leader or her unit (its 类别 and 事由) — goes
to the first point it matches; its evidence then names the point, and each leader with a
point hit gets one ``risk-points`` row first: the points, how many records each, in
catalogue order. Matching is one vectorised ``str.contains`` per point.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.rules import RuleSet

RULE_PATH = "flags.risk.points"
# the columns a record brings for matching (dropped from the list's rows)
SAID, SOURCE = "_said", "_source"


def point_of(records: pd.DataFrame, rules: RuleSet) -> pd.Series:
    """The risk point each record goes to (first match in catalogue order), else NA."""
    points = rules.flags.risk.points
    said = records[SAID].fillna("").astype(str) if SAID in records else None
    source = records[SOURCE].astype(object) if SOURCE in records else None
    chosen = pd.Series(None, index=records.index, dtype=object)
    for p in reversed(points):  # the first point that matches wins: fill it last
        hit = pd.Series(False, index=records.index)
        if p.keywords and said is not None:
            words = "|".join(re.escape(w) for w in p.keywords)
            hit |= said.str.contains(words, regex=True)
        if p.sources and source is not None:
            hit |= source.isin(p.sources)
        chosen = chosen.mask(hit, p.name)
    return chosen


def mark(records: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """``records`` with a ``point`` column and the point named in each mapped evidence."""
    if not len(records):
        return records.assign(point=pd.Series(dtype=object))
    point = point_of(records, rules)
    evidence = (
        records["evidence"]
        .astype(str)
        .where(
            point.isna(), records["evidence"].astype(str) + "［风险点：" + point.astype(str) + "］"
        )
    )
    return records.assign(point=point, evidence=evidence)


def summary(records: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """One ``risk-points`` row per leader with a point hit: ``风险点 2 个：工程项目 2 条、…``."""
    hit = records[records["point"].notna()] if "point" in records else records.iloc[0:0]
    if not len(hit):
        return hit.iloc[0:0]
    order = {p.name: i for i, p in enumerate(rules.flags.risk.points)}
    counts = hit.groupby(["id", "point"], sort=False).size().rename("n").reset_index()
    counts["at"] = counts["point"].map(order)
    counts = counts.sort_values(["id", "at"], kind="stable")
    counts["words"] = counts["point"] + " " + counts["n"].astype(str) + " 条"
    joined = counts.groupby("id", sort=False).agg(
        words=("words", "、".join), points=("point", "size")
    )
    first = hit.drop_duplicates("id").set_index("id")
    rows = first.loc[joined.index].reset_index()
    return rows.assign(
        item="risk-points",
        evidence="风险点 "
        + joined["points"].astype(str).to_numpy()
        + " 个："
        + joined["words"].to_numpy(),
        rule_path=RULE_PATH,
    )
