"""Words of ``cadrekit rules show`` and of the workbook's 按单位 sheet.

Part of the one label catalogue: :mod:`cadrekit.render.labels` re-exports every name here
(this module only keeps labels.py under the size limit). ``{grade}`` is the rules' quota
grade; the 按单位 words are (unit, cadres, slots, note, the note's sentence).
"""

from __future__ import annotations

RULES_COMPONENTS_ZH: dict[str, str] = {
    "performance": "实绩",
    "votes": "民主测评",
    "quarterly": "平时考核（季度）",
}
RULES_SCOPES_ZH: dict[str, str] = {"track": "按赛道", "unit": "赛道内按单位"}
RULES_SOURCES_ZH: dict[str, str] = {
    "status": "考核状态",
    "supervision": "监督信息",
    "votes": "民主测评",
    "quarters": "平时考核",
    "score": "综合得分",
    "veto": "一票否决",
}
RULES_HEAD: dict[str, dict[str, str]] = {
    "zh": {
        "tracks": "赛道",
        "id": "编号",
        "label": "名称",
        "condition": "条件",
        "scope": "比例范围",
        "indicators": "指标（权重）",
        "rate": "{grade}比例",
        "components": "综合得分组成",
        "component": "组成",
        "weight": "权重",
        "limits": "等次限制",
        "source": "来源",
        "when": "条件",
        "limit": "最好等次",
        "any": "（其余）",
    },
    "en": {
        "tracks": "Tracks",
        "id": "id",
        "label": "label",
        "condition": "condition",
        "scope": "quota scope",
        "indicators": "indicators (weight)",
        "rate": "{grade} rate",
        "components": "Composite components",
        "component": "component",
        "weight": "weight",
        "limits": "Grade limits",
        "source": "source",
        "when": "condition",
        "limit": "best grade allowed",
        "any": "(anything else)",
    },
}

UNIT_SHEET_WORDS: dict[str, tuple[str, ...]] = {
    "zh": ("单位", "人数", "本单位{grade}名额", "说明", "按单位计算名额：{groups}"),
    "en": ("unit", "cadres", "unit {grade} slots", "note", "slots counted in the unit: {groups}"),
}
