"""Clean one Source into a Cleaned article: text, title, dateline, publication date, language."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..errors import InputError
from ..read import Source
from ..records import Removed
from .boilerplate import Boilerplate
from .cleaned import Cleaned
from .dateline import find_dateline
from .html import extract_html
from .language import detect_language
from .published import (
    date_from_url,
    explicit_dates,
    infer_published,
    inline_published,
    month_day_to_date,
    normalise_date,
    shown_date,
    stated_published,
)
from .text import clean_text

MAX_TEXT_CHARS = 2_000_000
"""Longest cleaned text passed on for parsing (about 300,000 words; a news report is far shorter).
Longer texts are skipped with ``too_large`` rather than tying up the parser for many minutes."""


def clean(
    source: Source,
    *,
    boilerplate: Boilerplate,
    published: str | None = None,
    max_chars: int = MAX_TEXT_CHARS,
) -> Cleaned:
    """Return the cleaned article of ``source``.

    ``boilerplate`` is the compiled pattern knowledge (``Knowledge.boilerplate`` of a pipeline, or
    :func:`~eventwire.clean.boilerplate.load_boilerplate`).

    ``published`` (YYYY-MM-DD, e.g. from ``--published``) is used when the input's own metadata
    has no date. The publication date is taken, in this order, from: the input's metadata (or
    scraper metadata leading a plain text: a URL line, "date 2023-05-30"), the
    ``published`` argument, the HTML meta tags, a "Published: <date>" line at the top of the
    text, the dateline, a short date or byline line near the top ("4/24/2023, 9:41 PM", "Jane
    Doe, Tuesday 25 Apr 2023"), the URL, and finally inferred
    from dates and weekday names in the text (``published_inferred=True``).

    Raises :class:`~eventwire.errors.InputError` ``no_content`` for an HTML page without text
    and ``too_large`` for a text longer than ``max_chars``.
    """
    bp = boilerplate
    warnings = list(source.warnings)
    # Cheap guard before any work: cleaning never shrinks plain text by a factor of four.
    if source.format == "text" and len(source.body) > 4 * max_chars:
        raise _too_large(len(source.body), max_chars, source)
    html_date = url = sitename = None
    title = source.title
    if source.format == "html":
        page = extract_html(source.body)
        body, html_date, url, sitename = page.text, page.published, page.url, page.sitename
        title = title or page.title
        result = clean_text(body, bp, title=title, line_numbers=False)
        result.removed[:0] = [Removed(line, "html_boilerplate") for line in page.dropped]
    else:
        body = source.body
        result = clean_text(body, bp, title=title)
    text = result.text
    warnings.extend(result.warnings)
    if result.meta_url or result.meta_date:
        # scraper metadata at the top of a plain text counts as the input's own metadata
        source = replace(source, url=source.url or result.meta_url, published=source.published or result.meta_date)
    if len(text) > max_chars:
        raise _too_large(len(text), max_chars, source)

    dateline = find_dateline(text)
    language = detect_language(text)
    if language not in (None, "en"):
        warnings.append(f"language is {language!r}, not English: the English extraction stages were skipped")

    # Stated dates are read from the text before cleaning (cleaning removes a "Published:" line);
    # inference reads the body and, as trusted lower bounds, the dates of removed captions.
    date, evidence = _published(
        source, published, html_date, url or source.url, dateline, body, text, result.removed, warnings
    )
    return Cleaned(
        text=text,
        title=result.title if result.title is not None else title,
        published=date,
        published_inferred=evidence == "text",
        published_evidence=evidence,
        dateline=dateline.span if dateline else None,
        language=language,
        url=source.url or url,
        source=source.source or sitename,
        removed=result.removed,
        warnings=warnings,
        offset_map=None if source.format == "html" else result.offsets,
    )


def _published(
    source: Source,
    cli: str | None,
    html_date: str | None,
    url: str | None,
    dateline: object,
    text: str,
    body_text: str,
    removed: list[Removed],
    warnings: list[str],
) -> tuple[str | None, str | None]:
    """``(YYYY-MM-DD, evidence)`` by the order documented on :func:`clean`."""
    if source.published:
        date = normalise_date(source.published)
        if date:
            return date, "metadata"
        warnings.append(f"metadata date {source.published!r} is not a date; ignored")
    if cli:
        return cli, "cli"
    if html_date:
        return html_date, "html_meta"
    stated = stated_published(text)
    if stated:
        return stated, "published_line"
    url_date = date_from_url(url)
    date_text = getattr(dateline, "date_text", None)
    if date_text:
        hints = [dt.date.fromisoformat(url_date)] if url_date else explicit_dates(text)
        date = month_day_to_date(date_text, hints)
        if date:
            return date, "dateline"
    captions = [r.text for r in removed if r.reason in ("caption", "photo_credit")]
    shown = shown_date(text, url_hint=url_date, captions=captions)
    if shown:
        return shown, "date_line"
    posted = inline_published(text)
    if posted:
        return posted, "published_line"
    if url_date:
        return url_date, "url"
    inferred = infer_published(body_text, captions="\n".join(captions))
    if inferred is not None:
        return inferred.date.isoformat(), "text"
    return None, None


def _too_large(n: int, limit: int, source: Source) -> InputError:
    return InputError(
        f"the text has {n:,} characters, more than the {limit:,} eventwire parses per article",
        code="EW113",
        path=source.origin,
        line=source.line,
    )


__all__ = ["MAX_TEXT_CHARS", "clean"]
