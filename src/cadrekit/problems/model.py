"""A :class:`Problem`: one finding with its location, rendered from its catalogue entry."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from cadrekit.problems.catalogue import CATALOGUE
from cadrekit.problems.entry import SEVERITY_ORDER, Severity


@dataclass(frozen=True)
class Problem:
    """One finding about the input, with its location and a fix."""

    code: str
    location: str = ""
    found: str = ""
    expected: str = ""
    column: str = ""
    sheet: str = ""
    row: int | None = None
    severity: Severity | None = None  # None: the catalogue's severity
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> Severity:
        return self.severity or CATALOGUE[self.code].severity

    @property
    def blocks_scoring(self) -> bool:
        """An error that leaves its cadre row unscorable (see ``Entry.blocks_scoring``)."""
        return self.level == "error" and CATALOGUE[self.code].blocks_scoring

    def _fill(self, template: str) -> str:
        values = {"found": self.found, "expected": self.expected, "column": self.column}
        values.update({"suggest_zh": "", "suggest_en": ""})  # an optional did-you-mean
        values.update(self.params)
        try:
            return template.format(**values)
        except (KeyError, IndexError):
            return template

    def title(self, lang: str = "zh") -> str:
        entry = CATALOGUE[self.code]
        return self._fill(entry.title_en if lang == "en" else entry.title_zh)

    def hint(self, lang: str = "zh") -> str:
        entry = CATALOGUE[self.code]
        return self._fill(entry.hint_en if lang == "en" else entry.hint_zh)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.level
        data["message"] = self.title(lang)
        data["hint"] = self.hint(lang)
        return data


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level == "error" for p in problems)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Errors first, then by sheet and row, so reports read top to bottom."""
    return sorted(
        problems,
        key=lambda p: (SEVERITY_ORDER[p.level], p.sheet, p.row or 0, p.location, p.code),
    )
