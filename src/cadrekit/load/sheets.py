"""Finding each kind of sheet (DESIGN §3) by its English kind or Chinese name."""

from __future__ import annotations

from typing import Any, Protocol

from cadrekit.load.schema import header_key
from cadrekit.models.dataset import SHEET_KINDS
from cadrekit.models.rows import SHEET_NAMES
from cadrekit.problems import Problem


class SheetLike(Protocol):
    name: str
    frame: Any
    hidden: bool


def _names() -> dict[str, str]:
    out: dict[str, str] = {}
    for kind in SHEET_KINDS:
        out[header_key(kind)] = kind
        for name in SHEET_NAMES.get(kind, ()):
            out[header_key(name)] = kind
    return out


_KEYS = _names()


def sheet_kind(name: str) -> str | None:
    """The kind a sheet name stands for, ignoring case, spaces and full-width forms."""
    return _KEYS.get(header_key(name))


def find_sheets(sheets: list[Any], file_name: str) -> tuple[dict[str, Any], list[Problem]]:
    """Kind → sheet, plus notes on ignored and hidden sheets and a missing cadre sheet."""
    found: dict[str, Any] = {}
    problems: list[Problem] = []
    if len(sheets) == 1 and sheet_kind(sheets[0].name) in (None, "cadres"):
        found["cadres"] = sheets[0]
    else:
        for sheet in sheets:
            kind = sheet_kind(sheet.name)
            if kind is None or kind in found:
                problems.append(
                    Problem(
                        "unknown-sheet",
                        location=sheet.name,
                        sheet=sheet.name,
                        found=sheet.name,
                        expected="、".join([SHEET_NAMES["cadres"][0], *_primary_names()]),
                        params={"kind": kind or ""},
                    )
                )
                continue
            found[kind] = sheet
    for kind, sheet in found.items():
        if getattr(sheet, "hidden", False):
            problems.append(
                Problem(
                    "hidden-sheet",
                    location=sheet.name,
                    sheet=sheet.name,
                    found=sheet.name,
                    params={"kind": kind},
                )
            )
    if "cadres" not in found:
        problems.append(
            Problem(
                "missing-sheet",
                location=file_name,
                expected=SHEET_NAMES["cadres"][0],
                found="、".join(s.name for s in sheets),
            )
        )
    return found, problems


def _primary_names() -> list[str]:
    return [SHEET_NAMES[k][0] for k in SHEET_KINDS if k != "cadres"]
