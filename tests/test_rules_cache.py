"""The built-in rule sets' parsed data, cached beside them (rules/cache.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from cadrekit.rules import cache
from cadrekit.rules.load import BUILT_IN, default_text, load_rules, parse_yaml, rules_from_text

SHIPPED = resources.files("cadrekit.rules").joinpath(cache.CACHE_NAME)


def test_the_shipped_cache_is_the_strict_loaders_data_of_every_built_in() -> None:
    """Fails after a built-in rule set is edited: run scripts/build_rules_cache.py."""
    assert SHIPPED.read_text("utf-8") == cache.build_cache()
    entries = json.loads(SHIPPED.read_text("utf-8"))
    assert sorted(entries) == sorted(BUILT_IN)
    for name, entry in entries.items():
        assert entry["data"] == parse_yaml(default_text(name))


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_a_built_in_read_from_the_cache_is_the_rule_set_its_text_gives(name: str) -> None:
    cached, parsed = load_rules(name), rules_from_text(default_text(name), name)
    assert cached.rules == parsed.rules
    assert repr(cached.rules) == repr(parsed.rules)  # 1 and 1.0 alike: the same types too
    assert (cached.text, cached.sha256, cached.origin) == (parsed.text, parsed.sha256, name)


def test_a_stale_or_missing_entry_is_no_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    text = default_text()
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert cache.cached_data("default", digest) == parse_yaml(text)
    assert cache.cached_data("default", "0" * 64) is None
    assert cache.cached_data("no-such-set", digest) is None
    monkeypatch.setattr(cache, "CACHE_NAME", "no-such-file.json")
    assert cache.cached_data("default", digest) is None
    assert load_rules("default").rules == rules_from_text(text, "default").rules


def test_a_run_with_the_built_in_rules_imports_no_yaml(tmp_path: Path) -> None:
    code = (
        "import sys; from cadrekit.rules.load import load_rules; load_rules(); "
        "print('yaml' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
