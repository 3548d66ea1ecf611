"""The rule set: a YAML file officers edit, validated by Pydantic and a checker.

Structure follows DESIGN §4 (tracks → performance → composite → adjustments → limits →
ranking → quota → consequences). Grade names come from ``grades``; the engine refers to
them only by role (``quota.grade``, ``grades.default``, ``grades.not_graded``) and by
position in ``grades.order`` (best first).

Pydantic checks the shape (unknown keys, wrong types); :func:`check_rules` checks what
needs the whole file (weights summing to 1, references to grades, tracks and components).
Both report :class:`~cadrekit.problems.Problem` values with code ``rules-invalid`` and a
path such as ``tracks[2].indicators[0].weight``.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from cadrekit.problems import Problem

WEIGHT_TOLERANCE = 1e-9
# Ranking keys computed by the engine (extra component names are allowed as well).
ENGINE_KEYS = (
    "score",
    "performance",
    "votes_score",
    "quarterly_score",
    "good_quarters",
    "bonus",
    "deduction",
)
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _ratio_text(value: Any) -> str:
    """Accept ``1/3``, ``0.25`` or a number; keep it as exact text (read with Fraction)."""
    if isinstance(value, bool):
        raise ValueError("expected a ratio such as 1/3 or 0.25")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError("expected a finite ratio")
        value = repr(value)
    if not isinstance(value, str):
        raise ValueError("expected a ratio such as 1/3 or 0.25")
    try:
        Fraction(value.strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"not a ratio: {value!r}; write e.g. 1/3 or 0.25") from exc
    return value.strip()


Ratio = Annotated[str, BeforeValidator(_ratio_text)]
Scalar = str | int | float | bool


class Strict(BaseModel):
    # allow_inf_nan: "nan" or "inf" written as text would otherwise pass as a float
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Grades(Strict):
    order: list[str] = Field(min_length=2)  # best → worst
    not_graded: str
    default: str  # the grade when no limit applies and the quota does not award

    def position(self, name: str) -> int:
        """Strictness of a limit: 0 = best grade … len(order) = not graded."""
        return len(self.order) if name == self.not_graded else self.order.index(name)

    @property
    def all(self) -> list[str]:
        return [*self.order, self.not_graded]


class Indicator(Strict):
    column: str
    weight: float
    direction: Literal["higher", "lower"] = "higher"
    min: float | None = 0.0
    max: float | None = 100.0
    normalise: Literal["none", "share_of_max", "minmax", "zscore", "percentile"] = "none"


class Track(Strict):
    id: str
    label: str
    condition: dict[str, Any] | None = None  # column → value or list of values; all must match
    quota_scope: Literal["track", "unit"] = "track"
    # weighted_sum: P = Σ weight · value; topsis: P = 100 · TOPSIS closeness (the indicators'
    # own vector normalisation, so ``normalise`` must stay none).
    aggregate: Literal["weighted_sum", "topsis"] = "weighted_sum"
    indicators: list[Indicator] = Field(min_length=1)

    @field_validator("condition")
    @classmethod
    def _scalars(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        for column, wanted in (value or {}).items():
            items = wanted if isinstance(wanted, list) else [wanted]
            if not items or not all(isinstance(v, Scalar) for v in items):
                raise ValueError(f"condition on {column!r} must be a value or a list of values")
        return value

    def condition_values(self) -> dict[str, list[Any]]:
        return {c: (v if isinstance(v, list) else [v]) for c, v in (self.condition or {}).items()}


class PerformanceComponent(Strict):
    weight: float


class VoteKind(Strict):
    column: str
    points: float


class VotesComponent(Strict):
    weight: float
    kinds: dict[str, VoteKind]  # keyed by grade name


class QuarterlyComponent(Strict):
    weight: float
    columns: list[str] = Field(min_length=1)
    points: dict[str, float]  # quarter grade word → points
    good: list[str]  # words counted in good_quarters


class ExtraComponent(Strict):
    name: str
    column: str
    weight: float


class Components(Strict):
    performance: PerformanceComponent
    votes: VotesComponent | None = None
    quarterly: QuarterlyComponent | None = None
    extra: list[ExtraComponent] = []
    floor: float | None = 0.0  # S = max(floor, …); null: no floor
    digits: int = Field(default=2, ge=0, le=10)


class AdjustmentKind(Strict):
    kind: str  # the event kind word (加分 / 减分)
    cap: float | None = None  # total cap per cadre; null: none
    category_caps: dict[str, float] = {}


class Adjustments(Strict):
    bonus: AdjustmentKind
    deduction: AdjustmentKind
    unit_events_to_top_leader: bool = False


class SupervisionRule(Strict):
    measures: list[str] = Field(min_length=1)
    limit: str
    years_back: int = Field(default=0, ge=0)


class Supervision(Strict):
    unverified_limits: bool = False  # false: records with verified = 否 limit nothing
    rules: list[SupervisionRule] = []
    # 容错纠错: measures that a record recognised under error tolerance (容错认定 = 是) no
    # longer lets limit the grade or bar promotion; empty = tolerance lifts nothing.
    tolerance_lifts: list[str] = []


class VoteRule(Strict):
    share_of: list[str] = Field(min_length=1)  # vote kinds (grade names) counted
    more_than: Ratio | None = None
    less_than: Ratio | None = None
    limit: str


class QuarterRule(Strict):
    grades: list[str] = Field(min_length=1)
    at_least: int = Field(ge=1)
    limit: str


class ScoreRule(Strict):
    below: float
    limit: str


class VetoRule(Strict):
    kind: str
    limit: str
    unit_events_to_top_leader: bool = True


class Limits(Strict):
    status: dict[str, str] = {}
    supervision: Supervision = Supervision()
    votes: list[VoteRule] = []
    quarters: list[QuarterRule] = []
    score: list[ScoreRule] = []
    veto: VetoRule | None = None


class Ranking(Strict):
    tie_break: list[str] = Field(min_length=1)  # keys, all descending


class QuarterCount(Strict):
    grades: list[str] = Field(min_length=1)
    count: int = Field(ge=1)


class Eligibility(Strict):
    no_limit: bool = True
    quarters_none_of: list[str] = []
    quarters_at_least: QuarterCount | None = None


class Quota(Strict):
    grade: str
    rates: dict[str, Ratio]  # track id → rate
    rounding: Literal["floor", "half_up"] = "floor"
    min_score: float | None = None
    eligibility: Eligibility = Eligibility()
    tie_flag: str = "quota-tie"


class Consequence(Strict):
    flag: str
    grade: str
    years: int = Field(default=1, ge=1)  # consecutive years ending with this one


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


class FlagRules(Strict):
    promotion: PromotionFlags = PromotionFlags()
    adjustment: AdjustmentFlags = AdjustmentFlags()


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


class RuleSet(Strict):
    version: int = 1
    name: str = ""
    grades: Grades
    tracks: list[Track] = Field(min_length=1)
    components: Components
    adjustments: Adjustments
    limits: Limits
    ranking: Ranking
    quota: Quota
    consequences: list[Consequence] = []
    vetting: Vetting = Vetting()
    flags: FlagRules = FlagRules()
    special: SpecialRules = SpecialRules()
    tenure: TenureRules = TenureRules()
    training: TrainingRules = TrainingRules()

    def track_ids(self) -> list[str]:
        return [t.id for t in self.tracks]

    def track(self, track_id: str) -> Track:
        return next(t for t in self.tracks if t.id == track_id)

    def track_labels(self) -> dict[str, str]:
        """Track id → label (``staff`` → 一般干部), in rule order."""
        return {t.id: t.label for t in self.tracks}

    def indicator_columns(self) -> dict[str, tuple[float | None, float | None]]:
        """Every indicator column named by any track, with its (min, max) bounds."""
        out: dict[str, tuple[float | None, float | None]] = {}
        for track in self.tracks:
            for ind in track.indicators:
                lo, hi = out.get(ind.column, (ind.min, ind.max))
                out[ind.column] = (_widest(lo, ind.min, min), _widest(hi, ind.max, max))
        return out

    def required_columns(self) -> set[str]:
        """Canonical input columns the rules need (components, conditions, indicators)."""
        cols: set[str] = {"id", "unit"}
        comp = self.components
        if comp.votes is not None:
            cols |= {k.column for k in comp.votes.kinds.values()}
        if comp.quarterly is not None:
            cols |= set(comp.quarterly.columns)
        cols |= {e.column for e in comp.extra}
        for track in self.tracks:
            cols |= set((track.condition or {}).keys())
        cols |= set(self.indicator_columns())
        return cols

    def component_columns(self) -> dict[str, str]:
        """Ranking key → frame column, for keys that are extra components."""
        return {e.name: e.column for e in self.components.extra}

    def measures(self) -> list[str]:
        """Every supervision measure the rules name (limits, error tolerance, influence
        periods), in rule order: each is an accepted 处理类型 under these rules."""
        sv = self.limits.supervision
        named = [m for rule in sv.rules for m in rule.measures]
        named += [*sv.tolerance_lifts, *self.vetting.influence_months]
        return list(dict.fromkeys(named))


def _widest(a: float | None, b: float | None, pick: Any) -> float | None:
    if a is None or b is None:
        return None
    return float(pick(a, b))


# --- problems ---------------------------------------------------------------------------


def loc_path(loc: tuple[int | str, ...]) -> str:
    """Pydantic ``('tracks', 2, 'indicators', 0, 'weight')`` → ``tracks[2].indicators[0].weight``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def rules_problem(
    path: str, found: Any, expected: str, zh: str, en: str, *, column: str = ""
) -> Problem:
    return Problem(
        code="rules-invalid",
        location=path,
        found="" if found is None else str(found),
        expected=expected,
        column=column,
        params={"detail": zh, "detail_zh": zh, "detail_en": en, "path": path},
    )


