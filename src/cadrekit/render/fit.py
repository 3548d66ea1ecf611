"""Terminal tables that fit the terminal: no cell cut to ``A0…`` or ``优…``.

Short cells (ids, names, scores, grades) never wrap and keep their whole width; long text
(reasons, units in full) wraps inside its column; a header wider than its cells takes two
lines. When even that does not fit, whole columns are left out, the least needed first
(the caller's ``drop`` order), and one line under the tables names them and says how to
see them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich import box
from rich.table import Table
from rich.text import Text

from cadrekit.render.width import display_width

#: Cells wider than this wrap instead of widening their column.
WRAP_AT = 16
#: Spaces between two columns.
GAP = 2
#: Punctuation a Chinese line does not begin with (the character before it moves down).
NO_LINE_START = frozenset("、，。：；！？）》」』”’")
#: Characters of a number or a code, which a line break does not split.
WORD = re.compile(r"[0-9A-Za-z.%_-]+$")


@dataclass
class Column:
    key: str
    header: str
    cells: list[Text] = field(default_factory=list)
    justify: str = "left"

    def natural(self) -> int:
        return max((display_width(c.plain) for c in self.cells), default=0)

    def heading(self, split: bool = False) -> str:
        """The header; with ``split``, on two lines when it is wider than its cells."""
        text = self.header
        if not split or display_width(text) <= max(6, self.natural()) or "\n" in text:
            return text
        best = min(
            range(1, len(text)),
            key=lambda i: (max(display_width(text[:i]), display_width(text[i:])), -i),
        )
        return f"{text[:best]}\n{text[best:]}"

    def width(self, split: bool = False) -> int:
        """The narrowest this column shows without cutting a short cell."""
        head = max(display_width(line) for line in self.heading(split).split("\n"))
        return max(min(self.natural(), WRAP_AT), head)


def widths(tables: list[list[Column]], split: bool = False) -> dict[str, int]:
    """Each column's width over several tables that show the same columns."""
    out: dict[str, int] = {}
    for columns in tables:
        for column in columns:
            out[column.key] = max(out.get(column.key, 0), column.width(split))
    return out


def fits(width_of: dict[str, int], width: int) -> bool:
    return sum(width_of.values()) + GAP * (len(width_of) - 1) <= width


def layout(
    tables: list[list[Column]], width: int, drop: list[str] | None = None
) -> tuple[bool, dict[str, int], list[str]]:
    """How several tables with the same columns fit ``width``: whether headers take two
    lines, each column's width, and the keys left out (none when all fit)."""
    whole = widths(tables)
    if fits(whole, width):
        return False, whole, []
    split = widths(tables, split=True)
    return True, split, choose(split, width, drop)


def choose(width_of: dict[str, int], width: int, drop: list[str] | None = None) -> list[str]:
    """The keys left out so that the rest fits ``width`` (``drop`` order, else from the
    right), none when all fit."""
    keys = list(width_of)
    order = list(drop) if drop is not None else list(reversed(keys))
    left: list[str] = []
    while order and len(keys) > 1:
        if fits({k: width_of[k] for k in keys}, width):
            break
        key = order.pop(0)
        if key in keys:
            keys.remove(key)
            left.append(key)
    return left


def table(
    columns: list[Column],
    title: str = "",
    width_of: dict[str, int] | None = None,
    split: bool = False,
) -> Table:
    """A compact rich table of ``columns`` (widths from ``width_of`` when several tables
    must line up; ``split``: headers wider than their cells on two lines)."""
    out = Table(
        title=title or None,
        title_style="bold",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        padding=(0, 1),
    )
    for column in columns:
        out.add_column(
            column.heading(split),
            justify=column.justify,  # type: ignore[arg-type]
            no_wrap=column.natural() <= WRAP_AT,
            overflow="fold",
            min_width=column.width(split) if width_of is None else width_of.get(column.key),
        )
    for row in zip(*(c.cells for c in columns), strict=True):
        out.add_row(*row)
    return out


def left_out_note(headers: list[str], width: int, lang: str = "zh") -> str:
    """The line under the tables that names the columns left out ("" when none)."""
    if not headers:
        return ""
    if lang == "en":
        names = ", ".join(headers)
        return (
            f"Terminal {width} columns wide: {len(headers)} column(s) not shown ({names}). "
            "Widen the terminal, or write a file (-o out.xlsx, --format csv) to see all."
        )
    return (
        f"终端宽 {width} 列，另有 {len(headers)} 列未显示：{'、'.join(headers)}。"
        "加宽终端，或输出到文件（-o 结果.xlsx、--format csv）可看全部。"
    )


def fold(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells, anywhere (Chinese prose breaks
    between any two characters; rich would break only at spaces and strand a number) but
    inside a number or a code (``5.67``, ``A0003``: it moves down whole)."""
    lines, line, used = [], "", 0
    for char in text:
        size = display_width(char)
        if used + size > width and line:
            carry = _carried(line, char)
            lines.append(line[: len(line) - len(carry)])
            line, used = carry, display_width(carry)
        line += char
        used += size
    return [*lines, line] if line else lines


def _carried(line: str, char: str) -> str:
    """The end of ``line`` that moves down with ``char``: a number or code ``char``
    continues, or the character before a punctuation mark that a line does not begin with."""
    if WORD.match(char):
        run = WORD.search(line)
        if run and run.start() > 0 and len(run.group()) <= 16:
            return run.group()
    return line[-1] if char in NO_LINE_START and len(line) > 1 else ""
