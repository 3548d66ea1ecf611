"""The CLI: one Typer app, one error handler. Commands live in ``cli/commands/<verb>.py``.

Nothing heavy is imported here: ``cadrekit --version`` and ``--help`` stay fast because
each command imports the library inside its function body.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from cadrekit import __version__
from cadrekit.errors import EXIT_INTERNAL, CadrekitError

app = typer.Typer(
    name="cadrekit",
    help="cadrekit — layered, explainable cadre assessment (干部考核) from Excel.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cadrekit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
) -> None:
    """cadrekit — layered, explainable cadre assessment (干部考核) from Excel."""
    _state["debug"] = debug


# A command defined in a module of another name (cli/commands/<module>.py).
_HOMES = {"publicity": "score"}


def _register(argv: Sequence[str] = ()) -> None:
    """Import the module of the command named on the command line (each module adds its
    commands to ``app``): only that one, so a command does not pay for building the
    others; all of them for ``--help``, no command or a name that is not one (the usage
    error lists them); none for ``--version``."""
    import importlib
    import pkgutil

    from cadrekit.cli import commands

    modules = sorted(m.name for m in pkgutil.iter_modules(commands.__path__))
    modules = [m for m in modules if not m.startswith("_")]
    named = next((a for a in argv if not a.startswith("-")), None)
    if named is None and "--version" in argv and "--help" not in argv:
        return
    home = _HOMES.get(named or "", named)
    for name in [home] if home in modules else modules:
        importlib.import_module(f"cadrekit.cli.commands.{name}")
    # the order of --help does not depend on which modules were imported before (a library
    # caller, a test): by module name, then as each module declares its commands
    where = {f"cadrekit.cli.commands.{m}": i for i, m in enumerate(modules)}
    app.registered_commands.sort(
        key=lambda info: where.get(getattr(info.callback, "__module__", ""), len(where))
    )
    app.registered_groups.sort(  # rules, weights: each declared in the module of its name
        key=lambda info: where.get(f"cadrekit.cli.commands.{info.name}", len(where))
    )


def _lang() -> str:
    argv = sys.argv
    if "--lang" in argv:
        i = argv.index("--lang")
        if i + 1 < len(argv):
            return argv[i + 1]
    for arg in argv:
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("CADREKIT_LANG", "zh")


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the process is, so that it leaves as Ctrl-C does: every
    ``finally`` and ``except BaseException`` runs (temporary files removed), exit 143."""


def _on_sigterm(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one is enough: let the cleanup run
    raise Terminated()


def main() -> None:
    """Entry point: run the app and map every failure to one line and an exit code."""
    # `cadrekit score … | head` must exit quietly: restore the default SIGPIPE action so a
    # closed pipe ends the process instead of raising BrokenPipeError in the middle of output.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = _run()
    finally:
        from cadrekit.io.write import remove_scratch

        remove_scratch()
    sys.exit(code)


def _run() -> int:
    _register(sys.argv[1:])
    args = sys.argv[1:]
    if "--version" in args and set(args) <= {"--version", "--debug"}:  # one line, no rich
        command = typer.main.get_command(app)
    else:
        from cadrekit.cli.help_zh import command_for

        command = command_for(app, _lang())  # --help in Chinese unless English is asked for
    try:
        try:
            # standalone mode: click prints usage errors itself and exits 2; Ctrl-C (and
            # SIGTERM, a KeyboardInterrupt here) leaves as SystemExit(130) caused by it.
            command.main(prog_name="cadrekit", standalone_mode=True)
            code = 0
        except SystemExit as exc:
            stopped = _interrupted(exc)
            if stopped is not None:
                code = stopped
            else:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()  # here, not at exit: stdout on a full disk is reported like any other
        return code
    except CadrekitError as exc:
        from cadrekit.cli.report import print_error

        print_error(exc, _lang())
        return exc.exit_code
    except KeyboardInterrupt as exc:
        return _say_interrupted(exc)
    except OSError as exc:  # an output file's error is an OutputError: this is stdout's
        return _stdout_failure(exc)
    except Exception as exc:  # the one place that catches everything
        if _state["debug"]:
            import traceback

            traceback.print_exc()
        typer.secho(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
            err=True,
            fg="red",
        )
        return EXIT_INTERNAL


def _interrupted(exc: SystemExit) -> int | None:
    """The exit code when ``exc`` was caused by Ctrl-C or SIGTERM, else None."""
    current: BaseException | None = exc
    for _ in range(6):
        if current is None:
            return None
        if isinstance(current, KeyboardInterrupt):
            return _say_interrupted(current)
        current = current.__cause__ or current.__context__
    return None


def _say_interrupted(exc: KeyboardInterrupt) -> int:
    with contextlib.suppress(OSError):
        typer.echo("interrupted" if _lang() == "en" else "已中断", err=True)
    return 143 if isinstance(exc, Terminated) else 130


def _stdout_failure(exc: OSError) -> int:
    """stdout could not be written (or an OS error no writer wrapped): one line, exit 2;
    what Python would flush at exit goes to /dev/null instead of a second report."""
    from cadrekit.cli.report import print_error
    from cadrekit.errors import OutputError, os_reason

    zh, en = os_reason(exc)
    if exc.filename:
        error = OutputError(f"无法读写 {exc.filename}：{zh}", message_en=f"{exc.filename}: {en}")
    else:
        error = OutputError(f"无法写入标准输出：{zh}", message_en=f"cannot write to stdout: {en}")
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    with contextlib.suppress(OSError):
        print_error(error, _lang())
    return error.exit_code
