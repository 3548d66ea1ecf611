"""The example row of ``cadrekit template`` left in a roster would be scored as a cadre.

The template's first data row is a valid example (编号 A001, 姓名 张三 …). An officer who
types the real cadres below it and forgets to delete it gets 张三 ranked and counted in
the quotas; this check warns with the row's cell so that it is found and deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadrekit.models.rows import ROW_MODELS
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.load.validate import Loaded


def template_example(column: str) -> object:
    """The example value the template writes for a roster column (from the row schema)."""
    field = ROW_MODELS["cadres"].model_fields[column]
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return extra.get("example")


# A row is the template's example when all of these are the example's (a real 张三 with
# the id A001 is possible; with the example's unit, layer and post too, hardly).
_SAME = ("id", "name", "unit", "layer", "post")


def check_example_row(ld: Loaded) -> list[Problem]:
    """A warning for each roster row whose 编号, 姓名, 单位, 层级 and 职务 are the example's."""
    frame = ld.sheet.frame
    if not set(_SAME) <= set(frame.columns):
        return []
    same = frame["id"].notna()
    for column in _SAME:
        same &= frame[column].astype(str) == str(template_example(column))
    sheet = ld.sheet
    return [
        Problem(
            "template-example-row",
            location=sheet.cell(int(i), "id"),
            found=f"{template_example('id')} {template_example('name')}",
            sheet=sheet.sheet,
            row=sheet.rows[int(i)],
        )
        for i in frame.index[same.fillna(False).to_numpy(dtype=bool)]
    ]
