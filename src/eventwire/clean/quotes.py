"""Two single quotes used as one double quote (``‘’…’’``, ``''…''``) become one typographic double quote.

Choice: the replacement is NOT length-preserving. Each pair of characters becomes one ``“`` or
``”`` in the cleaned text, and every replacement is listed in ``Cleaned.removed`` with reason
``quote_normalised`` (the pair as ``text``, the input line as ``line``), so nothing is lost. This
runs before any offset is taken, so every offset in the record still refers to the cleaned text.
Opening or closing is decided by the neighbours: after a space or an opening bracket, or at the
start of a line, the pair opens a quotation; elsewhere it closes one.
"""

from __future__ import annotations

import re

PAIR = re.compile(r"[‘’'`´]{2}")
"""Two single quote marks in a row (curly, straight, backtick or acute, in any combination)."""

_OPENERS = frozenset(' \t\n([{—–-/"“')


def is_opening(line: str, start: int) -> bool:
    """A quote mark at ``start`` opens a quotation (start of line, after a space or an opening bracket)."""
    return start == 0 or line[start - 1] in _OPENERS


def replacement(pair: str, line: str, start: int) -> str | None:
    """The double quote replacing ``pair`` at ``start`` of ``line``, or None to keep it."""
    if pair in ("'`", "´'"):  # unlikely to be a quotation mark
        return None
    return "“" if is_opening(line, start) else "”"


def normalise_quote_pairs(line: str) -> tuple[str, list[str]]:
    """``line`` with every pair of single quotes replaced by one double quote, and the pairs replaced."""
    if "'" not in line and "‘" not in line and "’" not in line and "`" not in line and "´" not in line:
        return line, []
    replaced: list[str] = []

    def repl(m: re.Match[str]) -> str:
        new = replacement(m.group(0), line, m.start())
        if new is None:
            return m.group(0)
        replaced.append(m.group(0))
        return new

    return PAIR.sub(repl, line), replaced


__all__ = ["PAIR", "is_opening", "normalise_quote_pairs", "replacement"]
