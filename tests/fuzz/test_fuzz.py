"""Replay every saved fuzz finding, then fuzz the reader for a bounded time.

Each regression file under tests/fuzz/regressions/ (with its ``.json`` sidecar: seed, case,
mutation, what went wrong) must now give a clean result or a one-line CadrekitError in the
capped child process. The budget of the fresh fuzz run is ``CADREKIT_FUZZ_SECONDS``
(default 20) and its seed ``CADREKIT_FUZZ_SEED`` (default 0: CI is deterministic up to
how many cases fit in the budget; set another seed to explore new cases).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import fuzz_reader

REGRESSIONS = sorted(
    p for p in fuzz_reader.REGRESSIONS.glob("*") if p.is_file() and p.suffix != ".json"
)


def test_every_regression_has_a_sidecar() -> None:
    for path in REGRESSIONS:
        meta = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
        assert {"seed", "case", "mutation", "outcome"} <= set(meta)


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_regression_is_read_cleanly(path: Path) -> None:
    result = fuzz_reader.replay_file(path, score=True)
    assert result["outcome"] in ("ok", "refused"), result
    assert float(result["seconds"]) < 30, result  # type: ignore[arg-type]


def test_cases_are_reproducible() -> None:
    sources = {p: p.read_bytes() for p in fuzz_reader.SEEDS}
    for case in range(5):
        first = fuzz_reader.build_case(11, case, sources)
        again = fuzz_reader.build_case(11, case, sources)
        assert first == again


def test_fuzz_for_a_bounded_time(tmp_path: Path) -> None:
    seconds = float(os.environ.get("CADREKIT_FUZZ_SECONDS", "20"))
    seed = int(os.environ.get("CADREKIT_FUZZ_SEED", "0"))
    stats = fuzz_reader.fuzz(seconds, seed, out=tmp_path, verbose=False)
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    assert stats["cases"] > 0
    findings = stats["findings"]
    assert not findings, (
        f"fuzz seed {seed} found {len(findings)} case(s); copy them (with their .json) into "
        f"tests/fuzz/regressions/: {findings}"
    )
