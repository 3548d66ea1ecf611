"""The checks that need a whole rule set (weights summing to 1, references to grades,
tracks and components): every mistake as a located ``rules-invalid`` problem."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from cadrekit.models.rules import _KEBAB, ENGINE_KEYS, WEIGHT_TOLERANCE, RuleSet, Track
from cadrekit.problems import Problem


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
