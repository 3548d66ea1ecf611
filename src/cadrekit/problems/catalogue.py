"""Every problem code: files, sheets and cells (catalogue_input.py), then rules, weights,
scoring and the committee's decisions."""

from __future__ import annotations

from cadrekit.problem_decisions import DECISION_ENTRIES
from cadrekit.problems.catalogue_input import INPUT_ENTRIES
from cadrekit.problems.entry import Entry, _e

# Codes are stable: scripts match on them. Add new ones; never rename.
CATALOGUE: dict[str, Entry] = {
    **INPUT_ENTRIES,
    # --- rules ------------------------------------------------------------------------
    "rules-invalid": _e(
        "error",
        "规则文件有误",
        "rule file is invalid",
        "{detail}",
        "{detail_en}",  # params: detail (zh) and detail_en
    ),
    "rules-unknown-column": _e(
        "error",
        "规则引用的列在名册中不存在",
        "rules name a column the roster lacks",
        "请在名册中添加该列，或修改规则",
        "add the column to the roster or change the rules",
    ),
    # --- weights (cadrekit weights …) -------------------------------------------------
    "ahp-invalid-matrix": _e(
        "error",
        "判断矩阵有误",
        "judgement matrix is invalid",
        "{detail_zh}",
        "{detail_en}",
    ),
    "ahp-inconsistent": _e(
        "warning",
        "判断矩阵一致性不足（CR = {cr} > 0.10）",
        "judgement matrix is inconsistent (CR = {cr} > 0.10)",
        "请复核这些判断：{pairs_zh}",
        "revise these judgements: {pairs_en}",
    ),
    "degenerate-indicator": _e(
        "warning",
        "指标无区分度，权重记为 0",
        "indicator does not discriminate; its weight is 0",
        "{reason_zh}",
        "{reason_en}",
    ),
    "weights-rows-skipped": _e(
        "warning",
        "有缺失值的行未参加权重计算",
        "rows with missing values were left out of the weights",
        "共 {count} 行；补齐后重新计算",
        "{count} row(s); fill them in and run again",
    ),
    # --- scoring ----------------------------------------------------------------------
    "rejected-row": _e(
        "warning",
        "该行有错误，未参加评分",
        "row has errors and was not scored",
        "修正该行的错误后重新运行",
        "fix the row's errors and run again",
    ),
    "quota-tie": _e(
        "warning",
        "名额分界处并列，需党委（党组）研究决定",
        "tie at the quota cut: committee decision needed",
        "并列人员均暂定为称职，未用名额 {unfilled} 个",
        "the tied cadres are 称职 for now; {unfilled} slot(s) unfilled",
    ),
    **{code: _e(*entry) for code, entry in DECISION_ENTRIES.items()},  # problem_decisions.py
}
