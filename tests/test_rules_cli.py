"""`cadrekit rules show | init | check` from the installed command."""

import subprocess
from pathlib import Path

from cadrekit.rules.load import default_text
from runner import run_cadrekit

HEADER = (
    "编号,姓名,单位,单位类型,层级,优秀票,称职票,基本称职票,不称职票,一季度,二季度,三季度,四季度"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cadrekit(*args, cwd=cwd, env={"CADREKIT_LANG": "en", "COLUMNS": "160"})


def test_init_writes_the_default_rules_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "my-rules.yaml"
    assert run("rules", "init", "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == default_text()
    again = run("rules", "init", "-o", str(target))
    assert again.returncode == 2
    assert "--force" in again.stderr
    assert run("rules", "init", "-o", str(target), "--force").returncode == 0


def test_check_reports_weights_not_summing_to_one_with_their_path(tmp_path: Path) -> None:
    text = default_text().replace(
        "- {column: 工作实绩, weight: 1.00}", "- {column: 工作实绩, weight: 0.90}"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = run("rules", "check", str(bad))
    assert result.returncode == 1
    assert "tracks[4].indicators" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_against_a_roster_names_the_missing_column_and_its_rule_path(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    row = "A1,张三,城关镇,乡镇,正职,10,5,0,0,好,好,好,好"
    roster.write_text(f"{HEADER},经济发展,乡村振兴,安全稳定\n{row},90,90,90\n", encoding="utf-8")
    result = run("rules", "check", str(default_rules(tmp_path)), str(roster))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("severity,code,location")
    located = {line.split(",")[2] for line in lines[1:]}
    assert "tracks[0].indicators[3].column" in located  # 党的建设, first named there
    assert "tracks[2].indicators[0].column" in located  # 职能工作


def test_show_lists_every_track_and_limit() -> None:
    result = run("rules", "show")
    assert result.returncode == 0
    for track in ("township-chief", "township-deputy", "dept-chief", "dept-deputy", "staff"):
        assert track in result.stdout
    assert "share(不称职) > 1/3" in result.stdout  # CADREKIT_LANG=en: the rule words
    assert run("rules", "show", "--yaml").stdout == default_text()


def default_rules(tmp_path: Path) -> Path:
    path = tmp_path / "default.yaml"
    path.write_text(default_text(), encoding="utf-8")
    return path


def test_rules_show_and_init_speak_chinese(tmp_path: Path) -> None:
    shown = run_cadrekit("rules", "show", env={"CADREKIT_LANG": "zh", "COLUMNS": "160"})
    assert "民主测评" in shown.stdout and "performance" not in shown.stdout
    for code in ("supervision", "quarters", "veto", "unit_type=", "layer=", " track ", " unit "):
        assert code not in shown.stdout, code
    for words in (
        "监督信息",
        "一般/较差 ≥ 2 个季度",
        "综合得分 < 60",
        "单位类型=乡镇",
        "赛道内按单位",
    ):
        assert words in shown.stdout, words
    done = run_cadrekit("rules", "init", "-o", str(tmp_path / "r.yaml"))
    assert done.returncode == 0 and done.stderr.startswith("已写入 ")


def test_check_says_ok_in_the_chosen_language(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"
    assert run("rules", "init", "-o", "r.yaml", cwd=tmp_path).returncode == 0
    assert run("rules", "check", "r.yaml", cwd=tmp_path).stderr == "r.yaml: ok\n"
    with_roster = ("rules", "check", "r.yaml", str(sample))
    zh = run(*with_roster, "--lang", "zh", cwd=tmp_path)
    assert (zh.returncode, zh.stderr) == (0, f"r.yaml：无误，{sample} 有规则用到的每一列\n")
    en = run(*with_roster, cwd=tmp_path)
    assert (en.returncode, en.stderr) == (0, f"r.yaml: ok for {sample}\n")


def test_rules_from_a_device_is_refused_exit_1_before_reading(tmp_path: Path) -> None:
    sample = tmp_path / "r.csv"
    sample.write_text(HEADER + "\n", encoding="utf-8")
    result = run("score", str(sample), "--rules", "/dev/zero", "--lang", "zh")
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith(
            "无法读取规则文件 /dev/zero：不是普通文件（设备、管道或套接字） — 请给出一个 .yaml 文件"
        )
    )
    checked = run("rules", "check", "/dev/zero")
    assert checked.returncode == 1 and "not a regular file" in checked.stderr
