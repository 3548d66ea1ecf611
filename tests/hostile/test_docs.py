"""docs/security.md and the refusals name only options that exist (issue 14, item 12).

Every ``--option`` the page writes in code (outside the fuzzing and property-test
sections, which name the scripts' own options) is an option of a command that reads a
roster (``score``, ``batch``, ``weights …`` …); every input limit is an option of every command that reads a roster;
every ``--max-…`` a hostile file's refusal names (test_cli.READER) is one of them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_cli import READER

from cadrekit.io.safety import Limits
from runner import run_cadrekit

DOC = Path(__file__).parents[2] / "docs" / "security.md"
OPTION = re.compile(r"--[a-z][a-z-]*[a-z](?![a-z-])")  # whole names: not "--max-…"
#: each field of Limits and the option that sets it (ratio_min_entry_bytes has none)
LIMIT_OPTIONS = {
    "max_file_bytes": "--max-file-size",
    "max_uncompressed_bytes": "--max-uncompressed",
    "max_ratio": "--max-ratio",
    "max_entries": "--max-entries",
    "max_rows": "--max-rows",
    "max_cells": "--max-cells",
    "max_text_bytes": "--max-text-size",
}
READING = [
    ["score"],
    ["validate"],
    ["explain"],
    ["flags"],
    ["vet"],
    ["training"],
    ["sensitivity"],
    ["compare"],
    ["rules", "check"],
    ["weights", "entropy"],
    ["weights", "critic"],
    ["batch"],
]


@functools.cache
def _options(*command: str) -> set[str]:
    result = run_cadrekit(*command, "--help", env={"COLUMNS": "250"})
    assert result.returncode == 0, result.stderr
    return set(OPTION.findall(result.stdout))


def _named_in_doc() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    text = re.split(r"^## (?:Property tests|Fuzzing)", text, flags=re.M)[0]
    return {o for span in re.findall(r"`([^`]+)`", text) for o in OPTION.findall(span)}


def test_every_option_the_page_names_exists() -> None:
    named = _named_in_doc()
    assert set(LIMIT_OPTIONS.values()) <= named  # the page lists every limit
    missing = named - set().union(*(_options(*c) for c in READING))
    assert missing == set(), f"docs/security.md names options that do not exist: {missing}"


def test_every_limit_has_its_option() -> None:
    fields = {f.name for f in dataclasses.fields(Limits)} - {"ratio_min_entry_bytes"}
    assert fields == set(LIMIT_OPTIONS)


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_every_reading_command_takes_every_limit(command: list[str]) -> None:
    assert set(LIMIT_OPTIONS.values()) <= _options(*command)


def test_every_option_a_refusal_names_exists() -> None:
    named = {o for line in READER.values() for o in OPTION.findall(line)}
    assert named and named <= set(LIMIT_OPTIONS.values())
