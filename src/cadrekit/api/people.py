"""The commands about one person at a time: ``forms`` (年度考核登记表) and ``profile``
(干部画像)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cadrekit.api.scoring import score


@dataclass(frozen=True)
class Forms:
    """What ``forms`` wrote: the files, how many forms they hold and the form's title."""

    paths: list[Path]
    count: int
    title: str


def forms(
    source: Any,
    output: str | Path,
    rules: Any = None,
    year: int | None = None,
    *,
    units: tuple[str, ...] | list[str] = (),
    one_file: bool = False,
    form: str | None = None,
    force: bool = False,
) -> Forms:
    """``cadrekit forms FILE -o 登记表/``: each cadre's 年度考核登记表 (.docx), pre-filled
    from the roster and the result: one file per cadre in the folder ``output``, or with
    ``one_file`` one document. ``form``: ``civil`` or ``institution``; default: the
    institution form under rules named 事业单位…"""
    from cadrekit.render.forms import form_data, form_kind, write_forms
    from cadrekit.render.forms.fields import track_sizes
    from cadrekit.render.frame import select

    result = score(source, rules, year)
    sizes = track_sizes(result.cadres)
    chosen = select(result, units=units)
    filled = form_data(chosen, form_kind(result.rules, form), sizes)
    inputs = (Path(source),) if isinstance(source, str | Path) else ()
    paths = write_forms(filled, Path(output), one_file=one_file, force=force, inputs=inputs)
    return Forms(paths, len(filled), filled[0].title if filled else "")


def profile(
    source: Any, key: str, rules: Any = None, year: int | None = None, date: _dt.date | None = None
) -> dict[str, Any]:
    """``cadrekit profile FILE ID``: one cadre's portrait (干部画像), a JSON-ready dict:
    grades by year, this year's events and the engine's ledger, supervision records and
    their influence periods on ``date`` (default 31 December of the year), quarterly
    grades, training, years in post and in rank, the limit and the 能上能下 rows."""
    from cadrekit.insight.profile import find_cadre, portrait

    result = score(source, rules, year)
    return portrait(result, find_cadre(result, key), date)
