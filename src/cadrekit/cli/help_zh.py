"""The Chinese help catalogue: every ``--help`` text in Chinese, applied to the built command
tree before click parses (``cli/app.py`` calls :func:`localize` when the language is zh).

The English texts stay where the commands declare them (``help=`` in ``cli/commands/*``,
the docstrings); this module holds their Chinese twins, so one place answers "what does
``--help`` say in Chinese". To add a command: put its path in ``COMMANDS`` (help text with
an example), its own options in ``OPTIONS`` under ``"<command path>.<parameter name>"``;
an option shared by many commands (``--rules``, ``--year``…) goes under its bare
parameter name and every command picks it up. ``METAVARS`` names the value an option takes
in words (文件, 年份…). tests/e2e/test_zh.py fails when a command or option has no Chinese.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys
from typing import Any

from cadrekit.cli.help_zh_texts import (
    CHROME,
    COMMANDS,
    HELP_OPTION,
    METAVARS,
    OPTIONS,
    PANELS,
    SHARED,
    USAGE_WORDS,
)


def command_help(path: str) -> str | None:
    """The Chinese help of the command at ``path`` ("" for the top level, "rules show")."""
    return COMMANDS.get(path)


def option_help(path: str, name: str) -> str | None:
    """The Chinese help of parameter ``name`` of the command at ``path``."""
    return OPTIONS.get(f"{path}.{name}") or SHARED.get(name)


def metavar(path: str, name: str) -> str | None:
    return METAVARS.get(f"{path}.{name}") or METAVARS.get(name)


def localize(command: Any, path: str = "") -> None:
    """Put the Chinese help texts on ``command`` and every subcommand (in place)."""
    zh = command_help(path)
    if zh is not None:
        command.help = zh
        command.short_help = zh.split("\n", 1)[0]
    for param in command.params:
        text = option_help(path, param.name)
        if text is not None and hasattr(param, "help"):
            param.help = text
        _localize_param(param, metavar(path, param.name))
    _localize_chrome(command)
    for name, sub in getattr(command, "commands", {}).items():
        localize(sub, f"{path} {name}".strip())


def _localize_param(param: Any, word: str | None) -> None:
    """The value's name in words; typer ≥ 0.20 also prints a type column (``<bool>``,
    ``<path>``): that column shows the same word, or nothing for flags and arguments."""
    flag = bool(getattr(param, "is_flag", False))
    if getattr(param, "default", 0) is None:  # typer 0.16 printed [默认：None]
        param.show_default = False
    if getattr(param, "show_envvar", False):  # the help text names it (CADREKIT_LANG)
        param.show_envvar = False
    if word is not None and not flag:
        param.metavar = word
    panel = getattr(param, "rich_help_panel", None)
    if panel in PANELS:
        param.rich_help_panel = PANELS[panel]
    if hasattr(param, "display_type_rich"):
        shown = None if flag or not hasattr(param, "opts") or _is_argument(param) else word
        param.display_type_rich = lambda ctx, shown=shown: shown


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _usage_zh(text: str) -> str:
    for en, zh in USAGE_WORDS.items():
        text = text.replace(en, zh)
    return re.sub(r"\{([^{}\s]+)\}", r"\1", text)  # typer ≥ 0.20 writes {FILE}


def _localize_chrome(command: Any) -> None:
    """``Usage:`` and the --help option's text, on this command object only."""
    usage, help_option = command.get_usage, command.get_help_option

    def get_usage(ctx: Any) -> str:
        return _usage_zh(str(usage(ctx)))

    def get_help_option(ctx: Any) -> Any:
        option = help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
            _localize_param(option, None)
        return option

    command.get_usage = get_usage
    command.get_help_option = get_help_option


_ENGLISH: dict[str, Any] = {}


def install_chrome(lang: str = "zh") -> None:
    """Typer's section headers and tags in Chinese (module constants that typer reads when
    it renders help), or back to its English ones for ``lang="en"``."""
    from typer import rich_utils

    for name, text in CHROME.items():
        if hasattr(rich_utils, name):
            _ENGLISH.setdefault(name, getattr(rich_utils, name))
            setattr(rich_utils, name, text if lang != "en" else _ENGLISH[name])
    make = getattr(rich_utils, "_make_rich_text", None)
    if make is not None and not getattr(make, "_folds", False):
        rich_utils._make_rich_text = _folding(make)


def _folding(make: Any) -> Any:
    """Rich breaks lines at spaces and cuts a longer word with "…": a Chinese sentence has
    no spaces, so the rest of it was lost. Help text folds instead (at the column's edge)."""

    def folded(*args: Any, **kwargs: Any) -> Any:
        text = make(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    folded._folds = True  # type: ignore[attr-defined]
    return folded


class _ChromeOnImport(importlib.abc.MetaPathFinder):
    """Installs the chrome when typer first imports ``typer.rich_utils`` (to render help or
    an error box). Importing it costs 0.1 s (rich's markdown and pygments), which a run that
    prints no help and no usage error should not pay."""

    lang = "zh"

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != _RICH_UTILS:
            return None
        sys.meta_path.remove(self)  # once: the real finders find the module
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            execute(module)
            install_chrome(self.lang)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


_RICH_UTILS = "typer.rich_utils"
_ON_IMPORT = _ChromeOnImport()


def chrome_when_used(lang: str) -> None:
    """The chrome in ``lang`` now if typer's help renderer is loaded, else when it is."""
    if _RICH_UTILS in sys.modules:
        install_chrome(lang)
        return
    _ON_IMPORT.lang = lang
    if _ON_IMPORT not in sys.meta_path:
        sys.meta_path.insert(0, _ON_IMPORT)


def command_for(app: Any, lang: str) -> Any:
    """The click command tree of ``app`` with its help in ``lang`` (zh unless "en")."""
    import typer

    command = typer.main.get_command(app)
    chrome_when_used(lang)
    if lang != "en":
        from cadrekit.cli.usage_zh import install

        localize(command)
        install(command)  # click's usage errors (the 错误 box) in Chinese too
    return command
