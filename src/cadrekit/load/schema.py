"""Column specs derived from the Pydantic row models (models/rows.py), for column-wise checks.

The row models stay the one source of truth; this module only reads them once into a flat
shape that vectorised code can use: kind of value, required or not, bounds and choices.
"""

from __future__ import annotations

import datetime as dt
import types
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

from pydantic_core import PydanticUndefined

from cadrekit.models.rows import ROW_MODELS

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.rules import RuleSet

Kind = Literal["text", "int", "number", "date", "bool", "choice"]

# Columns holding ids: a number cell 85.0 is the id "85".
ID_COLUMNS = frozenset({"id"})


@dataclass(frozen=True)
class ColumnSpec:
    name: str  # canonical name
    zh: str  # primary Chinese header
    aliases: tuple[str, ...]
    kind: Kind
    required: bool
    default: Any  # value for empty cells (None: NA)
    ge: float | None = None
    le: float | None = None
    choices: tuple[str, ...] = ()
    most: float | None = None  # largest plausible value (``implausible-value`` above it)

    @property
    def bounds_text(self) -> str:
        return bounds_text(self.ge, self.le)


def bounds_text(lo: float | None, hi: float | None) -> str:
    def fmt(v: float) -> str:
        return f"{v:g}"

    if lo is not None and hi is not None:
        return f"{fmt(lo)}–{fmt(hi)}"
    if lo is not None:
        return f"≥ {fmt(lo)}"
    if hi is not None:
        return f"≤ {fmt(hi)}"
    return ""


# Unicode format characters (category Cf, as of Unicode 15): zero-width spaces and joiners,
# the soft hyphen, LRM/RLM, bidi embeddings, overrides and isolates, the BOM, tags. Nothing
# shows them, yet ``A\u00ad0001`` and ``A0001`` are different ids: every one is removed from
# text cells (the loader warns at each cell that held one: ``invisible-character``) and
# from headers and sheet names before they are compared.
FORMAT_RANGES = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD),
    (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)  # fmt: skip
FORMAT_TABLE: dict[int, None] = {c: None for a, b in FORMAT_RANGES for c in range(a, b + 1)}


def header_key(text: str) -> str:
    """How headers and sheet names are compared: NFKC, no format characters (编号\u200b is
    编号), no whitespace, case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(FORMAT_TABLE)
    return "".join(text.split()).casefold()


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → ``X``."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def _kind(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    inner = _unwrap(annotation)
    if get_origin(inner) is Literal:
        return "choice", tuple(str(a) for a in get_args(inner))
    if inner is bool:
        return "bool", ()
    if inner is int:
        return "int", ()
    if inner is float:
        return "number", ()
    if inner in (dt.date, dt.datetime):
        return "date", ()
    return "text", ()


@cache
def column_specs(kind: str) -> dict[str, ColumnSpec]:
    """Canonical name → spec for one sheet kind, in the model's field order."""
    specs: dict[str, ColumnSpec] = {}
    for name, field in ROW_MODELS[kind].model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        value_kind, choices = _kind(field.annotation)
        ge = le = None
        for meta in field.metadata:
            ge = getattr(meta, "ge", ge)
            le = getattr(meta, "le", le)
        default = None if field.default is PydanticUndefined else field.default
        aliases = extra.get("aliases") or []
        specs[name] = ColumnSpec(
            name=name,
            zh=str(extra.get("zh", name)),
            aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
            kind=value_kind,
            required=field.is_required(),
            default=default,
            ge=ge,
            le=le,
            choices=choices,
            most=float(most) if isinstance(most := extra.get("most"), int | float) else None,
        )
    return specs


def rule_specs(kind: str, rules: RuleSet | None) -> dict[str, ColumnSpec]:
    """:func:`column_specs` under a rule set: the 处理类型 choices are the built-in measures
    and every measure the rules name (``RuleSet.measures``), so that a measure a rule gives
    a limit or an influence period to is accepted input (e.g. 党内警告)."""
    if kind == "ballots":
        from cadrekit.load.ballots import specs as ballot_specs

        return ballot_specs(rules)
    specs = column_specs(kind)
    if rules is None or kind != "supervision" or "measure" not in specs:
        return specs
    measure = specs["measure"]
    extra = tuple(m for m in rules.measures() if m not in measure.choices)
    if not extra:
        return specs
    return {**specs, "measure": replace(measure, choices=measure.choices + extra)}
