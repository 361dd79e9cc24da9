"""Bytes to text: binary sniffing, BOMs, UTF-8, and a checked guess for legacy 8-bit encodings.

Detectors (charset-normalizer) are unreliable on short texts: a 40-character French sentence in
latin-1 comes back as cp775. So the detector only proposes candidates; each candidate decoding
is scored for implausible text (words mixing Latin and Cyrillic letters, words made mostly of
accented letters, control and symbol characters) and the least implausible one wins, common
encodings first on ties.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

# File signatures of formats people drop into a folder of reports by mistake.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a zip archive (or a Word/Excel/EPUB document)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"%!PS", "a PostScript document"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"PAR1", "a Parquet file"),
    (b"ID3", "an MP3 file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

SNIFF_BYTES = 65_536
"""How much of a file binary sniffing and encoding guessing look at."""

# Preferred 8-bit encodings on ties: western European first (latin-1 text is cp1252 text for
# all printable characters), then Cyrillic, then central European.
_PREFERRED = ("cp1252", "cp1251", "cp1250", "iso8859-15", "koi8-r")

_WORD = re.compile(r"[^\W\d_]+")


class BinaryInput(ValueError):
    """The bytes are not text (a known binary format or too many control bytes)."""


class UndecodableInput(ValueError):
    """No encoding gives plausible text."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding used and notes for the user."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def sniff_binary(head: bytes) -> str | None:
    """Name of the binary format ``head`` (the first bytes of a file) belongs to, or None for text."""
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            return what
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "a video or image container (MP4/HEIC)"
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    sample = head[:SNIFF_BYTES]
    if not sample:
        return None
    nul = sample.count(0)
    if nul and _utf16_without_bom(sample) is not None:
        return None
    controls = sum(sample.count(b) for b in _CONTROL_BYTES)
    # Some NULs in good text are stripped later; NUL-heavy or control-heavy data is binary
    # (random bytes have about 12% control bytes, zero-padded records mostly NULs).
    if nul / len(sample) > 0.3 or controls / len(sample) > 0.05:
        return "binary data (many NUL or control bytes)"
    return None


_CONTROL_BYTES = tuple(b for b in range(32) if b not in (0, 9, 10, 12, 13, 27))


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit on every other byte, as in BOM-less UTF-16 of Latin text."""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.4 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def decode(data: bytes) -> Decoded:
    """Decode ``data`` to text; raise :class:`BinaryInput` or :class:`UndecodableInput`.

    NUL characters in otherwise good text are removed with a warning.
    """
    what = sniff_binary(data[:SNIFF_BYTES])
    if what is not None:
        raise BinaryInput(f"this is {what}, not text")
    text, encoding = _decode_text(data)
    warnings: list[str] = []
    if "\x00" in text:
        n = text.count("\x00")
        text = text.replace("\x00", "")
        warnings.append(f"removed {n} NUL character(s) from the text")
    if _unreadable_fraction(text[:SNIFF_BYTES]) > 0.05:
        raise BinaryInput("the bytes do not decode to readable text")
    return Decoded(text, encoding, tuple(warnings))


def _decode_text(data: bytes) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc + ("-sig" if enc == "utf-8" else "")
            except UnicodeDecodeError as e:
                raise UndecodableInput(f"the file starts with a {enc} byte-order mark but is not valid {enc}") from e
    if 0 in data[:SNIFF_BYTES]:
        utf16 = _utf16_without_bom(data[:SNIFF_BYTES])
        if utf16 is not None:
            try:
                return data.decode(utf16), utf16
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data[:4096])
    if declared is not None:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common: guess instead
    encoding = guess_legacy_encoding(data[:SNIFF_BYTES])
    if encoding is None:
        raise UndecodableInput("the text encoding could not be detected")
    return data.decode(encoding, errors="replace"), encoding


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)


def declared_charset(head: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta charset>`` tag, normalised ("windows-1251" -> "cp1251")."""
    m = _CHARSET.search(head)
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    # as browsers do (WHATWG Encoding): pages labelled latin-1 or ASCII are windows-1252
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def guess_legacy_encoding(sample: bytes) -> str | None:
    """Best 8-bit (or CJK) encoding for ``sample``, which is not UTF-8."""
    from charset_normalizer import from_bytes

    candidates: list[str] = []
    for match in list(from_bytes(sample))[:3]:
        candidates.append(match.encoding)
    for enc in _PREFERRED:
        if enc not in candidates:
            candidates.append(enc)
    scored: list[tuple[float, int, str]] = []
    for rank, enc in enumerate(candidates):
        try:
            text = sample.decode(enc)
        except (UnicodeDecodeError, LookupError):
            # the sample may end inside a multi-byte character: retry without the last bytes
            try:
                text = sample[:-4].decode(enc)
            except (UnicodeDecodeError, LookupError):
                continue
        pref = _PREFERRED.index(enc) if enc in _PREFERRED else len(_PREFERRED) + rank
        scored.append((_implausibility(text), pref, enc))
    if not scored:
        return None
    return min(scored)[2]


def _unreadable_fraction(text: str) -> float:
    """Share of control, private-use, unassigned and replacement characters (whitespace excluded)."""
    if not text:
        return 0.0
    bad = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r\x0c\x1b")
    )
    return bad / len(text)


def _script(ch: str) -> str:
    if ch < "\u0080":
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def _implausibility(text: str) -> float:
    """How unlike natural text a decoding looks (0 = plausible); see the module docstring."""
    score = 0.0
    for word in _WORD.findall(text):
        scripts = {_script(c) for c in word}
        if len(scripts) > 1:
            score += 3
        elif "LATIN" in scripts and len(word) >= 3:
            accented = sum(1 for c in word if c >= "\u0080")
            if accented * 2 > len(word):
                score += 1
            # an accented capital inside a lower-case word ("KuŸnica") is a wrong code page
            if any(c.isupper() and c >= "\u0080" for c in word[1:]) and not word.isupper():
                score += 1
    for ch in text:
        if ch >= "\u0080" and unicodedata.category(ch) in ("Cc", "Co", "Cn", "So", "Sk"):
            score += 1
    return score


__all__ = [
    "SNIFF_BYTES",
    "BinaryInput",
    "Decoded",
    "UndecodableInput",
    "decode",
    "guess_legacy_encoding",
    "sniff_binary",
]
