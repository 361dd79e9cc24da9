"""Article text and metadata out of an HTML page (trafilatura for the text, htmldate for the date)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import islice

from ..errors import InputError

# trafilatura and htmldate log every page they find nothing in; the Skipped entry says it once.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What an HTML page gives: paragraphs of text and the metadata found in its markup."""

    text: str
    """Paragraphs separated by blank lines."""
    title: str | None = None
    published: str | None = None
    """YYYY-MM-DD from the page's meta tags, JSON-LD or <time> elements (not guessed from its text)."""
    url: str | None = None
    sitename: str | None = None
    dropped: list[str] = field(default_factory=list)
    """Visible text lines of the page that are not in ``text`` (menus, share bars, footers)."""


MAX_DROPPED = 500
"""At most this many dropped lines are listed (a huge page's menus are not worth more)."""
MAX_VISIBLE_LINES = 5000
"""Only this many visible lines are compared with the article text (keeps huge pages linear)."""


def extract_html(html: str) -> HtmlArticle:
    """Main text and metadata of ``html``; raises InputError ``no_content`` (EW109) if it has no text."""
    import trafilatura

    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        favor_recall=True,
    )
    visible = _visible_text(html)
    if not text:
        text = visible
    if not text or not any(c.isalpha() for c in text):
        raise InputError("the HTML page has no article text (only scripts, styles or markup)", code="EW109")
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    kept = "\n".join(paragraphs)
    # what the extractor left out (navigation, share bars, footers), for the audit trail
    dropped: list[str] = []
    for line in islice(visible.split("\n"), MAX_VISIBLE_LINES):
        if line not in kept:
            dropped.append(line)
            if len(dropped) == MAX_DROPPED:
                break
    title = url = sitename = None
    try:
        meta = trafilatura.extract_metadata(html)
    except Exception:  # metadata is a bonus: a malformed head must not lose the text
        meta = None
    if meta is not None:
        title, url, sitename = meta.title or None, meta.url or None, meta.sitename or None
    return HtmlArticle("\n\n".join(paragraphs), title, _meta_date(html), url, sitename, dropped)


def _meta_date(html: str) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises on odd markup; no date is the honest answer
        return None
    return str(found) if found else None


def _visible_text(html: str) -> str:
    """Text of the page outside scripts, styles and templates (fallback when trafilatura finds no article)."""
    from lxml import etree  # type: ignore[import-untyped]
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    lines = (line.strip() for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line)


__all__ = ["HtmlArticle", "extract_html"]
