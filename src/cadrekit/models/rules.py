"""The rule set: a YAML file officers edit, validated by Pydantic and a checker.

Structure follows DESIGN §4 (tracks → performance → composite → adjustments → limits →
ranking → quota → consequences). Grade names come from ``grades``; the engine refers to
them only by role (``quota.grade``, ``grades.default``, ``grades.not_graded``) and by
position in ``grades.order`` (best first).

Pydantic checks the shape (unknown keys, wrong types); ``models/rule_checker.check_rules``
what needs the whole file (weights summing to 1, references to grades, tracks and
components); ``models/rule_parse.parse_rules`` runs both. The optional sections (vetting,
flags, special, tenure, training) are in ``models/rule_sections``. Both report :class:`~cadrekit.problems.Problem` values with code ``rules-invalid`` and a
path such as ``tracks[2].indicators[0].weight``.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator

from cadrekit.models.rule_sections import (
    FlagRules,
    SpecialRules,
    TenureRules,
    TrainingRules,
    Vetting,
)
from cadrekit.models.rules_base import Ratio, Scalar, Strict

__all__ = ["ENGINE_KEYS", "WEIGHT_TOLERANCE", "Ratio", "RuleSet", "Scalar", "Strict"]

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
    # 测评票 sheet: rater group → weight ({}: any group, each ballot counts once).
    # count: total = Σ weight·group count (all 1 = plain sums, as typed totals);
    # share: total = ballots × Σ weight·group share / Σ weight of the groups present.
    rater_groups: dict[str, float] = {}
    weighting: Literal["count", "share"] = "count"

    @field_validator("rater_groups")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        bad = [k for k, w in value.items() if not w >= 0]
        if bad:
            raise ValueError(f"权重须 ≥ 0 / weights must be ≥ 0: {', '.join(bad)}")
        return value


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
