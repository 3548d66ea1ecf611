import subprocess
import sys

from cadrekit import __version__
from runner import run_cadrekit


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cadrekit(*args)


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"cadrekit {__version__}"


def test_unknown_command_is_a_usage_error() -> None:
    result = run("no-such-command")
    assert result.returncode == 2


def test_version_does_not_import_pandas() -> None:
    code = (
        "import sys; sys.argv=['cadrekit','--version']\n"
        "from cadrekit.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'pandas' not in sys.modules, 'pandas imported'\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_input_file_help_names_exactly_the_accepted_suffixes() -> None:
    import re

    from cadrekit.cli.options import InputFile
    from cadrekit.io.read import ACCEPTED_SUFFIXES

    help_text = InputFile.__metadata__[0].help
    assert sorted(re.findall(r"\.[a-z]+", help_text)) == sorted(ACCEPTED_SUFFIXES)


def test_stderr_in_a_file_or_pipe_is_not_wrapped_at_80_columns(tmp_path) -> None:
    """2>log.txt: one problem is one table line, however long (terminals keep their width)."""
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
    import make_problem_fixtures as fx

    path, _ = fx.build("bad-id-number", tmp_path)
    result = run("score", str(path))
    assert result.returncode == 1
    row = next(line for line in result.stderr.splitlines() if "干部名册!H5" in line)
    assert row == (
        "│ 干部名册!H5 │ 110105********0021 │ 末位校验码正确、出生日期有效 │ "
        "请核对身份证号（18 位，末位为校验码） │"
    )
    assert result.stderr.splitlines()[0] == "错误 身份证号校验失败 (bad-id-number) × 1"


def test_stderr_console_is_wide_unless_a_terminal(monkeypatch) -> None:
    import io

    from cadrekit.cli.report import LOG_WIDTH, stderr_console

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    console = stderr_console(soft_wrap=False)
    assert (console.width, console.soft_wrap) == (LOG_WIDTH, True)
    console.print("x" * 150)
    assert sys.stderr.getvalue() == "x" * 150 + "\n"
