"""Language identification with py3langid (pinned in requirements.lock)."""

from __future__ import annotations

from functools import cache
from typing import Any

SAMPLE_CHARS = 1500
"""The language is decided on the first characters of the text (enough for langid, bounded for huge inputs)."""

MIN_PROBABILITY = 0.5
"""Below this normalised probability the language is unknown (None): short texts are guesses."""


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text``, or None when too unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample[:200]) < 12:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if float(prob) >= MIN_PROBABILITY else None


__all__ = ["MIN_PROBABILITY", "detect_language"]
