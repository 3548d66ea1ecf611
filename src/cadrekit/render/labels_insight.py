"""Headers and words of the insight tables (vet, flags, compare, special, tenure, training,
sensitivity).

Part of the one label catalogue: :mod:`cadrekit.render.labels` re-exports every name here,
and every command, workbook and page takes its Chinese from there (this module only keeps
labels.py under the size limit). Keys are the English
column names and codes the CSV and JSON keep; ``{grade}`` is the rules' quota grade.
"""

from __future__ import annotations

INSIGHT_LABELS: dict[str, str] = {
    "id": "编号",
    "name": "姓名",
    "unit": "单位",
    "track": "考核序列",
    "track_label": "考核序列",
    "proposed_post": "拟任职务",
    "check": "检查项",
    "label": "检查",
    "status": "结论",
    "reason": "理由",
    "overall": "综合结论",
    "location": "位置",
    "failed": "不通过",
    "incomplete": "待补充",
    "report": "需事前报告",
    "list": "名单",
    "item": "事项",
    "evidence": "依据",
    "items": "理由",
    "verdict": "结论",
    "verdict_reason": "理由",
    "rule_path": "规则",
    "top_leader": "一把手",
    "rank": "排名",
    "score": "综合得分",
    "grade": "等次",
    "change": "变化",
    "grade_old": "原等次",
    "grade_new": "新等次",
    "rank_old": "原排名",
    "rank_new": "新排名",
    "rank_change": "排名变化",
    "score_old": "原得分",
    "score_new": "新得分",
    "score_change": "得分变化",
    "track_old": "原考核序列",
    "rule_change": "因规则变化",
    "n_old": "原人数",
    "n_new": "新人数",
    "mean_old": "原平均分",
    "mean_new": "新平均分",
    "mean_change": "平均分变化",
    # special, tenure, training
    "task": "专项名称",
    "date": "日期",
    "assessor": "考核单位",
    "term_from": "任期起",
    "term_to": "任期止",
    "years": "考核年数",
    "mean_score": "年度平均分",
    "excellent_years": "{grade}年数",  # the rules' quota grade (header(…, grade=))
    "failing_years": "较差等次年数",
    "special_score": "专项得分",
    "tenure_score": "任期得分",
    "tenure_grade": "任期等次",
    "reason_code": "理由代码",
    "layer": "层级",
    "hours": "学时",
    "required": "应修学时",
    "met": "达标",
    "topics": "培训内容",
    "missing_topics": "缺少专题",
    "n": "人数",
    "share": "达标率",
    "full": "全覆盖",
    "topic_gaps": "缺专题人数",
    "below": "未达标人员",
}
CHANGE_ZH: dict[str, str] = {
    "up": "升",
    "down": "降",
    "same": "不变",
    "arrived": "新增",
    "departed": "离开",
}
STATUS_ZH: dict[str, str] = {
    "pass": "通过",
    "fail": "不通过",
    "incomplete": "待补充",
    "report": "需报告",
}
#: sensitivity's columns (``{grade}``: the rules' quota grade), its robustness words and
#: the sheet names of its workbook
SENSITIVITY_LABELS: dict[str, str] = {
    "excellent_share": "{grade}占比",
    "differ_share": "等次变化占比",
    "robustness": "稳健性",
    "indicator": "指标",
    "weight": "权重",
    "weight_new": "调整后权重",
    "quota_group": "比例范围",
    "slots": "名额",
    "slots_new": "移除后名额",
    "removed": "移除其一即变化",
    "grade_new": "新等次",
    "draws": "抽样次数",
    "tie_share": "并列占比",
    "pairs": "干部对数",
    "pairs_sampled": "抽样计算",
    "kendall_mean": "Kendall τ 平均",
    "kendall_p5": "Kendall τ 5% 分位",
    "kendall_min": "Kendall τ 最小",
    "wspearman_mean": "加权 Spearman 平均",
    "wspearman_p5": "加权 Spearman 5% 分位",
    "wspearman_min": "加权 Spearman 最小",
    "draw_mean": "抽样平均",
    "draw_p5": "抽样 5% 分位",
    "draw_p95": "抽样 95% 分位",
    "removed_id": "移除编号",
    "removed_name": "移除姓名",
}
ROBUSTNESS_ZH: dict[str, str] = {"robust": "稳健", "fragile": "脆弱", "contested": "有争议", "": ""}
# the groups table names who is robust, fragile or contested: the words as its headers
SENSITIVITY_LABELS |= {word: zh for word, zh in ROBUSTNESS_ZH.items() if word}
SENSITIVITY_SHEETS_ZH: dict[str, str] = {
    "summary": "汇总",
    "rank stability": "排名稳定性",
    "weights": "权重抽样",
    "quota groups": "比例范围",
    "one-at-a-time": "逐一调整权重",
    "leave-one-out": "逐一移除干部",
}
