"""Column headers of every output, in Chinese and English.

English headers are the canonical column names (stable, for scripts); Chinese headers are
what an organization-department officer reads. A column this module does not know (an
indicator such as 经济发展, or an unknown input column carried through) keeps its own name
in both languages: it already is the user's header.

Labels that name the quota grade (可评优秀, 优秀名额 …) are templates with ``{grade}``: the
grade comes from the rule set (``quota.grade``), so a rule set that calls its top grade
something else reads right; 优秀 only when the caller has no rules at hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from cadrekit.render.labels_insight import CHANGE_ZH as CHANGE_ZH
from cadrekit.render.labels_insight import INSIGHT_LABELS as INSIGHT_LABELS
from cadrekit.render.labels_insight import ROBUSTNESS_ZH as ROBUSTNESS_ZH
from cadrekit.render.labels_insight import SENSITIVITY_LABELS as SENSITIVITY_LABELS
from cadrekit.render.labels_insight import SENSITIVITY_SHEETS_ZH as SENSITIVITY_SHEETS_ZH
from cadrekit.render.labels_insight import STATUS_ZH as STATUS_ZH
from cadrekit.render.labels_sheets import RULES_COMPONENTS_ZH as RULES_COMPONENTS_ZH
from cadrekit.render.labels_sheets import RULES_HEAD as RULES_HEAD
from cadrekit.render.labels_sheets import RULES_SCOPES_ZH as RULES_SCOPES_ZH
from cadrekit.render.labels_sheets import RULES_SOURCES_ZH as RULES_SOURCES_ZH
from cadrekit.render.labels_sheets import UNIT_SHEET_WORDS as UNIT_SHEET_WORDS

# The quota grade of the built-in rule sets: the label's word when no rules are given.
DEFAULT_GRADE = "优秀"

# Per-cadre output columns: RESULT_COLUMNS, then the engine's further columns.
CADRE_LABELS: dict[str, str] = {
    "id": "编号",
    "name": "姓名",
    "unit": "单位",
    "track": "考核序列",
    "rank": "排名",
    "score": "综合得分",
    "grade": "等次",
    "flags": "标记",
    "performance": "实绩得分",
    "votes_score": "民主测评得分",
    "quarterly_score": "平时考核得分",
    "bonus": "加分",
    "deduction": "减分",
    "limit": "等次限制",
    "limit_reason": "限制原因",
    "track_label": "考核序列名称",
    "quota_group": "比例计算范围",
    "good_quarters": "季度好等次数",
    "eligible": "可评{grade}",
    "status": "考核状态",
    "year": "年度",
}

# One row per quota group (Result.groups) and the per-track summary built from it.
GROUP_LABELS: dict[str, str] = {
    "track": "考核序列",
    "track_label": "考核序列名称",
    "unit": "单位",
    "scope": "范围",
    "size": "总人数",
    "n": "参评人数",
    "rate": "{grade}比例",
    "slots": "{grade}名额",
    "excellent": "评定{grade}",
    "unfilled": "未用名额",
    "tie": "分界并列",
    "ties": "分界并列",
    "basis": "名额计算",
}

AUDIT_LABELS: dict[str, str] = {
    "cadre_id": "编号",
    "layer": "环节",
    "rule_path": "规则",
    "value": "结果",
    "reason": "说明",
    "outcome": "计入情况",
}

FLAG_LABELS: dict[str, str] = {"id": "编号", "name": "姓名", "flag": "标记", "meaning": "含义"}

PROBLEM_LABELS: dict[str, str] = {
    "severity": "级别",
    "code": "代码",
    "location": "位置",
    "message": "问题",
    "found": "实际值",
    "expected": "应为",
    "hint": "修改建议",
}

ABOUT_LABELS: dict[str, str] = {"item": "项目", "value": "内容"}

# Sheet names of the workbook (≤ 31 characters, no []:*?/\).
SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("汇总", "summary"),
    "units": ("按单位", "units"),
    "lists": ("能上能下", "promotion-adjustment"),
    "detail": ("明细", "detail"),
    "flags": ("标记", "flags"),
    "problems": ("问题", "problems"),
    "rules": ("规则", "rules"),
    "about": ("关于", "about"),
}

# Meanings of the engine's flag codes (DEFAULT_RULES.md §10); unknown codes show as is.
FLAG_MEANINGS: dict[str, tuple[str, str]] = {
    "merit-third-class": ("连续三年优秀，记三等功", "excellent three years running: merit"),
    "dismissal-review": ("连续两年不称职，按规定辞退", "incompetent two years running: dismissal"),
    "admonishment": ("基本称职，诫勉、限期改进", "basically competent: admonish, improve"),
    "demotion-review": ("不称职，降低一个职务或职级层次", "incompetent: lower one level"),
    "quota-tie": ("名额分界处并列，需党委（党组）研究", "tie at the quota cut: committee decides"),
    # 事业单位 (--rules institution)
    "contract-review": (
        "连续两年不合格，可解除聘用合同",
        "unqualified two years running: contract review",
    ),
    "post-grade-review": ("不合格，调整岗位或降低岗位等级", "unqualified: lower the post grade"),
}

# Short Chinese names of the flag codes, for tables people read (CSV and JSON keep codes).
FLAG_NAMES_ZH: dict[str, str] = {
    "merit-third-class": "记三等功",
    "dismissal-review": "辞退审查",
    "admonishment": "诫勉",
    "demotion-review": "降级审查",
    "quota-tie": "名额并列",
    "contract-review": "解聘审查",
    "post-grade-review": "降岗审查",
}

# ``cadrekit flags``: the lists and their items in Chinese (JSON keeps the codes).
FLAG_LISTS_ZH: dict[str, str] = {
    "promotion": "能上",
    "adjustment": "能下",
    "consequences": "考核结果运用",
    "risk": "一把手风险提示",
    "rank": "职级晋升",
}
FLAG_ITEMS_ZH: dict[str, str] = {
    **FLAG_NAMES_ZH,
    "excellent-this-year": "本年度{grade}",
    "top-of-track": "序列排名靠前",
    "excellent-repeatedly": "多年{grade}",
    "commendation": "受表彰",
    "rank-promotion": "职级晋升已满年限",
    "rank-promotion-not-yet": "职级晋升未满年限",
    "rank-promotion-unknown": "职级晋升年限无法计算",
    "risk-points": "风险点",
    "promotion-barred": "影响期内不得提拔",
    "incompetent": "评为最低等次",
    "basic-repeated": "连续基本称职",
    "incompetent-votes": "不称职票超三分之一",
    "last-in-track": "序列末位",
    "sick-leave": "因病",
    "petition": "信访举报",
    "audit-finding": "审计发现",
    "supervision": "监督记录",
    "deduction": "减分",
    "veto": "一票否决",
    "grade-fell": "等次下降",
    "rank-fell": "排名下降",
    "none": "无",
}

# The coded columns of the insight tables, in words (the items name the quota grade).
INSIGHT_WORDS_ZH: dict[str, dict[str, str]] = {
    "change": CHANGE_ZH,
    "status": STATUS_ZH,
    "overall": STATUS_ZH,
    "list": FLAG_LISTS_ZH,
    "item": FLAG_ITEMS_ZH,
}


def flag_item(code: str, grade: str | None = None) -> str:
    """A flags item in words (``excellent-this-year`` → 本年度优秀, the rules' grade named)."""
    return fill(FLAG_ITEMS_ZH.get(code, code), grade)


# The engine's audit layers as explain and the detail sheet name them in Chinese.
AUDIT_LAYERS_ZH: dict[str, str] = {
    "tracks": "赛道",
    "performance": "实绩得分 P",
    "composite": "综合得分 S",
    "adjustments": "加减分",
    "limits": "等次限制",
    "rank": "排名",
    "grade": "等次",
    "decisions": "党委（党组）决定",
    "flags": "结果运用",
}

# The engine's typed audit outcomes (AUDIT_OUTCOMES) as the detail sheet shows them.
AUDIT_OUTCOMES_ZH: dict[str, str] = {
    "counted": "计入",
    "not-counted": "不计入",
    "capped": "超上限不计",
    "decided": "决定",
    "tie-closed": "并列已研究",
}

SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "note": ("提示", "note"),
}

