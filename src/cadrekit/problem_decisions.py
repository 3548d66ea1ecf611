"""The catalogue's entries for the committee's decisions (决定 sheet; load/decisions.py and
engine/decisions.py). ``problems.CATALOGUE`` takes them in place, in this order; each is
(severity, title zh, title en, hint zh, hint en)."""

from __future__ import annotations

from typing import Literal

Severity = Literal["error", "warning", "note"]  # as problems.Severity

DECISION_ENTRIES: dict[str, tuple[Severity, str, str, str, str]] = {
    "decision-grade": (
        "error",
        "决定等次不是可决定的等次",
        "not a grade the committee can decide",
        "请改为其中之一：{expected}（不定等次由考核状态决定，不在决定表中写）",
        "write one of: {expected} (不定等次 comes from the status column, not a decision)",
    ),
    "duplicate-decision": (
        "error",
        "同一干部有两条决定",
        "a second decision about the same cadre",
        "每名干部只保留一条决定，删去此行或 {other}",
        "keep one decision per cadre: delete this row or {other}",
    ),
    "decision-unknown": (
        "error",
        "决定中的编号不在干部名册中",
        "the decision names an id not in the roster",
        "请核对编号",
        "check the id",
    ),
    "decision-not-graded": (
        "error",
        "该干部按规则为{detail}，不能决定等次",
        "the rules leave this cadre {detail}: no grade can be decided",
        "删去此条决定；如确需评定等次，先核对干部名册的考核状态和监督信息",
        "delete the decision; to grade the cadre, check the status and supervision records",
    ),
    "decision-limited": (
        "error",
        "决定等次高于该干部的等次限制（{detail}）",
        "the decided grade is better than the cadre's limit ({detail})",
        "等次限制（如处分、一票否决）不能由决定突破：改为不高于限制的等次，或删去此行",
        "a limit (a sanction, a veto) cannot be decided away: decide a grade within it,"
        " or delete the row",
    ),
    "decision-not-in-tie": (
        "error",
        "该干部不在名额分界处的并列人员中，不能决定为{found}",
        "the cadre is not tied at the quota cut: {found} cannot be decided",
        "只有标记 quota-tie 的并列人员可由决定取得名额；请核对编号",
        "only cadres flagged quota-tie can be given a slot by decision; check the id",
    ),
    "decision-raised": (
        "error",
        "决定等次高于规则给出的等次（{detail}）",
        "the decided grade is better than the rules give ({detail})",
        "决定只能取得并列名额或降低等次：改为不高于{detail}的等次，或删去此行",
        "a decision can fill a tied slot or lower a grade: decide no better than {detail},"
        " or delete the row",
    ),
    "decision-over-quota": (
        "error",
        "决定的{found}人数超过该比例计算范围剩余名额（{detail} 个）",
        "more {found} decided than the quota group's unfilled slots ({detail})",
        "该范围只能再决定 {detail} 名{found}：把多出的决定改为称职，或删去",
        "decide at most {detail} more {found} in this group: make the extra ones 称职,"
        " or delete them",
    ),
    "decisions-not-judged": (
        "note",
        "决定表尚未对照考核规则检查（是否在并列人员中、名额、等次限制）",
        "the 决定 sheet is not yet checked against the rules (the tie, the slots, the limits)",
        "这些检查需要先评分：改正上面的错误后重新运行 validate",
        "they need a score: fix the errors above and run validate again",
    ),
}
