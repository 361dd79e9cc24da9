"""Plain-text cleaning: drop boilerplate lines, captions and credits, take out the headline, and
normalise quote pairs, recording everything removed and where every kept character came from.

Works line by line in one pass; a line longer than :data:`~.boilerplate.MAX_CHROME_CHARS` is
never tested against the whole-line patterns and credits are looked for only at its end, so a
50 MB text on one line costs a few linear passes.

The cleaned text is the kept lines, stripped, one ``\\n`` between lines of a paragraph and one
blank line between paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..records import Removed
from .boilerplate import Boilerplate
from .dateline import DATELINE
from .offsets import OffsetMap, Segment, clip
from .quotes import replacement

_LINE_END = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL_CLASS = r"\x00-\x08\x0e-\x1b\x1f\x7f\x80-\x84\x86-\x9f\ufeff\ufffe\uffff"
_EDIT = re.compile(rf"(?P<ctl>[{_CONTROL_CLASS}]+)|(?P<pair>[‘’'`´]{{2}})")

CAPTION_MAX_CHARS = 600
"""A line ending in a photo credit is a caption when shorter than this; a longer one keeps its text."""

TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 250


@dataclass
class CleanText:
    """Cleaned body text, the headline found, what was removed and the offset map."""

    text: str
    title: str | None = None
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    offsets: OffsetMap = field(default_factory=lambda: OffsetMap(()))
    meta_url: str | None = None
    """A URL the scraper wrote on a line of its own at the top (read as metadata, not body)."""
    meta_date: str | None = None
    """A date the scraper wrote before the body ("date 2023-05-30 ..."), as written."""


# Scraper metadata at the very top of a plain text: a URL line, and a "date 2023-05-30" marker that
# may stand on its own line or be glued to the first body sentence ("date 2023-05-30 Thousands ...").
_META_URL = re.compile(r"(?:(?:url|link|source)\s*:\s*)?(?P<url>https?://\S+)\s*$", re.IGNORECASE)
_META_DATE = re.compile(
    r"(?:date|published|pubdate)\s*:?\s*(?P<date>(?:19|20)\d{2}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?(?:\s+|$)",
    re.IGNORECASE,
)
META_LINES = 3
"""Scraper metadata is looked for only in the first non-blank lines, at most this many, before any other line."""


@dataclass
class _Line:
    number: int
    text: str
    """Normalised and stripped."""
    segments: list[Segment]
    """Line-relative runs: (offset in ``text``, offset in the input, length)."""
    pairs: list[str]
    """Quote pairs replaced in this line."""


@dataclass
class NormalisedLine:
    """One input line after control-character removal, NFC and quote-pair replacement."""

    text: str
    segments: list[Segment]
    """(offset in ``text``, offset in the raw line, length)."""
    pairs: list[str]
    controls: int


def normalise_line(raw: str) -> NormalisedLine:
    """Remove control characters, replace quote pairs (see :mod:`.quotes`), apply NFC."""
    if not unicodedata.is_normalized("NFC", raw):
        # NFC may change the length: offsets inside such a line map approximately
        raw = unicodedata.normalize("NFC", raw)
    out: list[str] = []
    segments: list[Segment] = []
    pairs: list[str] = []
    controls = 0
    pos = 0  # in raw
    opos = 0  # in output
    for m in _EDIT.finditer(raw):
        if m.start() > pos:
            out.append(raw[pos : m.start()])
            segments.append((opos, pos, m.start() - pos))
            opos += m.start() - pos
        if m.group("ctl") is not None:
            controls += m.end() - m.start()
        else:
            new = replacement(m.group(0), raw, m.start())
            if new is None:
                out.append(m.group(0))
                segments.append((opos, m.start(), 2))
                opos += 2
            else:
                pairs.append(m.group(0))
                out.append(new)
                segments.append((opos, m.start(), 1))
                opos += 1
        pos = m.end()
    if pos < len(raw):
        out.append(raw[pos:])
        segments.append((opos, pos, len(raw) - pos))
    text = "".join(out) if len(out) != 1 else out[0]
    return NormalisedLine(text, segments, pairs, controls)


def iter_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """``(line number, start, end)`` of every line; any Unicode line break ends a line."""
    pos = 0
    n = 1
    for m in _LINE_END.finditer(text):
        yield n, pos, m.start()
        pos = m.end()
        n += 1
    yield n, pos, len(text)


def clean_text(
    text: str, boilerplate: Boilerplate, *, title: str | None = None, find_title: bool = True, line_numbers: bool = True
) -> CleanText:
    """Clean plain ``text``: see the module docstring.

    ``title``: the headline known from metadata (its repetition at the top is removed);
    ``find_title``: take a headline-like first line as the title when ``title`` is None;
    ``line_numbers``: record input line numbers in ``removed`` (off for text extracted from HTML).
    """
    removed: list[Removed] = []
    controls = 0
    items: list[_Line | None] = []  # kept lines; None for a blank line
    meta_url: str | None = None
    meta_date: str | None = None
    head = META_LINES  # non-blank lines left in which scraper metadata may stand
    plea_left = 0  # lines a donation plea may still run on after its plug line
    for n, start, end in iter_lines(text):
        norm = normalise_line(text[start:end])
        controls += norm.controls
        stripped = norm.text.strip()
        if not stripped:
            items.append(None)
            continue
        lead = len(norm.text) - len(norm.text.lstrip())
        where = n if line_numbers else None
        if head > 0:
            head -= 1
            m_url = _META_URL.fullmatch(stripped) if meta_url is None else None
            if m_url is not None:
                meta_url = m_url.group("url")
                removed.append(Removed(stripped, "metadata", where))
                continue
            m_date = _META_DATE.match(stripped) if meta_date is None else None
            if m_date is not None:
                meta_date = m_date.group("date")
                removed.append(Removed(stripped[: m_date.end()].rstrip(), "metadata", where))
                if m_date.end() >= len(stripped):
                    continue
                lead += m_date.end()
                stripped = stripped[m_date.end() :]
                head = 0
            else:
                head = 0  # metadata only leads the text: the first other line ends the head
        opening = boilerplate.inline_spans(stripped)
        if opening and opening[0][0] == 0 and opening[0][1] < len(stripped):
            # furniture glued before the body ("Your support makes all the difference.The agency
            # said ..."): cut it first, then judge the rest of the line on its own
            _, cut, why = opening[0]
            removed.append(Removed(stripped[:cut].rstrip(), why, where))
            lead += cut
            stripped = stripped[cut:]
        keep = len(stripped)
        reason = boilerplate.line_reason(stripped)
        if reason is None and plea_left > 0 and boilerplate.plea is not None:
            plea_left -= 1
            if boilerplate.plea.search(stripped):
                reason = "promotion"  # the plea runs on ("... we need reporters on the ground ...")
            else:
                plea_left = 0
        if reason is not None:
            removed.append(Removed(stripped, reason, where))
            if reason in boilerplate.plea_after:
                plea_left = boilerplate.plea_lines
            continue
        plea_left = 0
        credit = boilerplate.split_credit(stripped)
        if credit is not None:
            caption, credit_text = credit
            if len(caption) <= CAPTION_MAX_CHARS:
                if caption:
                    removed.append(Removed(caption, "caption", where))
                removed.append(Removed(credit_text, "photo_credit", where))
                continue
            # a paragraph with a credit glued on: keep the paragraph
            removed.append(Removed(credit_text, "photo_credit", where))
            stripped, keep = caption, len(caption)
        cuts = boilerplate.inline_spans(stripped[:keep])
        if not cuts:
            items.append(_Line(n, stripped, clip(norm.segments, lead, lead + keep, 0, start), norm.pairs))
            continue
        # furniture glued inside the line: keep the pieces around it, each mapped to the input
        pieces: list[str] = []
        segs: list[Segment] = []
        pos, out = 0, 0
        for a, b, why in [*cuts, (keep, keep, "")]:
            if a > pos:
                piece = stripped[pos:a]
                segs.extend(clip(norm.segments, lead + pos, lead + a, out, start))
                pieces.append(piece)
                out += len(piece)
            if why:
                removed.append(Removed(stripped[a:b].rstrip(), why, where))
            pos = b
        kept = "".join(pieces)
        body = kept.rstrip()
        if body.strip():
            items.append(_Line(n, body, clip(segs, 0, len(body), 0, 0), norm.pairs))

    _drop_banner(items, removed, line_numbers)
    found = _take_title(items, title, find_title)
    if found is not None:
        line = items[found]
        assert line is not None
        removed.append(Removed(line.text, "title", line.number if line_numbers else None))
        items[found] = None
        title = title or line.text

    _drop_repeats(items, title, removed, line_numbers)

    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0
    previous_blank = False
    for item in items:
        if item is None:
            previous_blank = True
            continue
        if parts:
            sep = "\n\n" if previous_blank else "\n"
            parts.append(sep)
            pos += len(sep)
        previous_blank = False
        removed.extend(Removed(p, "quote_normalised", item.number if line_numbers else None) for p in item.pairs)
        parts.append(item.text)
        segments.extend((c + pos, i, k) for c, i, k in item.segments)
        pos += len(item.text)
    warnings = [f"removed {controls} control character(s) from the text"] if controls else []
    return CleanText("".join(parts), title, removed, warnings, OffsetMap(tuple(segments)), meta_url, meta_date)


REPEAT_MIN_WORDS = 3
"""A line repeating an earlier line (or the headline) word for word is dropped when it has at least this many words."""
REPEAT_HEAD_LINES = 20
"""Repeats are looked for among this many non-blank lines at the top (where pages put teasers)."""


def _drop_repeats(items: list[_Line | None], title: str | None, removed: list[Removed], line_numbers: bool) -> None:
    """Drop the second copy of a line at the top that repeats the headline or an earlier line:
    scraped pages often show the headline, standfirst or lead twice (a teaser, then the article).
    Only a line seen exactly twice counts: a text repeating a line three or more times means it."""
    head = [k for k, item in enumerate(items) if item is not None][:REPEAT_HEAD_LINES]
    keys: dict[int, str] = {}
    for k in head:
        item = items[k]
        assert item is not None
        if len(item.text.split()) >= REPEAT_MIN_WORDS:
            keys[k] = _TITLE_NOISE.sub(" ", item.text.casefold()).strip()
    title_key = _TITLE_NOISE.sub(" ", title.casefold()).strip() if title else None
    counts = Counter(keys.values())
    if title_key is not None:
        counts[title_key] += 1
    seen: set[str] = {title_key} if title_key is not None else set()
    for k, key in keys.items():
        if key in seen and counts[key] == 2:
            item = items[k]
            assert item is not None
            removed.append(Removed(item.text, "repeated", item.number if line_numbers else None))
            items[k] = None
        seen.add(key)


BANNER_MAX_WORDS = 3
BANNER_MAX_CHARS = 32
_BANNER = re.compile(r"(?:[A-Z][\w&'’-]*)(?:\s+[A-Z][\w&'’-]*){0,2}|[\w]+(?:-[\w]+)+|[A-Z][a-z]+(?:[A-Z][a-z]+)+")


def _drop_banner(items: list[_Line | None], removed: list[Removed], line_numbers: bool) -> None:
    """Drop a site banner or section label standing first on the page ("Arab World", "Teller
    Report", "EventsEventsPodcasts", "news-picture"): at most three capitalised words followed by a
    headline, or one hyphenated or run-together token followed by a headline or a dateline."""
    kept = [k for k, it in enumerate(items) if it is not None]
    if len(kept) < 2:
        return
    first, nxt = items[kept[0]], items[kept[1]]
    assert first is not None and nxt is not None
    text = first.text
    if len(text) > BANNER_MAX_CHARS or len(text.split()) > BANNER_MAX_WORDS or not _BANNER.fullmatch(text):
        return
    one_token = " " not in text  # "news-picture", "EventsEventsPodcasts": never a headline
    if not (looks_like_headline(nxt.text) or (one_token and DATELINE.match(nxt.text))):
        return
    removed.append(Removed(text, "site_banner", first.number if line_numbers else None))
    items[kept[0]] = None


def _take_title(items: list[_Line | None], title: str | None, find_title: bool) -> int | None:
    """Index in ``items`` of the headline line at the top, if there is one."""
    first = next((k for k, it in enumerate(items) if it is not None), None)
    if first is None:
        return None
    line = items[first]
    assert line is not None
    if title is not None:
        return first if same_title(title, line.text) else None
    if not find_title or not looks_like_headline(line.text):
        return None
    # the headline stands alone: a blank line follows, then more text
    rest = items[first + 1 :]
    if not rest or rest[0] is not None or all(it is None for it in rest):
        return None
    return first


def looks_like_headline(line: str) -> bool:
    """A short line without sentence-final punctuation that is not a dateline."""
    words = line.split()
    if not words or len(words) > TITLE_MAX_WORDS or len(line) > TITLE_MAX_CHARS:
        return False
    if line[-1] in ".,;:—–-" and not line.endswith("..."):
        return False
    if not any(c.isalpha() for c in line):
        return False
    return DATELINE.match(line) is None


_TITLE_NOISE = re.compile(r"[\W_]+")


def same_title(title: str, line: str) -> bool:
    """True when ``line`` repeats ``title`` (ignoring case, punctuation and a site name after it)."""
    a = _TITLE_NOISE.sub(" ", title.casefold()).strip()
    b = _TITLE_NOISE.sub(" ", line.casefold()).strip()
    if not a or not b:
        return False
    return a == b or (len(b) >= 20 and a.startswith(b)) or (len(a) >= 20 and b.startswith(a) and len(b) < len(a) + 40)


__all__ = [
    "CleanText",
    "NormalisedLine",
    "clean_text",
    "iter_lines",
    "looks_like_headline",
    "normalise_line",
    "same_title",
]
