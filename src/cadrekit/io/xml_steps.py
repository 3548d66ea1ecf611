"""Stepping through an XML part that arrives in chunks, one interesting tag at a time.

The scanners of io/extent.py read a part of a workbook as a stream of chunks: a tag may
be cut at a chunk's end, so what is left after the last whole tag is carried into the
next chunk. :func:`xml_steps` does that carrying and leaves the scanner only the tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


class NotXml(Exception):
    """A tag that never ends: the part cannot be bounded (and calamine cannot read it)."""


def xml_steps(
    chunks: Iterable[bytes], step: re.Pattern[bytes], skip: re.Pattern[bytes], tail_max: int
) -> Iterator[tuple[int, re.Match[bytes]]]:
    """Each match of ``step`` (a stepper's pair with ``skip``, see ``extent._stepper``) in
    the stream, with the stream offset of the text it was found in (offset + ``m.start()``
    is a tag's place in the whole part). An unfinished tag longer than ``tail_max`` bytes
    raises :class:`NotXml`."""
    base = 0
    tail = b""
    for chunk in chunks:
        data = tail + chunk
        pos = 0
        while (m := step.match(data, pos)) is not None:
            pos = m.end()
            yield base, m
        skipped = skip.match(data, pos)
        pos = skipped.end() if skipped else pos
        tail = data[pos:]
        base += pos
        if len(tail) > tail_max:
            raise NotXml
