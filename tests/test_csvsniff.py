"""The CSV sniffer's fast paths judge as the slow ones they replace (io/csvsniff.py)."""

from __future__ import annotations

import random

import pytest

from cadrekit.io import csvsniff

TRICKY = [
    b"",
    b"plain ascii",
    "中文，逗号".encode(),
    b"\xef\xbb\xbfwith a BOM",
    b"\xed\xa0\x80",  # a surrogate: strict UTF-8 refuses it
    b"\xc0\x80",  # overlong NUL
    b"\xe0\x80\xaf",  # overlong /
    b"\xf4\x90\x80\x80",  # above U+10FFFF
    b"\xf0\x9f\x98\x80",  # an emoji
    b"abc\xe4\xb8",  # cut in the middle of a character
    b"\x80",
    "张三".encode("gb18030"),
]


def _strict(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("data", TRICKY)
def test_is_utf8_judges_as_the_strict_decoder(data: bytes) -> None:
    assert csvsniff.is_utf8(data) is _strict(data)


def test_is_utf8_agrees_with_the_decoder_on_random_bytes() -> None:
    rng = random.Random(2025)
    pool = [
        0x41,
        0x0A,
        0x80,
        0x9F,
        0xA0,
        0xAD,
        0xB8,
        0xBF,
        0xC2,
        0xE0,
        0xE4,
        0xED,
        0xEF,
        0xF0,
        0xF4,
    ]
    for _ in range(3000):
        data = bytes(rng.choice(pool) for _ in range(rng.randint(1, 8)))
        assert csvsniff.is_utf8(data) is _strict(data), data


def _by_line(text: bytes, sep: bytes) -> list[int]:
    return [line.count(sep) for line in text.split(b"\n")]


@pytest.mark.parametrize("block", [1, 3, 7, 64, 1 << 24])
def test_delimiters_per_line_counts_as_split_and_count(monkeypatch, block: int) -> None:
    """Every line, the last (after the final line end) too, across block boundaries."""
    monkeypatch.setattr(csvsniff, "_BLOCK", block)
    rng = random.Random(block)
    texts = [b"", b"\n", b",", b",\n,,", b"a,b\nc,d,e\n", b"x" * 10 + b"\n\n,,,\n"]
    texts += [bytes(rng.choice(b"ab,;\n") for _ in range(rng.randint(0, 200))) for _ in range(50)]
    for text in texts:
        for sep in (b",", b";"):
            got = csvsniff._delimiters_per_line(text, sep[0]).tolist()
            assert got == _by_line(text, sep), (text, sep)


def test_widest_record_names_the_first_widest_line() -> None:
    text = b'a,b\nc,d,e\nf,g,h\n"x,y",z\n'
    assert csvsniff.widest_record(text, ",") == (5, 3, 1)
