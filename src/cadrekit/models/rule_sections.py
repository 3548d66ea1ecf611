"""The optional sections of a rule set, read by one command each: ``vetting`` (vet),
``flags`` (flags), ``special`` (special and the annual score), ``tenure`` and ``training``.
Each has defaults, so a rule file may leave it out (docs/rules.md §8–11)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cadrekit.models.rules_base import Ratio, Strict


class Vetting(Strict):
    """凡提四必 and 影响期 for ``cadrekit vet``; optional, the defaults apply when absent."""

    # months during which a verified measure bars promotion (影响期), counted from its date
    influence_months: dict[str, int] = {
        "诫勉": 6,
        "警告": 6,
        "记过": 12,
        "记大过": 18,
        "降级": 24,
        "撤职": 24,
        "党内警告": 12,
        "严重警告": 18,
        "撤销党内职务": 24,
        "留党察看": 36,
        "调整职务": 12,
        "免职": 24,
        "责令辞职": 24,
        "降职": 24,
    }
    # a 警告 whose note contains one of these words is a party warning (党内警告)
    party_markers: list[str] = ["党内", "党纪"]
    # the latest annual grade fails vetting when it is one of these
    failing_grades: list[str] = ["不称职", "基本称职"]
    # fewer years than this in the current post: pre-appointment report (事前报告)
    min_years_in_post: float = Field(default=2, ge=0)


class PromotionFlags(Strict):
    """能上 / 优者奖: the promotion pool and rank-promotion (职级晋升) eligibility."""

    grade: str = "优秀"
    top_of_track: int = Field(default=1, ge=0)  # rank ≤ this (0: off)
    excellent_years: int = Field(default=2, ge=1)  # 优秀 in at least this many …
    excellent_window: int = Field(default=3, ge=1)  # … of the latest this many years
    commendation_kind: str = "加分"
    commendation_words: list[str] = ["表彰", "嘉奖", "记功", "先进"]
    min_years: float = Field(default=2, ge=0)  # years in current rank per step
    min_years_by_layer: dict[str, float] = {}
    excellent_year_credit: float = Field(default=0.5, ge=0)  # each 优秀 year: this much less
    uncounted_grades: list[str] = ["基本称职", "不定等次"]


class AdjustmentFlags(Strict):
    """能下: situations for review under 《推进领导干部能上能下规定》 — never a verdict."""

    grades: list[str] = ["不称职"]
    repeated_grade: str = "基本称职"
    repeated_years: int = Field(default=2, ge=2)
    incompetent_vote: str = "不称职"
    incompetent_votes_more_than: Ratio = "1/3"
    last_in_track_years: int = Field(default=2, ge=1)
    sick_leave_words: list[str] = ["病假", "病休", "因病"]


class RiskPoint(Strict):
    """One risk point (风险点) of the 一把手 risk catalogue: a record belongs to it when
    its text (说明, 事由, 类别) holds one of ``keywords`` or its 来源 is one of ``sources``."""

    name: str
    keywords: list[str] = []
    sources: list[str] = []


DEFAULT_RISK_POINTS = [
    RiskPoint(name="重大决策", keywords=["决策", "三重一大", "集体研究", "议事规则"]),
    RiskPoint(name="选人用人", keywords=["选人用人", "干部任用", "提拔", "选拔", "人事"]),
    RiskPoint(name="工程项目", keywords=["工程", "项目建设", "招投标", "招标", "施工"]),
    RiskPoint(name="资金使用", keywords=["资金", "经费", "财务", "报销", "补助", "挪用"]),
    RiskPoint(name="招商引资", keywords=["招商引资", "招商"]),
    RiskPoint(name="征地拆迁", keywords=["征地", "拆迁", "征收"]),
    RiskPoint(name="政府采购", keywords=["采购"]),
]


class RiskFlags(Strict):
    """一把手履职用权风险提示清单: the catalogue each record is mapped onto (first match)."""

    points: list[RiskPoint] = DEFAULT_RISK_POINTS


class FlagRules(Strict):
    promotion: PromotionFlags = PromotionFlags()
    adjustment: AdjustmentFlags = AdjustmentFlags()
    risk: RiskFlags = RiskFlags()


class SpecialRule(Strict):
    """How special assessments (专项考核) of the year enter the annual assessment.

    ``component``: S = (1 − weight)·S + weight·(mean special score of the year);
    ``bonus``: S += points of each special result's grade (negative = deduction);
    ``limit``: a special result graded one of ``grades`` limits the grade to ``limit``.
    """

    mode: Literal["component", "bonus", "limit"]
    tracks: list[str] = []  # track ids; empty = every track
    tasks: list[str] = []  # 专项名称; empty = every task
    weight: float = Field(default=0.0, ge=0, le=1)
    points: dict[str, float] = {}
    grades: list[str] = []
    limit: str | None = None


class SpecialRules(Strict):
    rules: list[SpecialRule] = []


class TenureRules(Strict):
    """任期考核: the term's annual scores and grades (plus optional indicators) → a tenure grade.

    Score T = (1 − Σ indicator weights)·(mean annual score) + Σ weight·indicator.
    A term is 优秀 when T ≥ excellent_score and at least ``excellent_years_share`` of its
    years are the quota grade; any year in ``failing_grades`` makes it the worst grade;
    T below ``pass_score`` gives ``low_grade``; otherwise ``grades.default``.
    """

    indicators: dict[str, float] = {}  # roster column (e.g. 任期目标完成率) → weight
    excellent_score: float = 90
    excellent_years_share: Ratio = "1/2"
    pass_score: float = 70
    low_grade: str = "基本称职"
    failing_grades: list[str] = ["不称职"]
    min_years: int = Field(default=1, ge=1)  # fewer assessed years: not graded


class TrainingRules(Strict):
    """教育培训: yearly hours required per layer and the required topics."""

    required_hours: dict[str, float] = {}  # layer → hours; other layers: default_hours
    default_hours: float = 90
    required_topics: list[str] = []
