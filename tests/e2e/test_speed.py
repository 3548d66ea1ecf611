"""Fixed cost: a command builds only itself, ``--version`` builds no command, and what a
user sees of the command line (help, usage errors, every command) is unchanged by that."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from cadrekit import __version__
from runner import run_cadrekit

_PROBE = (
    "import sys; sys.argv=['cadrekit', *{argv!r}]\n"
    "from cadrekit.cli.app import main\n"
    "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
    "built = sorted(m.rsplit('.', 1)[1] for m in sys.modules\n"
    "               if m.startswith('cadrekit.cli.commands.') and '._' not in m)\n"
    "heavy = sorted(m for m in ('pandas', 'pydantic.main', 'openpyxl', 'python_calamine',\n"
    "                           'rich.console', 'yaml') if m in sys.modules)\n"
    "print(code, ','.join(built), ','.join(heavy), file=sys.stderr)\n"
)


def _probe(*argv: str) -> str:
    """``exit-code commands-imported heavy-modules-imported`` of one in-process run."""
    code = _PROBE.format(argv=list(argv))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stderr.strip().splitlines()[-1]


def test_version_builds_no_command_and_imports_nothing_heavy() -> None:
    assert _probe("--version") == "0"
    assert _probe("--debug", "--version") == "0"


def test_a_command_builds_only_its_own_module() -> None:
    assert _probe("template", "--help").split(" ")[:2] == ["0", "template"]
    assert _probe("--debug", "explain", "--help").split(" ")[:2] == ["0", "explain"]
    assert _probe("publicity", "--help").split(" ")[:2] == ["0", "score"]  # lives in score.py


def test_root_help_and_a_mistyped_command_still_list_every_command() -> None:
    every = "batch,carry,compare,explain,flags,forms,profile,rules,score,sensitivity,special,"
    every += "template,tenure,training,validate,vet,weights"
    assert _probe("--help").split(" ")[:2] == ["0", every]
    assert _probe("scor").split(" ")[:2] == ["2", every]
    assert _probe("--version", "--help").split(" ")[:2] == ["0", every]


def test_installed_command_version_help_and_typo() -> None:
    version = run_cadrekit("--version")
    assert (version.returncode, version.stdout, version.stderr) == (
        0,
        f"cadrekit {__version__}\n",
        "",
    )
    typo = run_cadrekit("scor")
    assert typo.returncode == 2
    assert "没有命令 scor。是否要用 score？" in typo.stderr
    root = run_cadrekit("--help")
    assert root.returncode == 0
    for name in ("batch", "publicity", "score", "explain", "rules", "weights", "vet"):
        assert f"│ {name} " in root.stdout, name
    sub = run_cadrekit("rules", "show", "--help")
    assert sub.returncode == 0 and "用法：cadrekit rules show" in sub.stdout


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_batch_counts_workbook_has_no_per_cadre_sheet(tmp_path: Path, corpus) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, case in (("交通运输局", "batch-transport"), ("财政局", "batch-finance")):
        shutil.copyfile(corpus.saved(case), folder / f"{name}.xlsx")
    full, counts = tmp_path / "full", tmp_path / "counts"
    for out, kind in ((full, "auto"), (counts, "counts")):
        done = run_cadrekit("batch", folder, "-o", out, "-j", "1", "--workbook", kind)
        assert (done.returncode, done.stdout) == (0, ""), done.stderr
    whole, small = _sheets(full / "results.xlsx"), _sheets(counts / "results.xlsx")
    assert "明细" in whole  # 10 cadres: auto is the full workbook
    assert list(small) == ["汇总", "按单位", "问题", "规则", "关于", "文件状态"]
    for name in ("汇总", "按单位", "规则", "文件状态"):
        assert small[name] == whole[name], name
    assert small["问题"][:-1] == whole["问题"]  # the same problems, then the note
    assert small["问题"][-1][:4] == (
        "提示",
        None,
        None,
        "共 10 名干部：本工作簿只含汇总与按单位统计，每名干部的排名、等次和计算过程见 results.csv",
    )
    assert (counts / "results.csv").read_bytes() == (full / "results.csv").read_bytes()


def test_batch_workbook_kind_is_checked() -> None:
    done = run_cadrekit("batch", ".", "-o", "out", "--workbook", "some", env={"COLUMNS": "200"})
    assert done.returncode == 2
    assert "--workbook 的值“some”无效：应为以下之一：auto、full、counts" in done.stderr


def test_auto_workbook_is_full_up_to_100k_cadres_then_counts() -> None:
    from cadrekit.batch.write import BOOK_CADRES_MAX, WriteOptions, full_workbook

    assert BOOK_CADRES_MAX == 100_000
    auto, full, counts = (WriteOptions(workbook=k) for k in ("auto", "full", "counts"))
    assert [full_workbook(n, auto) for n in (1, 100_000, 100_001, 500_000)] == [
        True,
        True,
        False,
        False,
    ]
    assert (full_workbook(500_000, full), full_workbook(10, counts)) == (True, False)


def _rich_utils_after(*argv: str) -> str:
    probe = (
        f"import sys; sys.argv=['cadrekit', *{list(argv)!r}]\n"
        "from cadrekit.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    pass\n"
        "print('typer.rich_utils' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return done.stderr.strip().splitlines()[-1]


def test_help_chrome_is_loaded_only_for_help_and_usage_errors(tmp_path: Path) -> None:
    """typer's help renderer (0.1 s of rich markdown and pygments) is not imported by a run
    that prints neither help nor a usage error; help and usage errors keep their Chinese."""
    sample = Path(__file__).parents[2] / "data" / "samples" / "county-2025.xlsx"
    assert _rich_utils_after("score", str(sample), "-o", str(tmp_path / "r.csv")) == "False"
    assert _rich_utils_after("score", "--help") == "True"
    assert _rich_utils_after("score", str(sample), "--bogus") == "True"
    bogus = run_cadrekit("score", sample, "--bogus", env={"COLUMNS": "100"})
    assert bogus.returncode == 2 and "╭─ 错误 ─" in bogus.stderr
    assert "没有选项 --bogus（相近的选项：--bom）" in bogus.stderr
    helped = run_cadrekit("score", "--help", env={"COLUMNS": "100"})
    assert "╭─ 参数 ─" in helped.stdout and "╭─ 选项 ─" in helped.stdout  # the chrome
