"""Rule files: the embedded default, located errors, hostile YAML."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from cadrekit.errors import EXIT_USAGE, PathNotFound, RulesError
from cadrekit.models.rule_parse import loc_path, parse_rules
from cadrekit.rules.load import BUILT_IN, default_text, load_rules, parse_yaml, rules_from_text


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


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_built_in_rule_sets_pass_the_strict_loader_and_load_as_a_file_would(
    name: str, tmp_path: Path
) -> None:
    """Built-in rule sets are parsed by libyaml's C loader (the fast path): their text must
    pass the strict loader too, and give the same rules as the same text in a file."""
    text = default_text(name)
    assert parse_yaml(text) == yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    built_in, from_file = load_rules(name), load_rules(path)
    assert built_in.rules == from_file.rules and built_in.sha256 == from_file.sha256
    assert built_in.origin == name


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


# --- hostile rule files (issue 14, item 8) --------------------------------------------------


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "1.0e+999"])
def test_non_finite_numbers_are_refused_at_their_line(value: str) -> None:
    text = default_text().replace("weight: 0.30}", f"weight: {value}}}", 1)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if value in s)
    with pytest.raises(RulesError) as info:
        rules_from_text(text, "r.yaml")
    assert info.value.message("zh").startswith(f"规则文件有误（r.yaml:{line}:")
    assert "不是有限数" in info.value.message("zh")
    assert info.value.exit_code == 1


@pytest.mark.parametrize("value", ['"nan"', '"inf"', '"-Infinity"'])
def test_non_finite_text_is_refused_by_the_model(value: str) -> None:
    text = default_text().replace("weight: 0.30}", f"weight: {value}}}", 1)
    with pytest.raises(RulesError) as info:
        rules_from_text(text, "r.yaml")
    first = info.value.problems[0]
    assert first.location == "tracks[0].indicators[0].weight"
    assert "须为有限数（不接受 nan、inf）" in first.hint("zh")


def test_duplicate_keys_are_refused_with_both_lines() -> None:
    text = default_text().replace("  rates:\n", "  rates:\n    staff: 0.99\n", 1)
    assert "staff: 0.99" in text
    with pytest.raises(RulesError) as info:
        rules_from_text(text, "r.yaml")
    message = info.value.message("zh")
    lines = text.splitlines()
    first = next(i for i, s in enumerate(lines, 1) if "staff: 0.99" in s)
    again = next(i for i, s in enumerate(lines, 1) if i > first and s.strip().startswith("staff:"))
    assert f"键 staff 重复（第 {first} 行和第 {again} 行）" in message
    assert f"r.yaml:{again}:" in message


def test_deep_nesting_is_a_located_error_not_a_recursion_error() -> None:
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(RulesError) as info:
        rules_from_text(text, "deep.yaml")
    assert info.value.message("zh") == "规则文件有误（deep.yaml:1:35）：嵌套超过 32 层"


def test_nesting_within_the_cap_is_read() -> None:
    assert parse_yaml("a: " + "[" * 30 + "]" * 30 + "\n") is not None


@pytest.mark.parametrize("name", ["/dev/zero", "/dev/null", "fifo", "folder"])
def test_non_regular_files_are_refused_without_reading(tmp_path: Path, name: str) -> None:
    import os

    path = Path(name)
    if name == "fifo":
        path = tmp_path / "fifo"
        os.mkfifo(path)  # no writer: a blocking open would hang
    elif name == "folder":
        path = tmp_path
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert info.value.exit_code == 1
    reason = "这是一个文件夹" if name == "folder" else "不是普通文件（设备、管道或套接字）"
    assert info.value.message_zh == f"无法读取规则文件 {path}：{reason}"


def test_oversized_rule_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(default_text() + "#" * (1 << 20), encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert info.value.message_zh == f"无法读取规则文件 {path}：文件超过 1 MiB"


def test_judgement_matrix_files_use_the_strict_loader(tmp_path: Path) -> None:
    from cadrekit.errors import InputFileError
    from cadrekit.weights.io import read_yaml_matrices

    path = tmp_path / "m.yaml"
    path.write_text("criteria: [a, b]\nmatrix: [[1, .nan], [1, 1]]\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        read_yaml_matrices(path)
    assert info.value.message_zh == (
        "判断矩阵文件 m.yaml 有误：第 2 行：数值 .nan 不是有限数（不接受 .nan、.inf）"
    )
    path.write_text("criteria: [a, b]\ncriteria: [a]\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="第 1 行和第 2 行"):
        read_yaml_matrices(path)
