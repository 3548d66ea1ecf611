"""Usage errors in Chinese: what click says in the 错误 box ("No such option: --bogus",
"Missing argument '文件'.") said in Chinese, from the exception's type and fields.

:func:`install` (called by ``help_zh.command_for`` when the language is zh) wraps the built
command tree in place: parsing raises typed errors where click only has prose
(:class:`NoSuchCommand`, :class:`ExtraArguments`) and gives every parse error its context;
the root's ``make_context`` and ``invoke`` put the Chinese text on any usage error before
typer prints it. The exit code stays click's (2). English (``--lang en``) installs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import Any

from typer._click import exceptions as click_errors

# click's only message without a field to read (Group.invoke with no command given)
_MISSING_COMMAND = "Missing command."
# pydantic's error type (typer converts values through a TypeAdapter) → what was expected
_EXPECTED = {
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为日期，如 2026-01-01",
    "date_from_datetime_parsing": "应为日期，如 2026-01-01",
    "datetime_parsing": "应为日期时间，如 2026-01-01T09:00",
}
_BOUNDS = {
    "greater_than_equal": ("ge", "应不小于 {}"),
    "less_than_equal": ("le", "应不大于 {}"),
    "greater_than": ("gt", "应大于 {}"),
    "less_than": ("lt", "应小于 {}"),
}


class NoSuchCommand(click_errors.UsageError):
    """A command name that the group does not have (click raises a bare UsageError)."""

    def __init__(self, message: str, ctx: Any, name: str, commands: Sequence[str]) -> None:
        super().__init__(message, ctx)
        self.name = name
        self.commands = list(commands)
        self.possibilities = get_close_matches(name, self.commands)


class ExtraArguments(click_errors.UsageError):
    """Arguments left over after the command took its own (click: a bare UsageError)."""

    def __init__(self, args: Sequence[str], ctx: Any) -> None:
        super().__init__(f"Got unexpected extra argument(s) ({' '.join(args)})", ctx)
        self.extra = list(args)


def install(command: Any) -> None:
    """Typed usage errors on ``command``'s tree, and their Chinese text at its root."""
    _guard_tree(command)
    command.make_context = _translating(command.make_context)
    command.invoke = _translating(command.invoke)


def _guard_tree(command: Any) -> None:
    command.parse_args = _parsing(command, command.parse_args)
    subcommands = getattr(command, "commands", None)
    if subcommands is not None:
        command.resolve_command = _resolving(command, command.resolve_command)
        for sub in subcommands.values():
            _guard_tree(sub)


def _parsing(command: Any, parse: Callable[[Any, list[str]], list[str]]) -> Any:
    group = getattr(command, "commands", None) is not None

    def parse_args(ctx: Any, args: list[str]) -> list[str]:
        allowed = ctx.allow_extra_args
        if not group:  # click fails on extra arguments with prose only: take them, then say
            ctx.allow_extra_args = True
        try:
            rest = parse(ctx, args)
        except click_errors.UsageError as exc:
            if exc.ctx is None:  # the parser's errors (requires a value…) carry no context
                exc.ctx, exc.cmd = ctx, ctx.command
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not group and not allowed and not ctx.resilient_parsing:
            raise ExtraArguments(rest, ctx)
        return rest

    return parse_args


def _resolving(group: Any, resolve: Callable[..., Any]) -> Any:
    def resolve_command(ctx: Any, args: list[str]) -> Any:
        try:
            return resolve(ctx, args)
        except click_errors.UsageError as exc:
            bare = type(exc) is click_errors.UsageError  # ctx.fail: no field names the word
            if bare and args and not args[0].startswith("-") and not _known(group, ctx, args[0]):
                names = group.list_commands(ctx)
                raise NoSuchCommand(exc.message, ctx, args[0], names) from None
            raise

    return resolve_command


def _known(group: Any, ctx: Any, name: str) -> bool:
    return group.get_command(ctx, name) is not None


def _translating(step: Callable[..., Any]) -> Any:
    def translated(*args: Any, **kwargs: Any) -> Any:
        try:
            return step(*args, **kwargs)
        except click_errors.UsageError as exc:
            if not getattr(exc, "_zh", False):
                text = message_zh(exc)
                exc.format_message = lambda: text  # type: ignore[method-assign]
                exc._zh = True  # type: ignore[attr-defined]
            raise

    return translated


