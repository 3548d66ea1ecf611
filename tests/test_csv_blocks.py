"""CSV is written a block of rows at a time (render/tabular.BLOCK_ROWS): the bytes must be
those of the whole columns at once, wherever the blocks fall, on rosters as load reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadrekit import api
from cadrekit.render import tabular

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
CASES = [
    ("county-2025.xlsx", None),
    ("county-2025-decided.xlsx", None),
    ("institution-2025.xlsx", "institution"),
]
OPTIONS = [
    {},
    {"lang": "en", "safe": True},
    {"bom": True, "show_id_numbers": True},
]


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    return {name: api.score(SAMPLES / name, rules=rules) for name, rules in CASES}


@pytest.mark.parametrize("name", [name for name, _ in CASES])
@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("rows", [1, 7, 100])
def test_blocks_write_the_bytes_of_whole_columns(
    results: dict[str, object],
    name: str,
    options: dict[str, object],
    rows: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = results[name]
    whole = b"".join(tabular.csv_bytes(result, **options))  # type: ignore[arg-type]
    monkeypatch.setattr(tabular, "BLOCK_ROWS", rows)
    blocks = b"".join(tabular.csv_bytes(result, **options))  # type: ignore[arg-type]
    assert blocks == whole
    assert whole.count(b"\n") == len(result.cadres) + 1  # type: ignore[attr-defined]
