"""Where each character of the cleaned text stood in the input (``Source.body``).

Cleaning drops lines, strips whitespace, removes control characters and turns quote pairs into
one character, so cleaned offsets and input offsets differ. :class:`OffsetMap` keeps the runs
that correspond (``clean_start, input_start, length``) and maps offsets back, e.g. to score
spans against gold annotations made on the raw text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Segment = tuple[int, int, int]
"""``(clean_start, input_start, length)``: ``clean[c:c+n]`` came from ``input[i:i+n]``."""


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Runs of the cleaned text and where they came from in the input, sorted by cleaned offset.

    A replaced quote pair is a run of length 1 pointing at the first character of the pair.
    Lines that needed Unicode NFC normalisation map approximately (their length may change).
    """

    segments: tuple[Segment, ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(c for c, _, _ in self.segments))

    def to_input(self, pos: int) -> int | None:
        """Input offset of the cleaned character at ``pos``; None for characters cleaning inserted
        (the newlines between kept lines) or offsets outside the text."""
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return None
        c, i, n = self.segments[k]
        return i + (pos - c) if pos < c + n else None

    def span_to_input(self, start: int, end: int) -> tuple[int, int] | None:
        """Input ``(start, end)`` of the cleaned span ``[start, end)``, or None if an end is not mapped."""
        if end <= start:
            s = self.to_input(start)
            return (s, s) if s is not None else None
        s, e = self.to_input(start), self.to_input(end - 1)
        return (s, e + 1) if s is not None and e is not None else None


def clip(segments: list[Segment], lo: int, hi: int, shift_out: int, shift_in: int) -> list[Segment]:
    """The parts of line-relative ``segments`` inside output ``[lo, hi)``, moved by the shifts."""
    out: list[Segment] = []
    for c, i, n in segments:
        a, b = max(c, lo), min(c + n, hi)
        if b > a:
            out.append((a - lo + shift_out, i + (a - c) + shift_in, b - a))
    return out


__all__ = ["OffsetMap", "Segment", "clip"]
