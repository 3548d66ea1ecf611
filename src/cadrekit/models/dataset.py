"""The loaded input: one normalised frame per sheet kind, with where each value came from.

Frames have canonical column names (GLOSSARY.md; ``id``, ``name``, ``unit`` …) for known
columns, and the header text for other columns (indicators such as 经济发展, and unknown
columns carried through). A frame's index is 0..n-1; ``rows`` maps it to the spreadsheet
row number so any value can be reported as ``干部名册!F17``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cadrekit.models.result import lazy_frame
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

SHEET_KINDS = (
    "cadres",
    "events",
    "supervision",
    "history",
    "candidates",
    "training",
    "special",
    "decisions",
    "ballots",
)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (Excel column letters)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class SheetFrame:
    """One sheet of the input after header mapping and normalisation."""

    kind: str  # one of SHEET_KINDS
    sheet: str  # the sheet's real name in the workbook ("干部名册"); the file name for CSV
    frame: pd.DataFrame
    rows: list[int]  # spreadsheet row number (1-based) of each frame row
    letters: dict[str, str]  # frame column -> spreadsheet column letter
    headers: dict[str, str]  # frame column -> header text as written in the file

    def cell(self, index: int, column: str | None = None) -> str:
        """Spreadsheet reference of frame row ``index`` (and ``column``): ``干部名册!F17``."""
        row = self.rows[index]
        letter = self.letters.get(column, "") if column else ""
        return f"{self.sheet}!{letter}{row}"


# ``frame`` may be given as a Deferred (models/result.py): the cadres frame of a scored
# result is made again from the result when read (engine/inputs.py)
lazy_frame(SheetFrame, "frame")


@dataclass
class Dataset:
    """Everything read from one input, plus the problems found while reading."""

    sheets: dict[str, SheetFrame]
    problems: list[Problem] = field(default_factory=list)
    source: Path | None = None
    sha256: str = ""

    def frame(self, kind: str) -> pd.DataFrame | None:
        sheet = self.sheets.get(kind)
        return sheet.frame if sheet is not None else None

    @property
    def cadres(self) -> pd.DataFrame:
        return self.sheets["cadres"].frame
