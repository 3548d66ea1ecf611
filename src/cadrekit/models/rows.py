"""The row schema of every input sheet, as Pydantic models: the one source of truth.

Each field names its canonical column (GLOSSARY.md), its primary Chinese header (``zh``),
the other accepted headers (``aliases``), its type and constraints. The loader validates
whole columns against these fields (vectorised); the template writes them as headers,
comments and drop-downs. Columns not declared here (indicators such as 经济发展, and
unknown columns) are allowed and carried through.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

YesNo = bool
QuarterGrade = Literal["好", "较好", "一般", "较差"]
Status = Literal["参加", "不定等次", "不参加"]
EventKind = Literal["加分", "减分", "一票否决"]
SupervisionSource = Literal["巡视巡察", "审计", "纪检监察", "信访举报", "其他"]
Measure = Literal[
    "提醒谈话",
    "批评教育",
    "诫勉",
    "警告",
    "严重警告",
    "记过",
    "记大过",
    "降级",
    "撤职",
    "降低岗位等级",
    "撤销党内职务",
    "留党察看",
    "开除党籍",
    "停职检查",
    "调整职务",
    "责令辞职",
    "免职",
    "降职",
]
LAYERS = ("正职", "副职", "一般干部")
# No democratic evaluation has this many voters; a larger count is a typing or paste error.
MAX_VOTES = 100_000
# One training record is at most a working year of hours; more is a typing error. (Event
# 分值 has no such bound: DEFAULT_RULES §5 sums deductions with no cap, whatever their size.)
MAX_HOURS = 2_000
# Nobody takes up a post before this age; an earlier 任现职时间 is a wrong date.
MIN_APPOINTMENT_AGE = 16
# The assessment years cadrekit accepts (--year, 年度): a record dated outside them is a slip.
YEARS = (1949, 2100)
UNIT_TYPES = ("乡镇", "县直部门", "事业单位")
CATEGORIES = ("重点项目建设", "森林防灭火", "乡村振兴", "信访维稳", "招商引资", "其他")
FileReview = Literal["已审核", "未审核"]
PersonalReport = Literal["一致", "不一致", "未核查"]
DisciplineOpinion = Literal["暂未发现影响提拔任用的问题", "建议暂缓", "不宜提拔任用", "未回复"]
PetitionCheck = Literal["无", "已查否", "查实", "未查结"]
Tolerance = Literal["是", "否", "申请中"]
# 容错依据: the three distinctions (三个区分开来) and the grounds of 问责条例 第十七条/第十八条
TOLERANCE_BASES = (
    "三个区分开来",
    "问责条例第十七条",
    "问责条例第十八条",
)


def col(
    zh: str,
    *aliases: str,
    en: str = "",
    hint: str = "",
    example: Any = None,
    suggest: tuple[str, ...] = (),
    most: float | None = None,
    **kwargs: Any,
) -> Any:
    """A column: primary Chinese header, accepted aliases, an English description, an example.

    ``suggest``: common values offered by the template's drop-down for a free-text column
    (other text is accepted, e.g. a county with its own unit types). Columns that only
    take fixed values are typed with a ``Literal`` instead. ``most``: the largest value
    that is plausible (a larger one is the error ``implausible-value``); unlike ``le`` it
    is no rule of the data, so the template's cell validation does not enforce it.
    """
    extra = {"zh": zh, "aliases": list(aliases), "hint": hint, "example": example}
    if suggest:
        extra["suggest"] = list(suggest)
    if most is not None:
        extra["most"] = most
    return Field(description=en, json_schema_extra=extra, **kwargs)


class _Row(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class CadreRow(_Row):
    """干部名册: one row per cadre."""

    id: str = col("编号", "人员编号", "工号", en="unique cadre id", example="A001")
    name: str = col("姓名", en="full name", example="张三")
    unit: str = col("单位", "工作单位", en="unit (township or department)", example="城关镇")
    unit_type: str | None = col(
        "单位类型",
        en="乡镇, 县直部门 or 事业单位",
        example="乡镇",
        default=None,
        suggest=UNIT_TYPES,
    )
    layer: str | None = col(
        "层级",
        "职务层次",
        en="正职, 副职 or 一般干部",
        example="正职",
        default=None,
        suggest=LAYERS,
    )
    post: str | None = col("职务", en="post title", example="镇长", default=None)
    top_leader: YesNo = col(
        "一把手", "是否一把手", en="is the unit's top leader", example="否", default=False
    )
    track: str | None = col("考核序列", "赛道", en="track override (id or label)", default=None)
    status: Status = col("考核状态", en="参加, 不定等次 or 不参加", example="参加", default="参加")
    status_reason: str | None = col("状态说明", "考核状态说明", en="why not graded", default=None)
    # every header a county's roster puts over the number: an unrecognised one would carry
    # the full numbers into every output as an unknown column
    id_number: str | None = col(
        "身份证号",
        "身份证号码",
        "身份证",
        "身份证件号码",
        "居民身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "证件号码",
        "证件号",
        en="PRC ID number (masked in outputs)",
        default=None,
    )
    birth_date: dt.date | None = col(
        "出生年月", "出生日期", en="birth date", example="1985.06", default=None
    )
    appointed_on: dt.date | None = col(
        "任现职时间", "任职时间", en="appointed to current post", example="2021.03", default=None
    )
    rank_title: str | None = col(
        "职级", "现职级", en="current rank (职级), e.g. 一级主任科员", default=None
    )
    rank_since: dt.date | None = col(
        "任现职级时间",
        "任职级时间",
        en="in the current rank since (职级晋升 years; else 任现职时间)",
        example="2021.03",
        default=None,
    )
    votes_excellent: int | None = col(
        "优秀票", "优秀", en="votes 优秀", example=20, default=None, ge=0, most=MAX_VOTES
    )
    votes_competent: int | None = col(
        "称职票", "称职", en="votes 称职", example=10, default=None, ge=0, most=MAX_VOTES
    )
    votes_basic: int | None = col(
        "基本称职票", "基本称职", en="votes 基本称职", example=1, default=None, ge=0, most=MAX_VOTES
    )
    votes_incompetent: int | None = col(
        "不称职票", "不称职", en="votes 不称职", example=0, default=None, ge=0, most=MAX_VOTES
    )
    q1: QuarterGrade | None = col(
        "一季度", "第一季度", "1季度", en="quarter 1 grade", example="好", default=None
    )
    q2: QuarterGrade | None = col(
        "二季度", "第二季度", "2季度", en="quarter 2 grade", example="好", default=None
    )
    q3: QuarterGrade | None = col(
        "三季度", "第三季度", "3季度", en="quarter 3 grade", example="较好", default=None
    )
    q4: QuarterGrade | None = col(
        "四季度", "第四季度", "4季度", en="quarter 4 grade", example="好", default=None
    )


class EventRow(_Row):
    """纪实记录: one bonus, deduction or veto event."""

    id: str | None = col(
        "编号",
        "人员编号",
        en="cadre id (empty: the event concerns the unit)",
        example="A001",
        default=None,
    )
    unit: str | None = col("单位", en="unit (for unit events)", default=None)
    date: dt.date = col("日期", "发生日期", en="date", example="2025-06-18")
    kind: EventKind = col("类型", "加减分类型", en="加分, 减分 or 一票否决", example="加分")
    category: str | None = col(
        "类别",
        "工作类别",
        en="work category",
        example="森林防灭火",
        default=None,
        suggest=CATEGORIES,
    )
    points: float = col("分值", "分数", en="points ≥ 0", example=1.0, default=0.0, ge=0)
    reason: str | None = col(
        "事由", "说明", en="what happened", example="扑救山火表现突出", default=None
    )
    source: str | None = col(
        "来源", "记录单位", en="who recorded it", example="县应急局", default=None
    )


class SupervisionRow(_Row):
    """监督信息: one supervision finding and the measure taken."""

    id: str = col("编号", "人员编号", en="cadre id", example="A001")
    date: dt.date = col("日期", "处理日期", en="date of the measure", example="2025-04-02")
    source: SupervisionSource | None = col(
        "来源", "问题来源", en="where the finding came from", example="审计", default=None
    )
    measure: Measure = col(
        "处理类型",
        "处理方式",
        en="measure taken, or any other measure the rules name (e.g. 党内警告)",
        example="诫勉",
    )
    verified: YesNo = col("是否核实", "核实", en="verified", example="是", default=True)
    note: str | None = col("说明", "备注", en="note", default=None)
    tolerance: Tolerance | None = col(
        "容错认定",
        "容错纠错",
        "是否容错",
        en="error tolerance recognised: 是, 否 or 申请中 (pending)",
        example="否",
        default=None,
    )
    tolerance_basis: str | None = col(
        "容错依据",
        en="ground of error tolerance (三个区分开来, 问责条例第十七条/第十八条)",
        default=None,
        suggest=TOLERANCE_BASES,
    )


class HistoryRow(_Row):
    """历年考核: one cadre-year grade."""

    id: str = col("编号", "人员编号", en="cadre id", example="A001")
    year: int = col("年度", en="year", example=2024, ge=YEARS[0], le=YEARS[1])
    grade: str = col("等次", "考核等次", en="grade that year", example="称职")
    score: float | None = col(
        "年度得分", "得分", en="annual composite score that year (tenure)", default=None, ge=0
    )


class CandidateRow(_Row):
    """拟提拔人选: one promotion candidate (凡提四必)."""

    id: str = col("编号", "人员编号", en="cadre id", example="A001")
    proposed_post: str | None = col("拟任职务", en="proposed post", example="副镇长", default=None)
    file_review: FileReview | None = col(
        "档案审核", en="personnel file reviewed", example="已审核", default=None
    )
    file_review_note: str | None = col("档案审核意见", en="file review findings", default=None)
    personal_report: PersonalReport | None = col(
        "个人有关事项报告核查",
        "个人事项核查",
        en="personal-matters report check",
        example="一致",
        default=None,
    )
    discipline_opinion: DisciplineOpinion | None = col(
        "纪检监察机关意见",
        "纪委意见",
        en="discipline commission opinion",
        example="暂未发现影响提拔任用的问题",
        default=None,
    )
    petition_check: PetitionCheck | None = col(
        "信访举报核查", en="petition clues investigated", example="无", default=None
    )


class TrainingRow(_Row):
    """教育培训: one training record."""

    id: str = col("编号", "人员编号", en="cadre id", example="A001")
    date: dt.date = col("日期", "培训日期", en="date", example="2025-05-10")
    topic: str | None = col("培训内容", "主题", en="topic", example="党的创新理论", default=None)
    hours: float = col("学时", en="hours", example=8, ge=0, most=MAX_HOURS)


class SpecialRow(_Row):
    """专项考核: one cadre's result in one special assessment of a key task."""

    id: str = col("编号", "人员编号", en="cadre id", example="A001")
    task: str = col(
        "专项名称",
        "专项",
        "考核专项",
        en="the key task assessed",
        example="森林防灭火",
        suggest=("森林防灭火", "信访维稳", "乡村振兴", "重点项目建设", "招商引资"),
    )
    date: dt.date | None = col("日期", "考核日期", en="date", example="2025-11-20", default=None)
    score: float = col("得分", "专项得分", en="score 0–100", example=92, ge=0, le=100)
    grade: str | None = col(
        "等次",
        "专项等次",
        en="grade of the special assessment (optional)",
        default=None,
        suggest=("好", "较好", "一般", "较差"),
    )
    assessor: str | None = col(
        "考核单位", "牵头单位", en="who assessed", example="县应急局", default=None
    )


