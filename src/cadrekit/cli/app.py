"""The CLI: one Typer app, one error handler. Commands live in ``cli/commands/<verb>.py``.

Nothing heavy is imported here: ``cadrekit --version`` and ``--help`` stay fast because
each command imports the library inside its function body.
"""

from __future__ import annotations

import os
import signal
import sys
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


def _register() -> None:
    """Import each command module; each adds itself to ``app``."""
    import importlib
    import pkgutil

    from cadrekit.cli import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"cadrekit.cli.commands.{info.name}")


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


def main() -> None:
    """Entry point: run the app and map every failure to one line and an exit code."""
    # `cadrekit score … | head` must exit quietly: restore the default SIGPIPE action so a
    # closed pipe ends the process instead of raising BrokenPipeError in the middle of output.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    _register()
    command = typer.main.get_command(app)
    try:
        # standalone mode: click prints usage errors itself and exits 2.
        command.main(prog_name="cadrekit", standalone_mode=True)
    except CadrekitError as exc:
        from cadrekit.cli.report import print_error

        print_error(exc, _lang())
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # the one place that catches everything
        if _state["debug"]:
            import traceback

            traceback.print_exc()
        typer.secho(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
            err=True,
            fg="red",
        )
        sys.exit(EXIT_INTERNAL)
