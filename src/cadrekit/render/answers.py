"""Answers for people, not rows for scripts: one row per cadre of the ``flags`` lists and a
one-line verdict per ``vet`` candidate. Pure pandas (group-bys, no per-row Python); the
words come from render/labels.py, so the files (CSV/JSON) keep their row-per-item codes
and these views exist only for the terminal table."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cadrekit.render.labels import flag_item, readable

# vet: the overall status → the verdict a committee reads (zh, en).
VERDICTS: dict[str, tuple[str, str]] = {
    "pass": ("可以提拔", "may be promoted"),
    "fail": ("不得提拔", "not to be promoted"),
    "incomplete": ("暂缓", "deferred"),
}
_ALL_PASSED = ("七项审查均通过", "all seven checks passed")
_REPORT = ("需事前报告", "report beforehand")


def flags_per_cadre(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The rows of one ``flags`` list, one per cadre: ``items`` names every reason in the
    order the list gave them (``本年度优秀、多年优秀、职级晋升已满年限``)."""
    words = frame["item"].astype(str)
    if lang == "zh":
        words = words.map(flag_item)
    keys = [c for c in ("id", "name", "unit") if c in frame.columns]
    grouped = (
        frame.assign(items=words)
        .groupby(keys, sort=False, dropna=False)["items"]
        .agg(("、" if lang == "zh" else ", ").join)
    )
    return grouped.reset_index()


def flags_detail(frame: pd.DataFrame, tracks: Mapping[str, str], lang: str = "zh") -> pd.DataFrame:
    """Row per item, the evidence in words (flag codes and track ids by their names)."""
    if lang != "zh" or "evidence" not in frame.columns:
        return frame
    evidence = frame["evidence"].astype(str).map(lambda v: readable(v, tracks))
    return frame.assign(evidence=evidence)


def vet_verdicts(checks: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One line per candidate: 可以提拔 / 暂缓 / 不得提拔 and the reason — the failed checks
    (for 不得提拔), else the ones to complete (暂缓), else 七项审查均通过; a check that
    asks for a report beforehand is named in every case."""
    i = 1 if lang == "en" else 0
    sep = "; " if lang == "en" else "；"
    said = (
        checks["label"].astype(str)
        + (": " if lang == "en" else "：")
        + checks["reason"].astype(str)
    )
    status = checks["status"].astype(str)
    key = ["location", "id", "name", "unit", "proposed_post", "overall"]
    base = checks.drop_duplicates("location")[key].reset_index(drop=True)
    failed = said[status == "fail"].groupby(checks["location"], sort=False).agg(sep.join)
    missing = said[status == "incomplete"].groupby(checks["location"], sort=False).agg(sep.join)
    report = checks.loc[status == "report", "label"].astype(str)
    report = report.groupby(checks["location"], sort=False).agg("、".join)
    overall = base["overall"].astype(str)
    reason = base["location"].map(failed).where(overall == "fail")
    reason = reason.fillna(base["location"].map(missing).where(overall == "incomplete"))
    reason = reason.fillna(_ALL_PASSED[i])
    extra = base["location"].map(report)
    reason = reason.where(extra.isna(), reason + sep + _REPORT[i] + "：" + extra.fillna(""))
    verdict = overall.map({k: v[i] for k, v in VERDICTS.items()}).fillna(overall)
    out = base.drop(columns=["overall", "location"])
    return out.assign(verdict=verdict, verdict_reason=reason)