_TABLES = (CADRE_LABELS, GROUP_LABELS, AUDIT_LABELS, FLAG_LABELS, PROBLEM_LABELS, ABOUT_LABELS)


@cache
def _input_labels() -> dict[str, str]:
    """Chinese headers of the canonical input columns carried through (from the row schema)."""
    from cadrekit.models.rows import ROW_MODELS

    labels: dict[str, str] = {}
    for model in ROW_MODELS.values():
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra
            zh = extra.get("zh") if isinstance(extra, dict) else None
            if isinstance(zh, str):
                labels.setdefault(name, zh)
    return labels


def quota_grade(rules: object) -> str:
    """The rules' quota grade (``quota.grade``); 优秀 when ``rules`` has none."""
    quota = getattr(rules, "quota", None)
    return str(getattr(quota, "grade", None) or DEFAULT_GRADE)


def fill(label: str, grade: str | None = None) -> str:
    """A label with ``{grade}`` replaced by the quota grade's name."""
    return label.replace("{grade}", grade or DEFAULT_GRADE)


def header(
    column: str, lang: str = "zh", table: dict[str, str] | None = None, grade: str | None = None
) -> str:
    """The header of ``column`` in ``lang``; ``table`` picks the labels of a sheet and
    ``grade`` names the quota grade (see :func:`quota_grade`)."""
    if lang == "en":
        return column
    if table is not None and column in table:
        return fill(table[column], grade)
    if column in CADRE_LABELS:
        return fill(CADRE_LABELS[column], grade)
    return _input_labels().get(column, column)


