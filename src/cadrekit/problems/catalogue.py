"""Every problem code: files, sheets and cells (catalogue_input.py), then rules, weights,
scoring and the committee's decisions."""

from __future__ import annotations

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
    # --- the committee's decisions (决定 sheet; engine/decisions.py) -------------------
    "decision-grade": _e(
        "error",
        "决定等次不是可决定的等次",
        "not a grade the committee can decide",
        "请改为其中之一：{expected}（不定等次由考核状态决定，不在决定表中写）",
        "write one of: {expected} (不定等次 comes from the status column, not a decision)",
    ),
    "duplicate-decision": _e(
        "error",
        "同一干部有两条决定",
        "a second decision about the same cadre",
        "每名干部只保留一条决定，删去此行或 {other}",
        "keep one decision per cadre: delete this row or {other}",
    ),
    "decision-unknown": _e(
        "error",
        "决定中的编号不在干部名册中",
        "the decision names an id not in the roster",
        "请核对编号",
        "check the id",
    ),
    "decision-not-graded": _e(
        "error",
        "该干部按规则为{detail}，不能决定等次",
        "the rules leave this cadre {detail}: no grade can be decided",
        "删去此条决定；如确需评定等次，先核对干部名册的考核状态和监督信息",
        "delete the decision; to grade the cadre, check the status and supervision records",
    ),
    "decision-limited": _e(
        "error",
        "决定等次高于该干部的等次限制（{detail}）",
        "the decided grade is better than the cadre's limit ({detail})",
        "等次限制（如处分、一票否决）不能由决定突破：改为不高于限制的等次，或删去此行",
        "a limit (a sanction, a veto) cannot be decided away: decide a grade within it,"
        " or delete the row",
    ),
    "decision-not-in-tie": _e(
        "error",
        "该干部不在名额分界处的并列人员中，不能决定为{found}",
        "the cadre is not tied at the quota cut: {found} cannot be decided",
        "只有标记 quota-tie 的并列人员可由决定取得名额；请核对编号",
        "only cadres flagged quota-tie can be given a slot by decision; check the id",
    ),
    "decision-raised": _e(
        "error",
        "决定等次高于规则给出的等次（{detail}）",
        "the decided grade is better than the rules give ({detail})",
        "决定只能取得并列名额或降低等次：改为不高于{detail}的等次，或删去此行",
        "a decision can fill a tied slot or lower a grade: decide no better than {detail},"
        " or delete the row",
    ),
    "decision-over-quota": _e(
        "error",
        "决定的{found}人数超过该比例计算范围剩余名额（{detail} 个）",
        "more {found} decided than the quota group's unfilled slots ({detail})",
        "该范围只能再决定 {detail} 名{found}：把多出的决定改为称职，或删去",
        "decide at most {detail} more {found} in this group: make the extra ones 称职,"
        " or delete them",
    ),
}
