"""Rule files: the embedded default, located errors, hostile YAML."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from cadrekit.errors import EXIT_USAGE, PathNotFound, RulesError
from cadrekit.models.rules import loc_path, parse_rules
from cadrekit.rules.load import default_text, load_rules, parse_yaml, rules_from_text


def default_data() -> dict[str, Any]:
    return copy.deepcopy(parse_yaml(default_text()))


def problems_of(data: Any) -> dict[str, str]:
    rules, problems = parse_rules(data)
    assert rules is None
    assert all(p.code == "rules-invalid" for p in problems)
    return {p.location: p.hint("en") for p in problems}


def test_default_matches_default_rules_md() -> None:
    loaded = load_rules()
    rules = loaded.rules
    assert loaded.origin == "default" and len(loaded.sha256) == 64
    assert load_rules("default").sha256 == loaded.sha256
    assert rules.grades.order == ["优秀", "称职", "基本称职", "不称职"]
    assert rules.grades.not_graded == "不定等次"
    assert rules.track_ids() == [
        "township-chief", "township-deputy", "dept-chief", "dept-deputy", "staff",
    ]  # fmt: skip
    assert rules.track("staff").quota_scope == "unit"
    weights = {i.column: i.weight for i in rules.track("dept-chief").indicators}
    assert weights == {"职能工作": 0.4, "重点任务": 0.3, "服务评价": 0.1, "党的建设": 0.2}
    assert rules.quota.rates["staff"] == "0.2" and rules.quota.rates["dept-deputy"] == "0.25"
    assert rules.adjustments.bonus.cap == 5 and rules.adjustments.deduction.cap is None
    assert [r.years_back for r in rules.limits.supervision.rules] == [0, 0, 1, 0]


def test_helpers() -> None:
    rules = load_rules().rules
    bounds = rules.indicator_columns()
    assert bounds["经济发展"] == (0.0, 100.0) and "工作实绩" in bounds and len(bounds) == 8
    needed = rules.required_columns()
    assert {"votes_excellent", "votes_incompetent", "q1", "q4", "工作实绩"} <= needed


def test_load_a_file(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(default_text(), encoding="utf-8")
    loaded = load_rules(path)
    assert loaded.origin == str(path) and loaded.sha256 == load_rules().sha256


def test_missing_file_is_a_path_error_exit_2(tmp_path: Path) -> None:
    with pytest.raises(PathNotFound) as caught:
        load_rules(tmp_path / "nope.yaml")
    assert caught.value.exit_code == EXIT_USAGE
    assert caught.value.message_en.startswith("no such rule file: ")


def test_loc_path() -> None:
    assert loc_path(("tracks", 2, "indicators", 0, "weight")) == "tracks[2].indicators[0].weight"
    assert loc_path(("quota", "rates", "staff")) == "quota.rates.staff"


def test_weights_not_summing_to_one() -> None:
    data = default_data()
    data["tracks"][0]["indicators"][0]["weight"] = 0.35
    got = problems_of(data)
    assert list(got) == ["tracks[0].indicators"]
    assert "1.05" in got["tracks[0].indicators"]


def test_unknown_key() -> None:
    data = default_data()
    data["tracks"][1]["indicators"][2]["wieght"] = 0.2
    data["extra_section"] = 1
    got = problems_of(data)
    assert set(got) == {"tracks[1].indicators[2].wieght", "extra_section"}
    assert "unknown key" in got["extra_section"]


def test_wrong_type() -> None:
    data = default_data()
    data["tracks"][2]["indicators"][0]["weight"] = "heavy"
    data["quota"]["min_score"] = [85]
    got = problems_of(data)
    assert set(got) == {"tracks[2].indicators[0].weight", "quota.min_score"}


def test_every_problem_is_reported_at_once() -> None:
    data = default_data()
    data["tracks"][3]["id"] = "dept-chief"  # duplicate id
    data["limits"]["score"][0]["limit"] = "良好"  # not a grade
    data["consequences"][0]["grade"] = "Excellent"
    data["ranking"]["tie_break"].append("height")
    data["limits"]["quarters"][0]["grades"].append("很差")
    got = problems_of(data)
    assert {
        "tracks[3].id",
        "limits.score[0].limit",
        "consequences[0].grade",
        "ranking.tie_break[4]",
        "limits.quarters[0].grades[2]",
        "quota.rates.dept-deputy",  # dept-deputy lost its id: its rate names no track
    } <= set(got)


def test_component_referring_to_something_missing() -> None:
    data = default_data()
    data["components"]["votes"] = None
    data["components"]["performance"]["weight"] = 0.8
    got = problems_of(data)
    assert "limits.votes[0].share_of" in got and "ranking.tie_break[2]" in got


def test_component_weights_must_sum_to_one() -> None:
    data = default_data()
    data["components"]["quarterly"]["weight"] = 0.3
    assert list(problems_of(data)) == ["components"]


def test_catch_all_track_is_required() -> None:
    data = default_data()
    data["tracks"][4]["condition"] = {"layer": "一般干部"}
    assert "tracks" in problems_of(data)


def test_ratio_text_is_exact() -> None:
    data = default_data()
    data["limits"]["votes"][0]["more_than"] = "one third"
    assert "limits.votes[0].more_than" in problems_of(data)


def test_rules_error_lists_problems_and_both_languages() -> None:
    text = default_text().replace("weight: 0.30}", "weight: 0.31}", 1)
    with pytest.raises(RulesError) as info:
        rules_from_text(text, "mine.yaml")
    err = info.value
    assert [p.location for p in err.problems] == ["tracks[0].indicators"]
    assert "mine.yaml" in err.message("en")
    assert err.problems[0].hint("en") != err.problems[0].hint("zh")


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "!!python/object:cadrekit.models.rules.RuleSet {}\n",
    ],
)
def test_python_tags_are_refused(text: str) -> None:
    with pytest.raises(RulesError):
        rules_from_text(text)


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    with pytest.raises(RulesError) as info:
        rules_from_text("\n".join(lines))
    assert "alias" in info.value.message("en")


def test_syntax_error_has_line_and_column() -> None:
    text = "grades:\n  order: [优秀, 称职\nname: x\n"
    with pytest.raises(RulesError) as info:
        rules_from_text(text, "bad.yaml")
    assert "bad.yaml:3:" in info.value.message("en")


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "42\n"])
def test_not_a_mapping(text: str) -> None:
    with pytest.raises(RulesError) as info:
        rules_from_text(text)
    assert info.value.problems[0].location == "(root)"