def headers(
    columns: list[str],
    lang: str = "zh",
    table: dict[str, str] | None = None,
    grade: str | None = None,
) -> list[str]:
    """Headers of ``columns``; a Chinese header that two columns would share gets a suffix."""
    out: list[str] = []
    for column in columns:
        text = header(column, lang, table, grade)
        if text in out:  # e.g. an input column 等次 carried through next to our grade
            text = f"{text} ({column})"
        out.append(text)
    return out


def sheet_name(key: str, lang: str = "zh") -> str:
    zh, en = SHEETS[key]
    return en if lang == "en" else zh


def flag_meaning(code: str, lang: str = "zh") -> str:
    zh, en = FLAG_MEANINGS.get(code, ("", ""))
    return en if lang == "en" else zh


def flag_name(code: str, lang: str = "zh") -> str:
    """A flag code as a table shows it: its short Chinese name in zh, else the code."""
    return FLAG_NAMES_ZH.get(code, code) if lang == "zh" else code


def group_label(group: str, tracks: Mapping[str, str]) -> str:
    """A quota group id as people name it: ``staff/城关镇`` → 一般干部（城关镇）."""
    track, _, unit = group.partition("/")
    label = tracks.get(track, track)
    return f"{label}（{unit}）" if unit else label


_FLAG_CODE = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted(map(re.escape, FLAG_NAMES_ZH), key=len, reverse=True))
    + r")(?![\w-])"
)


_COLUMN_TEST = re.compile(r"(?<![\w.])([a-z][a-z_]*) = ")


def readable(value: str, tracks: Mapping[str, str]) -> str:
    """An audit value or reason for people reading Chinese: a track or quota group id by
    its label (``staff/城关镇`` → 一般干部（城关镇）), flag codes by their names
    (``… → merit-third-class`` → ``… → 记三等功``), a column in a condition by its header
    (``unit_type = 乡镇`` → ``单位类型 = 乡镇``). ``tracks``: track id → label."""
    if value.partition("/")[0] in tracks:
        return group_label(value, tracks)
    value = _COLUMN_TEST.sub(lambda m: f"{header(m[1])} = ", value)
    return _FLAG_CODE.sub(lambda m: FLAG_NAMES_ZH[m[1]], value)


def severity_label(level: str, lang: str = "zh") -> str:
    zh, en = SEVERITY_LABELS.get(level, (level, level))
    return en if lang == "en" else zh


def all_labels(grade: str | None = None) -> dict[str, str]:
    """Every known column and its Chinese header (docs and tests use this)."""
    merged: dict[str, str] = {}
    for table in _TABLES:
        merged.update({k: fill(v, grade) for k, v in table.items()})
    merged.update({k: v for k, v in _input_labels().items() if k not in CADRE_LABELS})
    return merged


# --- cadrekit batch: the status table (status.csv keeps the English codes) -------------------

STATUS_HEADERS_ZH = ("文件", "行数", "剔除行数", "错误", "警告", "状态", "结果文件", "说明")
STATUS_WORDS_ZH = {
    "ok": "通过",
    "warning": "有警告",
    "partial": "部分评分",
    "error": "失败",
    "skipped": "跳过",
    "not-scored": "未评分",
}
STATUS_SHEET = {"zh": "文件状态", "en": "File status"}
# why a file found under a folder was not read: (zh, en)
SKIP_REASONS = {
    "own-output": (
        "自身输出（cadrekit batch 的输出文件夹）",
        "cadrekit output (a batch output folder)",
    ),
    "lock-file": ("Excel/WPS 锁文件", "Excel/WPS lock file"),
    "hidden": ("隐藏文件", "hidden file"),
    "not-a-workbook": ("不是工作簿", "not a workbook"),
}
