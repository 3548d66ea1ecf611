"""Fixed cost: a command builds only itself, ``--version`` builds no command, and what a
user sees of the command line (help, usage errors, every command) is unchanged by that."""

from __future__ import annotations

import subprocess
import sys

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
    every = "batch,compare,explain,flags,rules,score,sensitivity,special,template,tenure,"
    every += "training,validate,vet,weights"
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
    assert "No such command 'scor'. Did you mean 'score'?" in typo.stderr
    root = run_cadrekit("--help")
    assert root.returncode == 0
    for name in ("batch", "publicity", "score", "explain", "rules", "weights", "vet"):
        assert f"│ {name} " in root.stdout, name
    sub = run_cadrekit("rules", "show", "--help")
    assert sub.returncode == 0 and "Usage: cadrekit rules show" in sub.stdout
