"""Write ``src/cadrekit/rules/built_in.json``: the parsed data of every built-in rule set.

Run after editing ``src/cadrekit/rules/*.yaml`` (tests/test_rules_cache.py fails until
then); rules/cache.py says what the cache holds and why.

    python scripts/build_rules_cache.py
"""

from __future__ import annotations

from pathlib import Path

from cadrekit.rules.cache import CACHE_NAME, build_cache

TARGET = Path(__file__).resolve().parents[1] / "src" / "cadrekit" / "rules" / CACHE_NAME


def main() -> None:
    TARGET.write_text(build_cache(), encoding="utf-8")
    print(f"→ {TARGET}")


if __name__ == "__main__":
    main()
