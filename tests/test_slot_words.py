"""The words that say how a quota group's slots were counted (render/slots.py)."""

from __future__ import annotations

import math

from cadrekit.render.slots import short_words, slot_words, smallest_group


def test_floor_and_half_up_name_the_rounding_and_the_smallest_group() -> None:
    assert slot_words(18, 0.2, 3, "floor") == "参加人数 18 × 比例 20% = 3.6，向下取整 → 名额 3"
    assert slot_words(3, 0.25, 0, "floor") == (
        "参加人数 3 × 比例 25% = 0.75，向下取整 → 名额 0（至少 4 人才有 1 个名额）"
    )
    assert short_words(3, 0.25, 1, "half_up") == "3 × 25% = 0.75 → 1"
    assert short_words(1, 0.25, 0, "half_up") == "1 × 25% = 0.25 → 0（至少 2 人才有 1 个名额）"
    assert slot_words(10, 1 / 3, 3, "floor", "en") == "10 × 33.33% = 3.33, rounded down → 3 slots"
    assert slot_words(5, 0.2, 1, "floor", "en") == "5 × 20% = 1, rounded down → 1 slot"


def test_a_rate_of_zero_or_none_says_so_instead_of_a_smallest_group() -> None:
    assert smallest_group(0.0, "floor") is None
    assert (
        slot_words(6, 0.0, 0, "floor") == "参加人数 6 × 比例 0% = 0，向下取整 → 名额 0（比例为 0）"
    )
    assert slot_words(5, math.nan, 0, "floor") == "参加人数 5，规则未设比例 → 名额 0"
    assert short_words(5, math.nan, 0, "floor", "en") == "5 cadres, no rate in the rules → 0 slots"
