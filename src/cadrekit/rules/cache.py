"""The parsed data of the built-in rule sets, cached beside their YAML (``built_in.json``).

A run with the built-in rules then neither imports PyYAML nor parses the text (about 10 ms
of every ``cadrekit`` run): rules/load.py reads the text as before (its digest and text go
into every result), looks its digest up here and validates the data as it validates any
rule file's. The cache holds, per built-in name, the digest of the text it was parsed from
and the data the strict loader made of it; a text edited since (another digest) is parsed
again, so a stale cache costs time, never a wrong rule set. JSON holds that data exactly:
the rule sets are mappings with text keys of text, numbers, booleans, null and lists
(:func:`build_cache` refuses anything else).

Rebuild it after editing a built-in rule set: ``python scripts/build_rules_cache.py``
(tests/test_rules_cache.py fails until then).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

CACHE_NAME = "built_in.json"


def _plain(value: Any) -> bool:
    """Data JSON gives back as it was: text keys; text, numbers, booleans, None, lists."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def cached_data(name: str, sha256: str) -> Any:
    """The data of built-in ``name`` parsed from the text of digest ``sha256``; None when
    the cache has no entry for that very text (missing, stale or unreadable)."""
    try:
        raw = resources.files("cadrekit.rules").joinpath(CACHE_NAME).read_text("utf-8")
        entries = json.loads(raw)
    except (OSError, ValueError):
        return None
    entry = entries.get(name) if isinstance(entries, dict) else None
    if not isinstance(entry, dict) or entry.get("sha256") != sha256:
        return None
    data = entry.get("data")
    return data if isinstance(data, dict) else None


def build_cache() -> str:
    """The cache of every built-in rule set, each parsed by the strict loader."""
    import hashlib

    from cadrekit.rules.load import BUILT_IN, default_text, parse_yaml

    entries = {}
    for name in BUILT_IN:
        text = default_text(name)
        data = parse_yaml(text, name)
        if not _plain(data):  # JSON would not give it back as it is: parse it every run
            continue
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        entries[name] = {"sha256": digest, "data": data}
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"
