import subprocess
import sys

from cadrekit import __version__


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cadrekit", *args], capture_output=True, text=True, check=False
    )


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