_PYDANTIC_ZH = {
    "extra_forbidden": ("未知的键", "unknown key"),
    "missing": ("缺少必填键", "required key missing"),
    "finite_number": ("须为有限数（不接受 nan、inf）", "must be a finite number (not nan or inf)"),
}


def pydantic_problems(error: ValidationError) -> list[Problem]:
    """Translate each Pydantic error into a located ``rules-invalid`` problem."""
    problems = []
    for err in error.errors(include_url=False):
        path = loc_path(tuple(err["loc"])) or "(root)"
        kind = err["type"]
        if kind in _PYDANTIC_ZH:
            zh, en = _PYDANTIC_ZH[kind]
            zh, en = f"{path}: {zh}", f"{path}: {en}"
            expected = "删除或改正该键 / remove or fix the key" if kind == "extra_forbidden" else ""
        else:
            en = f"{path}: {err['msg']}"
            zh = f"{path}: 取值类型或格式不对（{err['msg']}）"
            expected = err["msg"]
        found = err.get("input") if kind != "missing" else ""
        if isinstance(found, dict | list):
            found = type(found).__name__
        problems.append(rules_problem(path, found, expected, zh, en))
    return problems


def check_rules(rules: RuleSet) -> list[Problem]:
    """Checks that need the whole rule set; every problem, with its path."""
    return _Checker(rules).run()