class DecisionRow(_Row):
    """决定: one committee decision about one cadre's grade this year."""

    id: str = col("编号", "人员编号", en="cadre id", example="A001")
    name: str | None = col("姓名", en="name (for the reader; the id decides)", default=None)
    grade: str = col("决定等次", "等次", en="the grade the committee decided", example="称职")
    meeting: str = col(
        "会议", "会议名称", "依据", en="the meeting that decided", example="县委考核委员会第3次会议"
    )
    meeting_date: dt.date = col("会议日期", "日期", en="date of the meeting", example="2026-01-15")
    recorder: str = col("记录人", en="who recorded the decision", example="李四")
    note: str | None = col("说明", "备注", en="note", default=None)


class BallotRow(_Row):
    """测评票: one ballot (评价 filled) or one rater group's tally (the four counts filled).

    No example values: the template's 测评票 sheet stays empty, for an example ballot of
    the roster's example cadre would clash with the example row's typed totals."""

    id: str = col("编号", "人员编号", "被测评人编号", en="id of the cadre rated")
    name: str | None = col("姓名", "被测评人", en="name of the cadre rated", default=None)
    rater_group: str = col(
        "评价人类别",
        "测评主体",
        "评价主体",
        en="rater group (rules: components.votes.rater_groups)",
        suggest=("领导", "同事", "服务对象"),
    )
    choice: str | None = col(
        "评价",
        "测评意见",
        "评价等次",
        en="one ballot's choice (a vote kind of the rules)",
        default=None,
        suggest=("优秀", "称职", "基本称职", "不称职"),
    )
    votes_excellent: int | None = col(
        "优秀票", en="tally: votes 优秀", default=None, ge=0, most=MAX_VOTES
    )
    votes_competent: int | None = col(
        "称职票", en="tally: votes 称职", default=None, ge=0, most=MAX_VOTES
    )
    votes_basic: int | None = col(
        "基本称职票", en="tally: votes 基本称职", default=None, ge=0, most=MAX_VOTES
    )
    votes_incompetent: int | None = col(
        "不称职票", en="tally: votes 不称职", default=None, ge=0, most=MAX_VOTES
    )


ROW_MODELS: dict[str, type[_Row]] = {
    "cadres": CadreRow,
    "events": EventRow,
    "supervision": SupervisionRow,
    "history": HistoryRow,
    "candidates": CandidateRow,
    "training": TrainingRow,
    "special": SpecialRow,
    "decisions": DecisionRow,
    "ballots": BallotRow,
}

SHEET_NAMES: dict[str, tuple[str, ...]] = {
    # kind: (primary Chinese name, other accepted names…); the English kind is accepted too
    "cadres": ("干部名册", "名册", "花名册"),
    "events": ("纪实记录", "平时考察", "加减分"),
    "supervision": ("监督信息", "监督"),
    "history": ("历年考核", "历史等次"),
    "candidates": ("拟提拔人选", "考察对象"),
    "training": ("教育培训", "培训"),
    "special": ("专项考核", "专项"),
    "decisions": ("决定", "考核委员会决定", "党委决定"),
    "ballots": ("测评票", "民主测评票"),
}