def message_zh(exc: click_errors.UsageError) -> str:
    """The Chinese text of a usage error, read from its type and fields."""
    if isinstance(exc, NoSuchCommand):
        if exc.possibilities:
            return f"没有命令 {exc.name}。是否要用 {'、'.join(exc.possibilities)}？"
        return f"没有命令 {exc.name}。\n可用的命令：{_listed(exc.commands)}"
    if isinstance(exc, ExtraArguments):
        return f"多余的参数：{' '.join(exc.extra)}。文件名含空格时请用引号括起来。"
    if isinstance(exc, click_errors.NoSuchOption):
        if exc.possibilities:
            return (
                f"没有选项 {exc.option_name}（相近的选项：{'、'.join(sorted(exc.possibilities))}）"
            )
        return f"没有选项 {exc.option_name}。"
    if isinstance(exc, click_errors.BadOptionUsage):
        return _option_usage(exc)
    if isinstance(exc, click_errors.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click_errors.BadParameter):
        return _bad_value(exc)
    group: Any = exc.ctx.command if exc.ctx is not None else None
    if exc.message == _MISSING_COMMAND and hasattr(group, "list_commands"):
        return f"缺少命令。\n可用的命令：{_listed(group.list_commands(exc.ctx))}"
    return f"用法有误：{exc.message}"


def _listed(names: Sequence[str]) -> str:
    """Command names as typed, a space between them (rich wraps a long list there)."""
    return " ".join(names)


def _option_usage(exc: click_errors.BadOptionUsage) -> str:
    param = _option_named(exc.ctx, exc.option_name)
    if param is None:
        return f"选项 {exc.option_name} 用法有误：{exc.message}"
    if getattr(param, "is_flag", False):
        return f"选项 {exc.option_name} 是开关，不带值。"
    if param.nargs == 1:
        return f"选项 {exc.option_name} 需要一个值。"
    return f"选项 {exc.option_name} 需要 {param.nargs} 个值。"


def _option_named(ctx: Any, name: str) -> Any:
    if ctx is None:
        return None
    for param in ctx.command.params:
        if name in getattr(param, "opts", ()) or name in getattr(param, "secondary_opts", ()):
            return param
    return None


def _missing(exc: click_errors.MissingParameter) -> str:
    param = exc.param
    kind = exc.param_type or (param.param_type_name if param is not None else "parameter")
    word = "选项" if kind == "option" else "参数"
    if param is None:
        return f"缺少{word}。"
    choices = _choices(param)
    tail = f"（可选：{'、'.join(choices)}）" if choices else ""
    return f"缺少{word}：{_param_name(param)}{tail}"


def _bad_value(exc: click_errors.BadParameter) -> str:
    param = exc.param
    name = _param_name(param) if param is not None else "参数"
    errors = _validation_errors(exc.__cause__)
    if not errors:
        return f"{name} 的值无效：{exc.message}"
    first = errors[0]
    value = first.get("input")
    choices = _choices(param) if param is not None else []
    if choices:
        expected = f"应为以下之一：{'、'.join(choices)}"
    elif first.get("type") in _BOUNDS:
        key, words = _BOUNDS[first["type"]]
        expected = words.format((first.get("ctx") or {}).get(key, ""))
    else:
        expected = _EXPECTED.get(str(first.get("type")), str(first.get("msg", exc.message)))
    return f"{name} 的值“{value}”无效：{expected}"


def _validation_errors(cause: BaseException | None) -> list[dict[str, Any]]:
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return []
    try:
        return list(errors())
    except Exception:  # not pydantic's ValidationError after all
        return []


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not getattr(descriptor, "is_choice", False):
        return []
    return [str(getattr(c, "value", c)) for c in descriptor.choices or ()]


def _param_name(param: Any) -> str:
    """An option by its long name (--format), an argument by its value's name (文件)."""
    opts = list(getattr(param, "opts", ()) or ())
    if getattr(param, "param_type_name", "") == "option" and opts:
        return next((o for o in opts if o.startswith("--")), opts[0])
    word = getattr(param, "metavar", None) or (param.name or "").upper()
    return str(word).strip("{}")
