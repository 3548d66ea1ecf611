"""The error family and exit codes.

Raise only when going on makes no sense (an unreadable file, a broken rule file); problems
in the data are collected as :class:`cadrekit.problems.Problem` values instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.problems import Problem

EXIT_OK = 0
EXIT_INPUT = 1  # the input was read and has problems (data, rules, a corrupt file)
EXIT_USAGE = 2  # nothing was done: a wrong option, a path that does not exist, a refused output
EXIT_INTERNAL = 3  # a bug: one line, traceback only under --debug


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
