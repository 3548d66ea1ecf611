"""凡提四必: pre-promotion vetting of the candidates sheet.

One row per candidate × check, each with a status and the reason in words:

- ``pass`` / ``fail`` / ``incomplete`` (the information needed is not there yet);
- ``report``: the candidate may go on, but a pre-appointment report (事前报告) is due.

The four checks of 凡提四必 come from the candidates sheet; the influence periods (影响期)
from verified supervision records (insight/influence.py, shared with the promotion pool),
the latest annual grade from the history sheet (or the assessment year's own result where
history lacks that year), and the report trigger from ``appointed_on`` in the roster. A
candidate's ``overall`` is ``fail`` if any check fails, else ``incomplete`` if any is
incomplete, else ``pass``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.insight._common import (
    as_timestamp,
    frame,
    months_between,
    select,
    years_months,
    ymd,
)
from cadrekit.insight.assessed import AssessedYear
from cadrekit.insight.influence import influence
from cadrekit.rules.load import resolve

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import Dataset
    from cadrekit.models.rules import RuleSet

STATUSES = ("pass", "fail", "incomplete", "report")
VET_COLUMNS = [
    "id",
    "name",
    "unit",
    "proposed_post",
    "check",
    "label",
    "status",
    "reason",
    "overall",
    "location",
]
CHECK_LABELS = {
    "file_review": "档案必审",
    "personal_report": "个人有关事项报告必核",
    "discipline_opinion": "纪检监察机关意见必听",
    "petition_check": "信访举报必查",
    "influence": "处分影响期",
    "latest_grade": "年度考核等次",
    "tenure": "事前报告情形",
}

# value → (status, reason) for the four checks written on the candidates sheet
_ANSWERS: dict[str, dict[str, tuple[str, str]]] = {
    "file_review": {
        "已审核": ("pass", "档案已审核"),
        "未审核": ("incomplete", "档案尚未审核"),
    },
    "personal_report": {
        "一致": ("pass", "个人有关事项报告核查一致"),
        "不一致": ("fail", "个人有关事项报告核查不一致"),
        "未核查": ("incomplete", "个人有关事项报告尚未核查"),
    },
    "discipline_opinion": {
        "暂未发现影响提拔任用的问题": ("pass", "纪检监察机关：暂未发现影响提拔任用的问题"),
        "建议暂缓": ("fail", "纪检监察机关建议暂缓"),
        "不宜提拔任用": ("fail", "纪检监察机关意见：不宜提拔任用"),
        "未回复": ("incomplete", "纪检监察机关尚未回复"),
    },
    "petition_check": {
        "无": ("pass", "无具体信访举报线索"),
        "已查否": ("pass", "信访举报已查否"),
        "查实": ("fail", "信访举报问题查实"),
        "未查结": ("incomplete", "信访举报尚未查结"),
    },
}
_EMPTY = {
    "file_review": "档案审核 未填写",
    "personal_report": "个人有关事项报告核查 未填写",
    "discipline_opinion": "纪检监察机关意见 未填写",
    "petition_check": "信访举报核查 未填写",
}


def vet(
    dataset: Dataset,
    rules: Any = None,
    today: dt.date | str | None = None,
    assessed: AssessedYear | None = None,
) -> pd.DataFrame:
    """Vet every row of the candidates sheet as of ``today`` (required: the library reads no clock).

    ``assessed``: the assessment year's own result; a candidate whose history lacks that
    year is judged on it (the reason says so), or is ``incomplete`` when the roster could
    not be scored. Without it only the history sheet is read.
    Returns VET_COLUMNS, candidates in sheet order and checks in CHECK_LABELS order.
    """
    if today is None:
        raise ValueError("vet() needs the vetting date (today)")
    rs = resolve(rules).rules
    day = as_timestamp(today)
    cand = _candidates(dataset)
    parts = [_answer(cand, check) for check in _ANSWERS]
    parts.append(_influence(cand, dataset, rs, day))
    parts.append(_latest_grade(cand, dataset, rs, assessed))
    if "appointed_on" in dataset.cadres.columns:
        parts.append(_tenure(cand, rs, day))
    checks = pd.concat(parts, ignore_index=True)
    order = {c: i for i, c in enumerate(CHECK_LABELS)}
    checks["_order"] = checks["check"].map(order)
    checks = checks.sort_values(["_row", "_order"], kind="stable")
    out = checks.merge(cand, on="_row", how="left")
    out["label"] = out["check"].map(CHECK_LABELS)
    out["overall"] = out["_row"].map(_overall(out))
    return out[VET_COLUMNS].reset_index(drop=True)


def summary(checks: pd.DataFrame) -> pd.DataFrame:
    """One row per candidate: overall, and the labels of failed, incomplete and report checks."""
    key = ["id", "name", "unit", "proposed_post", "overall", "location"]
    base = checks.drop_duplicates("location")[key].reset_index(drop=True)
    for status, column in (("fail", "failed"), ("incomplete", "incomplete"), ("report", "report")):
        hit = checks[checks["status"] == status]
        joined = hit.groupby("location", sort=False)["label"].agg("、".join)
        base[column] = base["location"].map(joined).fillna("")
    return base


def _candidates(dataset: Dataset) -> pd.DataFrame:
    sheet = dataset.sheets.get("candidates")
    if sheet is None:
        from cadrekit.errors import ValidationFailed
        from cadrekit.problems import Problem

        raise ValidationFailed(
            "没有 拟提拔人选 工作表，无法进行凡提四必审核",
            message_en="no candidates sheet (拟提拔人选): nothing to vet",
            hint="请添加 拟提拔人选 工作表（cadrekit template 可生成模板）",
            hint_en="add a 拟提拔人选 sheet (cadrekit template writes one)",
            problems=[Problem("missing-sheet", expected="拟提拔人选")],
        )
    cand = sheet.frame.copy()
    for column in ("proposed_post", *_ANSWERS, "file_review_note"):
        if column not in cand.columns:
            cand[column] = None
    cand["_row"] = np.arange(len(cand))
    cand["location"] = [f"{sheet.sheet}!{r}" for r in sheet.rows] if sheet.rows else ""
    cadres = dataset.cadres
    wanted = [c for c in ("id", "name", "unit", "appointed_on") if c in cadres.columns]
    roster = cadres[wanted].drop_duplicates("id")
    cand = cand.merge(roster, on="id", how="left")
    cand["_known"] = cand["id"].isin(roster["id"])
    if "appointed_on" not in cand.columns:
        cand["appointed_on"] = pd.NaT
    return cand


def _rows(cand: pd.DataFrame, check: str, status: Any, reason: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "_row": cand["_row"].to_numpy(),
            "check": check,
            "status": np.asarray(status, dtype=object),
            "reason": np.asarray(reason, dtype=object),
        }
    )


def _answer(cand: pd.DataFrame, check: str) -> pd.DataFrame:
    answers = _ANSWERS[check]
    value = cand[check]
    status = value.map({k: v[0] for k, v in answers.items()}).fillna("incomplete")
    reason = value.map({k: v[1] for k, v in answers.items()})
    unknown = value.notna() & reason.isna()
    reason = reason.mask(unknown, "无法识别的取值：" + value.astype(str)).fillna(_EMPTY[check])
    if check == "file_review":
        note = cand["file_review_note"]
        has_note = note.notna() & (note.astype(str).str.strip() != "")
        reason = reason.mask(has_note, reason + "；审核意见：" + note.astype(str))
    return _rows(cand, check, status, reason)


def _influence(
    cand: pd.DataFrame, dataset: Dataset, rs: RuleSet, day: pd.Timestamp
) -> pd.DataFrame:
    ids = cand["id"]
    found = influence(dataset.frame("supervision"), rs, day, ids)
    act, end = found.active, found.ended
    status = np.where(act.notna(), "fail", "pass")
    chosen = select(
        [act.notna(), end.notna()],
        [
            "处于影响期：" + act.fillna("") + f"（审核日期 {ymd(day)}）",
            "影响期已满：" + end.fillna(""),
        ],
        "无核实的处分或组织处理记录",
    )
    reason = pd.Series(chosen, index=ids.index)
    tol_words = "；容错纠错，不计影响期：" + found.tolerated.fillna("").astype(str)
    reason = reason.mask(found.tolerated.notna(), reason + tol_words)
    n_unverified = found.unverified
    reason = reason.mask(
        n_unverified > 0,
        reason + "；另有未核实记录 " + n_unverified.astype(str) + " 条（不计影响期）",
    )
    n_future = found.later
    reason = reason.mask(
        n_future > 0, reason + "；另有晚于审核日期的记录 " + n_future.astype(str) + " 条（未计）"
    )
    return _rows(cand, "influence", status, reason)


def _latest_grade(
    cand: pd.DataFrame, dataset: Dataset, rs: RuleSet, assessed: AssessedYear | None
) -> pd.DataFrame:
    hist = frame(dataset, "history", ["id", "year", "grade"])[["id", "year", "grade"]]
    hist = hist[hist["id"].isin(cand["id"])].assign(own=False)
    ids = cand["id"]
    lacking = pd.Series(False, index=cand.index)
    if assessed is not None:
        lacking = assessed.missing_from(hist, ids) & cand["_known"]
        own = assessed.rows_for(ids[lacking]).drop(columns="score").assign(own=True)
        hist = pd.concat([hist.astype(object), own.astype(object)], ignore_index=True)
    latest = (
        hist.assign(year=pd.to_numeric(hist["year"], errors="coerce"))
        .sort_values("year", kind="stable")
        .drop_duplicates("id", keep="last")
        .set_index("id")
    )
    year, grade = ids.map(latest["year"]), ids.map(latest["grade"])
    own_year = ids.map(latest["own"]).astype(object).eq(True)
    failing = grade.isin(rs.vetting.failing_grades)
    words = year.astype("Int64").astype(str) + " 年度 " + grade.astype(str)
    if assessed is not None:
        said = f"（本年度考核结果：历年考核中尚无 {assessed.year} 年度）"
        words = words.mask(own_year, words + said)
    unscored = lacking & ~own_year & (assessed is not None and not assessed.scored)
    status = select([unscored, grade.isna(), failing], ["incomplete", "incomplete", "fail"], "pass")
    missing = (
        f"历年考核中尚无 {assessed.year} 年度，{assessed.not_scored_words()}"
        if assessed is not None
        else ""
    )
    before = ("；此前最近为 " + words).where(grade.notna(), "")
    reason = select(
        [unscored, grade.isna(), failing],
        [missing + before, "历年考核中没有此人的记录", "最近年度考核为 " + words + "，不得提拔"],
        "最近年度考核为 " + words,
    )
    return _rows(cand, "latest_grade", status, reason)


def _tenure(cand: pd.DataFrame, rs: RuleSet, day: pd.Timestamp) -> pd.DataFrame:
    minimum = rs.vetting.min_years_in_post
    since = pd.to_datetime(cand["appointed_on"])
    months = months_between(since, day)
    words = months.map(lambda m: "" if pd.isna(m) else years_months(m))
    start = since.dt.strftime("%Y-%m").fillna("")
    short = months < minimum * 12
    status = select([~cand["_known"], since.isna(), short], ["incomplete"] * 2 + ["report"], "pass")
    reason = select(
        [~cand["_known"], since.isna(), short],
        [
            "不在干部名册中，无法核对任职年限",
            "任现职时间 未填写",
            "任现职 " + words + "（" + start + f" 起），不满 {minimum:g} 年：破格提拔须事前报告",
        ],
        "任现职 " + words + "（" + start + " 起）",
    )
    return _rows(cand, "tenure", status, reason)


def _overall(checks: pd.DataFrame) -> pd.Series:
    status = checks["status"]
    failed = (status == "fail").groupby(checks["_row"]).any()
    incomplete = (status == "incomplete").groupby(checks["_row"]).any()
    overall = select([failed.to_numpy(), incomplete.to_numpy()], ["fail", "incomplete"], "pass")
    return pd.Series(overall, index=failed.index)
