"""docs/input-format.md is generated from the row schema; this fails when it is stale."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import input_format_doc  # noqa: E402


def test_input_format_doc_is_current() -> None:
    current = (ROOT / "docs" / "input-format.md").read_text(encoding="utf-8")
    assert current == input_format_doc.render(), "run: python scripts/input_format_doc.py"


def test_doc_lists_every_sheet_and_column() -> None:
    from cadrekit.models.rows import ROW_MODELS

    text = input_format_doc.render()
    for kind, model in ROW_MODELS.items():
        assert f"## {kind} — " in text
        for name in model.model_fields:
            assert f"| `{name}` |" in text
