"""Every key of a rule file (the RuleSet model, which both built-in rule sets, default.yaml
and institution.yaml, are read into) is documented in docs/rules.md: in the section whose
heading names its top-level key, as `key`, `….key` or `key:`."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from cadrekit.models.rules import RuleSet

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"
BUILT_IN = ROOT / "src" / "cadrekit" / "rules"


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if get_origin(annotation) in (list, dict, Union, types.UnionType) or get_args(annotation):
        for arg in get_args(annotation):
            yield from _models(arg)


def model_keys(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """``grades``, ``grades.order``, … ``tracks.indicators.weight`` (lists and maps of
    models are walked into; their own keys — track ids, grade names — are data)."""
    for name, field in model.model_fields.items():
        yield prefix + name
        for sub in _models(field.annotation):
            yield from model_keys(sub, f"{prefix}{name}.")


def sections() -> dict[str, str]:
    """Top-level key → the text of the sections whose ``##`` heading names it."""
    text = DOC.read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for part in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading = part.split("\n", 1)[0]
        for key in re.findall(r"`([a-z_]+)`", heading):
            out[key] = out.get(key, "") + part
    return out


def documented(path: str, found: dict[str, str]) -> bool:
    top, leaf = path.split(".")[0], path.split(".")[-1]
    section = found.get(top, "")
    return re.search(rf"[`.\s{{,(]{re.escape(leaf)}[`:.]", section) is not None


def test_every_rule_key_is_documented() -> None:
    found = sections()
    missing = [path for path in model_keys(RuleSet) if not documented(path, found)]
    assert not missing, "document in docs/rules.md (section of the top-level key): " + ", ".join(
        missing
    )


def _yaml_keys(data: Any, model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    for name, value in data.items():
        yield prefix + name
        field = model.model_fields[name]
        subs = list(_models(field.annotation))
        if not subs:
            continue
        items = value if isinstance(value, list) else [value]
        if get_origin(field.annotation) is dict:
            items = list(value.values())
        for item in items:
            if isinstance(item, dict):
                yield from _yaml_keys(item, subs[0], f"{prefix}{name}.")


def test_the_walk_covers_both_built_in_rule_sets() -> None:
    """The model walk is what the files use: each key in default.yaml and institution.yaml
    is one of its paths (so a key added to a built-in rule set is checked above)."""
    every = set(model_keys(RuleSet))
    for name in ("default.yaml", "institution.yaml"):
        data = yaml.safe_load((BUILT_IN / name).read_text(encoding="utf-8"))
        used = set(_yaml_keys(data, RuleSet))
        assert used and used <= every, (name, sorted(used - every))
        assert {"special", "tenure", "training"} <= used, name


def test_a_missing_key_is_caught() -> None:
    found = sections()
    assert documented("quota.rounding", found)
    assert not documented("quota.no_such_key", found)
    assert not documented("no_such_section.order", found)