class _Checker:
    def __init__(self, rules: RuleSet) -> None:
        self.r = rules
        self.problems: list[Problem] = []

    def add(self, path: str, found: Any, expected: str, zh: str, en: str) -> None:
        self.problems.append(rules_problem(path, found, expected, zh, en))

    def grade(self, path: str, name: str, allowed: list[str] | None = None) -> None:
        allowed = allowed if allowed is not None else self.r.grades.all
        if name not in allowed:
            self.add(
                path,
                name,
                " / ".join(allowed),
                f"等次 {name!r} 不在 grades 中",
                f"grade {name!r} is not in grades",
            )

    def run(self) -> list[Problem]:
        self._grades()
        self._tracks()
        self._components()
        self._adjustments()
        self._limits()
        self._ranking()
        self._quota()
        self._consequences()
        self._special()
        return self.problems

    def _special(self) -> None:
        ids = self.r.track_ids()
        for i, rule in enumerate(self.r.special.rules):
            path = f"special.rules[{i}]"
            for k, track_id in enumerate(rule.tracks):
                if track_id not in ids:
                    self.add(
                        f"{path}.tracks[{k}]",
                        track_id,
                        " / ".join(ids),
                        f"赛道 {track_id!r} 未定义",
                        f"unknown track {track_id!r}",
                    )
            if rule.mode == "limit":
                self.grade(f"{path}.limit", rule.limit or "")
        tenure = self.r.tenure
        self.grade("tenure.low_grade", tenure.low_grade)

    def _grades(self) -> None:
        g = self.r.grades
        if len(set(g.order)) != len(g.order):
            self.add("grades.order", g.order, "distinct names", "等次名称重复", "duplicate grade")
        if g.not_graded in g.order:
            self.add(
                "grades.not_graded",
                g.not_graded,
                "a name not in grades.order",
                "不定等次的名称不能与等次重复",
                "the not-graded name must differ from the grades",
            )
        self.grade("grades.default", g.default, g.order)

    def _tracks(self) -> None:
        seen_ids: dict[str, int] = {}
        seen_labels: dict[str, int] = {}
        for i, track in enumerate(self.r.tracks):
            path = f"tracks[{i}]"
            if track.id in seen_ids:
                self.add(
                    f"{path}.id",
                    track.id,
                    "a unique id",
                    f"赛道编号重复（另见 tracks[{seen_ids[track.id]}]）",
                    f"duplicate track id (see tracks[{seen_ids[track.id]}])",
                )
            seen_ids.setdefault(track.id, i)
            if track.label in seen_labels:
                self.add(
                    f"{path}.label",
                    track.label,
                    "a unique label",
                    "赛道名称重复",
                    "duplicate track label",
                )
            seen_labels.setdefault(track.label, i)
            self._indicators(path, track)
        if all(t.condition for t in self.r.tracks):
            self.add(
                "tracks",
                "",
                "a track with no condition (catch-all)",
                "需要一个没有条件的赛道兜底（如 一般干部）",
                "add a catch-all track with no condition (e.g. staff)",
            )

    def _indicators(self, path: str, track: Track) -> None:
        total = math.fsum(ind.weight for ind in track.indicators)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            self.add(
                f"{path}.indicators",
                f"{total:g}",
                "1",
                f"赛道 {track.id} 的指标权重之和为 {total:g}，应为 1",
                f"the indicator weights of track {track.id} sum to {total:g}, not 1",
            )
        columns: set[str] = set()
        for j, ind in enumerate(track.indicators):
            ipath = f"{path}.indicators[{j}]"
            if ind.weight < 0:
                self.add(f"{ipath}.weight", ind.weight, "≥ 0", "权重不能为负", "negative weight")
            if ind.column in columns:
                self.add(
                    f"{ipath}.column", ind.column, "distinct", "指标重复", "duplicate indicator"
                )
            columns.add(ind.column)
            if ind.min is not None and ind.max is not None and ind.min >= ind.max:
                self.add(f"{ipath}.max", ind.max, f"> {ind.min}", "上限应大于下限", "max ≤ min")
            if track.aggregate == "topsis" and ind.normalise != "none":
                self.add(
                    f"{ipath}.normalise",
                    ind.normalise,
                    "none",
                    "TOPSIS 自带向量标准化，指标不应再设 normalise",
                    "TOPSIS normalises by vector norm itself; set normalise: none",
                )
            weighted_sum = track.aggregate == "weighted_sum"
            if (
                weighted_sum
                and ind.direction == "lower"
                and ind.normalise == "none"
                and None in (ind.min, ind.max)
            ):
                self.add(
                    f"{ipath}.direction",
                    ind.direction,
                    "min and max set",
                    "越低越好且不标准化时需要上下限",
                    "direction lower without normalisation needs min and max",
                )

    def _components(self) -> None:
        c = self.r.components
        weights = [c.performance.weight]
        weights += [x.weight for x in (c.votes, c.quarterly) if x is not None]
        weights += [e.weight for e in c.extra]
        total = math.fsum(weights)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            self.add(
                "components",
                f"{total:g}",
                "1",
                f"各组成部分权重之和为 {total:g}，应为 1",
                f"component weights sum to {total:g}, not 1",
            )
        if c.votes is not None:
            for name in c.votes.kinds:
                self.grade(f"components.votes.kinds.{name}", name, self.r.grades.order)
        if c.quarterly is not None:
            for word in c.quarterly.good:
                self._word("components.quarterly.good", word)
        names = [e.name for e in c.extra]
        for k, e in enumerate(c.extra):
            if e.name in ENGINE_KEYS or names.count(e.name) > 1:
                self.add(
                    f"components.extra[{k}].name",
                    e.name,
                    "a new unique name",
                    "组成部分名称重复或与内置名称冲突",
                    "component name is duplicated or reserved",
                )

    def _word(self, path: str, word: str) -> None:
        q = self.r.components.quarterly
        if q is None:
            self._missing_component(path, "quarterly")
        elif word not in q.points:
            self.add(
                path,
                word,
                " / ".join(q.points),
                f"季度等次 {word!r} 未在 components.quarterly.points 中定义",
                f"quarter grade {word!r} is not in components.quarterly.points",
            )

    def _missing_component(self, path: str, name: str) -> None:
        self.add(
            path,
            name,
            f"components.{name}",
            f"引用了未定义的组成部分 components.{name}",
            f"refers to components.{name}, which is not defined",
        )

    def _adjustments(self) -> None:
        a = self.r.adjustments
        for key, kind in (("bonus", a.bonus), ("deduction", a.deduction)):
            if kind.cap is not None and kind.cap < 0:
                self.add(f"adjustments.{key}.cap", kind.cap, "≥ 0", "上限不能为负", "negative cap")
            for cat, cap in kind.category_caps.items():
                if cap < 0:
                    self.add(
                        f"adjustments.{key}.category_caps.{cat}",
                        cap,
                        "≥ 0",
                        "上限不能为负",
                        "negative cap",
                    )
        if a.bonus.kind == a.deduction.kind:
            self.add(
                "adjustments.deduction.kind",
                a.deduction.kind,
                "a kind other than the bonus kind",
                "加分与减分类型相同",
                "bonus and deduction share a kind",
            )

    def _limits(self) -> None:
        lim = self.r.limits
        for status, grade in lim.status.items():
            self.grade(f"limits.status.{status}", grade)
        for i, rule in enumerate(lim.supervision.rules):
            self.grade(f"limits.supervision.rules[{i}].limit", rule.limit)
        votes = self.r.components.votes
        for i, vrule in enumerate(lim.votes):
            path = f"limits.votes[{i}]"
            self.grade(f"{path}.limit", vrule.limit)
            if (vrule.more_than is None) == (vrule.less_than is None):
                self.add(
                    path,
                    "",
                    "exactly one of more_than / less_than",
                    "请只写 more_than 或 less_than 之一",
                    "give exactly one of more_than or less_than",
                )
            if votes is None:
                self._missing_component(f"{path}.share_of", "votes")
                continue
            for k, name in enumerate(vrule.share_of):
                if name not in votes.kinds:
                    self.add(
                        f"{path}.share_of[{k}]",
                        name,
                        " / ".join(votes.kinds),
                        f"票种 {name!r} 未在 components.votes.kinds 中定义",
                        f"vote kind {name!r} is not in components.votes.kinds",
                    )
        for i, qrule in enumerate(lim.quarters):
            self.grade(f"limits.quarters[{i}].limit", qrule.limit)
            for k, word in enumerate(qrule.grades):
                self._word(f"limits.quarters[{i}].grades[{k}]", word)
        for i, srule in enumerate(lim.score):
            self.grade(f"limits.score[{i}].limit", srule.limit)
        if lim.veto is not None:
            self.grade("limits.veto.limit", lim.veto.limit)
            a = self.r.adjustments
            if lim.veto.kind in (a.bonus.kind, a.deduction.kind):
                self.add(
                    "limits.veto.kind",
                    lim.veto.kind,
                    "a kind other than bonus and deduction",
                    "一票否决类型与加减分类型相同",
                    "the veto kind equals a bonus/deduction kind",
                )

    def _ranking(self) -> None:
        known = [*ENGINE_KEYS, *self.r.component_columns()]
        c = self.r.components
        for i, key in enumerate(self.r.ranking.tie_break):
            path = f"ranking.tie_break[{i}]"
            if key not in known:
                self.add(
                    path,
                    key,
                    " / ".join(known),
                    f"未知的排序键 {key!r}",
                    f"unknown ranking key {key!r}",
                )
            elif key == "votes_score" and c.votes is None:
                self._missing_component(path, "votes")
            elif key in ("quarterly_score", "good_quarters") and c.quarterly is None:
                self._missing_component(path, "quarterly")

    def _quota(self) -> None:
        q = self.r.quota
        self.grade("quota.grade", q.grade, self.r.grades.order)
        ids = self.r.track_ids()
        for track_id, rate in q.rates.items():
            if track_id not in ids:
                self.add(
                    f"quota.rates.{track_id}",
                    track_id,
                    " / ".join(ids),
                    f"比例中的赛道 {track_id!r} 未定义",
                    f"quota rate for unknown track {track_id!r}",
                )
            if not 0 <= Fraction(rate) <= 1:
                self.add(f"quota.rates.{track_id}", rate, "0–1", "比例应在 0–1", "rate not in 0–1")
        for track_id in ids:
            if track_id not in q.rates:
                self.add(
                    "quota.rates",
                    "",
                    track_id,
                    f"缺少赛道 {track_id} 的比例",
                    f"no quota rate for track {track_id}",
                )
        el = q.eligibility
        for k, word in enumerate(el.quarters_none_of):
            self._word(f"quota.eligibility.quarters_none_of[{k}]", word)
        if el.quarters_at_least is not None:
            for k, word in enumerate(el.quarters_at_least.grades):
                self._word(f"quota.eligibility.quarters_at_least.grades[{k}]", word)
        if not _KEBAB.match(q.tie_flag):
            self.add("quota.tie_flag", q.tie_flag, "kebab-case", "标记应为 kebab-case", "flag case")

    def _consequences(self) -> None:
        for i, cons in enumerate(self.r.consequences):
            self.grade(f"consequences[{i}].grade", cons.grade, self.r.grades.order)
            if not _KEBAB.match(cons.flag):
                self.add(
                    f"consequences[{i}].flag",
                    cons.flag,
                    "kebab-case, e.g. merit-third-class",
                    "标记应为小写字母和连字符",
                    "flags are lower-case words joined by hyphens",
                )


def parse_rules(data: Any) -> tuple[RuleSet | None, list[Problem]]:
    """Validate a mapping (e.g. from YAML) into a RuleSet; return it and every problem."""
    if not isinstance(data, dict):
        found = type(data).__name__
        return None, [
            rules_problem(
                "(root)",
                found,
                "a mapping",
                "规则文件顶层应为键值映射",
                "the rule file must be a mapping at the top",
            )
        ]
    try:
        rules = RuleSet.model_validate(data)
    except ValidationError as exc:
        return None, pydantic_problems(exc)
    problems = check_rules(rules)
    return (None if problems else rules), problems
