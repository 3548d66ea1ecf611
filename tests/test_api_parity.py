"""Each command is one library call: the CLI's JSON (or CSV) for the sample equals the
library's result rendered the same way; the old spellings of special, tenure and
publicity still work and name the new command on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cadrekit import api
from cadrekit.cli.commands._insight import csv_text, records
from runner import run_cadrekit

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"


def _json(*args: str | Path) -> object:
    done = run_cadrekit(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_special_is_api_special() -> None:
    table = api.special(SAMPLE, "森林防灭火")
    assert _json("special", SAMPLE, "--task", "森林防灭火") == records(table.frame)


def test_tenure_is_api_tenure() -> None:
    table = api.tenure(SAMPLE, term_from=2023, term_to=2025)
    done = run_cadrekit("tenure", SAMPLE, "--from", "2023", "--to", "2025", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == csv_text(table.frame, "zh", table.rules.quota.grade, safe=False)


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        (
            ["score", "--kind", "special", "--task", "森林防灭火"],
            ["special", "--task", "森林防灭火"],
            "cadrekit special",
        ),
        (
            ["score", "--kind", "tenure", "--from", "2023", "--to", "2025"],
            ["tenure", "--from", "2023", "--to", "2025"],
            "cadrekit tenure",
        ),
    ],
)
def test_old_spelling_gives_the_same_output_and_a_note(
    old: list[str], new: list[str], named: str
) -> None:
    was = run_cadrekit(old[0], SAMPLE, *old[1:], "--format", "json")
    now = run_cadrekit(new[0], SAMPLE, *new[1:], "--format", "json")
    assert was.returncode == now.returncode == 0, was.stderr + now.stderr
    assert was.stdout == now.stdout
    assert f"已改为独立命令 {named}（旧写法仍可用）" in was.stderr.splitlines()[0]
    assert "已改为独立命令" not in now.stderr


def test_publicity_old_and_new_spelling(tmp_path: Path) -> None:
    args = ["--year", "2025", "--publicity-start", "2026-01-09", "--issuer", "中共某县委组织部"]
    now = run_cadrekit("publicity", SAMPLE, *args)
    was = run_cadrekit("score", SAMPLE, "--publicity", *args)
    assert now.returncode == was.returncode == 0, now.stderr + was.stderr
    assert now.stdout == was.stdout and "中共某县委组织部" in now.stdout
    assert was.stderr.splitlines()[0] == (
        "提示：score --publicity 已改为独立命令 cadrekit publicity（旧写法仍可用）"
    )
    en = run_cadrekit("score", SAMPLE, "--publicity", *args, "--lang", "en")
    assert en.stderr.splitlines()[0] == (
        "note: score --publicity is now the command cadrekit publicity "
        "(the old spelling still works)"
    )


def test_special_without_task_names_the_tasks() -> None:
    done = run_cadrekit("special", SAMPLE)
    assert done.returncode == 2
    assert (
        "专项考核需要 --task（可选：乡村振兴、信访维稳、森林防灭火、重点项目建设）" in done.stderr
    )
    assert "Traceback" not in done.stderr


def test_each_new_command_has_help_with_an_example() -> None:
    for command in ("special", "tenure", "publicity"):
        done = run_cadrekit(command, "--help", env={"CADREKIT_LANG": "en"})
        assert done.returncode == 0 and f"cadrekit {command} roster.xlsx" in done.stdout
        done = run_cadrekit(command, "--help")
        assert done.returncode == 0 and f"示例：cadrekit {command} 干部名册.xlsx" in done.stdout


def test_api_rule_set_is_public() -> None:
    assert api.rule_set().name == api.rule_set(api.rule_set()).name
    assert api.rule_set("institution").name != api.rule_set().name


def test_vet_is_api_vet() -> None:
    table = api.vet(SAMPLE, date=__import__("datetime").date(2026, 1, 15))
    done = run_cadrekit("vet", SAMPLE, "--date", "2026-01-15", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    doc = json.loads(done.stdout)
    assert doc["rows"] == records(table.frame)
    assert doc["candidates"] == records(table.meta["summary"])


def test_training_is_api_training() -> None:
    table = api.training(SAMPLE, by="cadre", below=True)
    assert _json("training", SAMPLE, "--by", "cadre", "--below") == records(table.frame)


def test_flags_is_api_flags() -> None:
    table = api.flags(SAMPLE, lists=("promotion", "risk"))
    doc = _json("flags", SAMPLE, "--list", "promotion", "--list", "risk")
    assert doc["rows"] == records(table.frame)


def test_explain_is_api_explain() -> None:
    docs = api.explain(SAMPLE, ["A0001"])
    assert _json("explain", SAMPLE, "A0001") == json.loads(json.dumps(docs[0]))


def test_explain_with_decisions_is_api_explain_with_decisions(tmp_path: Path) -> None:
    own = tmp_path / "决定.csv"
    own.write_text(
        "编号,姓名,决定等次,会议,会议日期,记录人\r\n"
        "A0301,王兵,优秀,青山县委考核委员会2026年第1次会议,2026-01-12,王敏\r\n",
        "utf-8-sig",
    )
    docs = api.explain(SAMPLE, ["A0301"], year=2025, decisions=own)
    doc = _json("explain", SAMPLE, "A0301", "--year", "2025", "--decisions", own)
    assert doc == json.loads(json.dumps(docs[0]))
    assert (doc["grade"], doc["decisions"][0]["value"], doc["decisions"][0]["outcome"]) == (
        "优秀",
        "优秀",
        "decided",
    )


def test_compare_is_api_compare() -> None:
    frame = api.compare(SAMPLE, SAMPLE, by="track")
    doc = _json("compare", SAMPLE, SAMPLE, "--by", "track")
    assert doc["rows"] == records(frame)


def test_top_level_package_offers_each_command() -> None:
    import cadrekit

    for name in ("special", "tenure", "vet", "training", "flags", "explain", "compare"):
        assert getattr(cadrekit, name) is getattr(api, name)


def test_weights_entropy_is_api_weights() -> None:
    derived = api.weights("entropy", SAMPLE, "township-chief")
    doc = _json("weights", "entropy", SAMPLE, "--track", "township-chief", "--lang", "en")
    assert doc["cadres"] == int(derived.result.rows_used.sum())
    got = {r["criterion"]: r["weight"] for r in doc["rows"]}
    assert got == {c: round(float(w), 4) for c, w in derived.result.weight_map().items()}


def test_weights_ahp_is_api_ahp() -> None:
    matrix = SAMPLE.parent / "ahp-township.yaml"
    group = api.ahp([matrix])
    doc = _json("weights", "ahp", matrix)
    assert doc["weights"] == group.aggregate.weight_map() and doc["cr"] == group.aggregate.cr


def test_rules_check_is_api_rules_check(tmp_path: Path) -> None:
    assert api.rules_check("institution") == []  # a built-in name loads
    done = run_cadrekit("rules", "check", "institution", SAMPLE)
    problems = api.rules_check("institution", SAMPLE)
    assert done.returncode == (1 if problems else 0)


def test_template_is_api_template(tmp_path: Path) -> None:
    import openpyxl

    api.template(tmp_path / "lib.xlsx")
    done = run_cadrekit("template", "-o", tmp_path / "cli.xlsx")
    assert done.returncode == 0, done.stderr
    lib, cli = (openpyxl.load_workbook(tmp_path / n) for n in ("lib.xlsx", "cli.xlsx"))
    assert lib.sheetnames == cli.sheetnames
    for name in lib.sheetnames:
        assert [c.value for c in lib[name][1]] == [c.value for c in cli[name][1]]


def test_publicity_is_api_publicity() -> None:
    import datetime as dt

    from cadrekit.render.publicity import to_markdown

    made = api.publicity(SAMPLE, year=2025, start=dt.date(2026, 1, 9), issuer="中共某县委组织部")
    done = run_cadrekit("publicity", SAMPLE, "--year", "2025", "--publicity-start", "2026-01-09",
                        "--issuer", "中共某县委组织部")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == to_markdown(made.notice) and made.ties == 2


def test_validate_is_api_validate() -> None:
    broken = SAMPLE.parent / "broken.xlsx"
    done = run_cadrekit("validate", broken, "--format", "json")
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    problems = api.validate(broken).problems
    assert sorted((p["code"], p["location"], p["severity"]) for p in doc["problems"]) == sorted(
        (p.code, p.location, p.level) for p in problems
    )
    assert doc["errors"] == sum(p.level == "error" for p in problems) == 15


def test_score_is_api_score() -> None:
    result = api.score(SAMPLE)
    doc = _json("score", SAMPLE)
    assert (doc["year"], doc["rules_sha256"]) == (result.year, result.rules_sha256)
    got = [(c["id"], c["rank"], c["score"], c["grade"]) for c in doc["cadres"]]
    cadres = result.cadres
    ranks = [None if pd.isna(r) else int(r) for r in cadres["rank"]]
    scores = [None if pd.isna(s) else float(s) for s in cadres["score"]]
    want = sorted(zip(cadres["id"], ranks, scores, cadres["grade"], strict=True), key=str)
    assert len(got) == 420 and sorted(got, key=str) == want


def test_sensitivity_is_api_sensitivity() -> None:
    report = api.sensitivity(SAMPLE, draws=50, seed=3)
    doc = _json("sensitivity", SAMPLE, "--draws", "50", "--seed", "3")
    assert doc["params"]["draws"] == 50 and doc["params"]["seed"] == 3
    got = [(r["track"], r["n"], r["kendall_mean"]) for r in doc["rank_stability"]]
    frame = report.rank_stability
    want = list(zip(frame["track"], frame["n"], frame["kendall_mean"], strict=True))
    assert got == [(t, int(n), pytest.approx(float(k))) for t, n, k in want]


def test_rules_show_is_api_rules_show() -> None:
    loaded = api.rules_show("institution")
    text = run_cadrekit("rules", "show", "--rules", "institution", "--yaml")
    assert text.returncode == 0 and text.stdout == loaded.text
    tables = run_cadrekit("rules", "show", "--rules", "institution")
    assert tables.stdout.splitlines()[0].split() == [
        loaded.rules.name,
        f"({loaded.origin},",
        "sha256",
        f"{loaded.sha256[:12]})",
    ]


def test_weights_critic_is_api_weights() -> None:
    derived = api.weights("critic", SAMPLE, "township-chief")
    doc = _json("weights", "critic", SAMPLE, "--track", "township-chief", "--lang", "en")
    assert doc["method"] == "critic" and doc["cadres"] == int(derived.result.rows_used.sum())
    got = {r["criterion"]: r["weight"] for r in doc["rows"]}
    assert got == {c: round(float(w), 4) for c, w in derived.result.weight_map().items()}


def test_compare_is_api_comparison() -> None:
    strict = Path(__file__).resolve().parents[1] / "docs" / "examples" / "strict.yaml"
    both = api.comparison(SAMPLE, rules_new=strict)
    done = run_cadrekit("compare", SAMPLE, "--rules-new", strict, "--changed", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    moved = both.frame(changed=True)
    assert [r["id"] for r in doc["rows"]] == list(moved["id"]) and len(moved) == 28
    assert done.stderr.splitlines()[-1] == "等次变化：升 0，降 28，不变 392，新增 0，离开 0"
    assert api.compare(SAMPLE, rules_new=strict).equals(both.per_cadre)


def test_profile_is_api_profile() -> None:
    doc = api.profile(SAMPLE, "A0001", date=__import__("datetime").date(2026, 1, 15))
    got = _json("profile", SAMPLE, "A0001", "--date", "2026-01-15")
    assert got == json.loads(json.dumps(doc, ensure_ascii=False, default=str))


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}


def test_carry_is_api_carry(tmp_path: Path) -> None:
    """The same next-year workbook, cell for cell, from the command and the library."""
    done = run_cadrekit("carry", SAMPLE, "-o", tmp_path / "cli.xlsx")
    assert done.returncode == 0, done.stderr
    api.carry(SAMPLE, tmp_path / "lib.xlsx")
    assert _cells(tmp_path / "cli.xlsx") == _cells(tmp_path / "lib.xlsx")


def _texts(folder: Path) -> dict[str, list[str]]:
    import docx

    return {
        p.name: [para.text for para in docx.Document(str(p)).paragraphs]
        + [c.text for t in docx.Document(str(p)).tables for r in t.rows for c in r.cells]
        for p in sorted(folder.iterdir())
    }


def test_forms_is_api_forms(tmp_path: Path) -> None:
    """The same registration forms (names and every paragraph and cell) for one unit."""
    done = run_cadrekit("forms", SAMPLE, "--unit", "县应急局", "-o", tmp_path / "cli")
    assert done.returncode == 0, done.stderr
    made = api.forms(SAMPLE, tmp_path / "lib", units=["县应急局"])
    assert made.paths and len(made.paths) == len(list((tmp_path / "cli").iterdir()))
    assert _texts(tmp_path / "cli") == _texts(tmp_path / "lib")
