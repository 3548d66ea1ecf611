"""The error family and exit codes.

Raise only when going on makes no sense (an unreadable file, a broken rule file); problems
in the data are collected as :class:`cadrekit.problems.Problem` values instead.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.problems import Problem

EXIT_OK = 0
EXIT_INPUT = 1  # the input was read and has problems (data, rules, a corrupt file)
EXIT_USAGE = 2  # nothing was done: a wrong option, a path that does not exist, a refused output
EXIT_INTERNAL = 3  # a bug: one line, traceback only under --debug


_OS_REASONS = {
    errno.ENOSPC: ("磁盘空间不足", "no space left on the device"),
    errno.EDQUOT: ("超出磁盘配额", "disk quota exceeded"),
    errno.EIO: ("磁盘读写出错", "input/output error"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("不允许的操作", "operation not permitted"),
    errno.EROFS: ("文件系统只读", "read-only file system"),
    errno.EFBIG: ("文件过大", "file too large"),
    errno.ENOENT: ("文件或文件夹不存在", "no such file or folder"),
    errno.EISDIR: ("这是一个文件夹", "it is a folder"),
    errno.ELOOP: ("符号链接循环", "too many levels of symbolic links"),
    errno.ENXIO: ("设备不存在或未就绪", "no such device or address"),
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """An OS error's reason in Chinese and English, for one-line messages."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    text = exc.strerror or type(exc).__name__
    return f"系统错误：{text}", text


class CadrekitError(Exception):
    """An error the user can act on. ``message`` is one line in the user's language."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        message_en: str | None = None,
        hint: str | None = None,
        hint_en: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.message_zh = message
        self.message_en = message_en or message
        self.hint_zh = hint
        self.hint_en = hint_en or hint
        self.problems = problems or []

    def message(self, lang: str = "zh") -> str:
        text = self.message_en if lang == "en" else self.message_zh
        hint = self.hint_en if lang == "en" else self.hint_zh
        return f"{text} — {hint}" if hint else text


class InputFileError(CadrekitError):
    """The input file cannot be read: missing, not a workbook, encrypted, truncated, hostile."""


class ValidationFailed(CadrekitError):
    """The input was read but has errors; ``problems`` lists every one."""


class DecisionsRefused(CadrekitError):
    """Decisions of the 决定 sheet that the rules forbid (engine/decisions.py); nothing was
    scored. ``verdicts``: one row per decision (the 决定 frame's index), columns ``verdict``
    (``applied`` or the refusal) and ``detail``; ``api.score`` turns the refusals into
    problems at their cells (:class:`ValidationFailed`)."""

    def __init__(self, verdicts: object) -> None:
        super().__init__(
            "决定表中有不符合考核规则的决定，未评分",
            message_en="the 决定 sheet has decisions the rules forbid; nothing was scored",
        )
        self.verdicts = verdicts


class RulesError(CadrekitError):
    """The rule file is invalid; ``problems`` locate each mistake by its path."""


class WeightsDataError(CadrekitError):
    """The data cannot give objective weights or a TOPSIS closeness (no usable indicator,
    too few cadres, missing values). Also :class:`cadrekit.weights.WeightsDataError`."""


class OutputError(CadrekitError):
    """The output cannot be written safely (exists, is the input, folder read-only, locked).

    Exit 2: nothing was written, so a script must not look for a report.
    """

    exit_code = EXIT_USAGE


class PathNotFound(CadrekitError):
    """An input, folder or rule file named on the command line does not exist (exit 2)."""

    exit_code = EXIT_USAGE


class UsageError(CadrekitError):
    """The command line asks for something impossible (unknown track, bad option value)."""

    exit_code = EXIT_USAGE


class InternalError(CadrekitError):
    """A bug: cadrekit caught itself about to give a wrong answer (exit 3, nothing written)."""

    exit_code = EXIT_INTERNAL


class InvariantBroken(InternalError):
    """An engine invariant failed at the end of the pipeline (engine/invariants.py).

    ``invariant``: its stable code (``finite-score``, ``grade-within-limit``,
    ``quota-slots``, ``rows-accounted``); ``cadres``: the ids of the cadres it concerns.
    """

    def __init__(self, invariant: str, cadres: list[str], zh: str, en: str) -> None:
        super().__init__(
            f"引擎自检未通过 [{invariant}]：{zh}；未输出任何结果",
            message_en=f"engine self-check failed [{invariant}]: {en}; no result was written",
            hint="这是 cadrekit 的缺陷，请把此行和输入文件报告给维护者",
            hint_en="this is a bug in cadrekit: report this line and the input to the maintainers",
        )
        self.invariant = invariant
        self.cadres = cadres
