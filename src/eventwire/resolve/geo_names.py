"""Name keys for gazetteer look-up: accent folding and Cyrillic transliteration.

A place is looked up by a *key*: the name case-folded, accents removed, letters that Unicode does
not decompose (ł, ø, ß, đ, ı) mapped to ASCII, dots, apostrophes and hyphens dropped or turned
into spaces. So "Kuźnica", "Kuznica" and "KUZNICA" share a key, as do "St. Louis" and "St Louis".
Cyrillic names get their romanisations as extra keys ("Кузница" -> "kuznitsa", "kuznica"), so
transliterated spellings in English news find the place.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not split into base + accent.
_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "ħ": "h",
    }
)
_DROP = re.compile(r"[.'’`ʼ‘]")
_SPACE = re.compile(r"[\s\-‐‑–—/,_()]+")

# Cyrillic -> Latin, BGN/PCGN-like (the scheme most English news uses: "Kuznitsa", "Zhytomyr").
_CYR_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ye", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
# A second, simpler scheme (ISO-like letters as folded to ASCII: "Kuznica", "Hrodna" style h for х).
_CYR_SIMPLE = dict(_CYR_BGN, х="h", ц="c", ю="iu", я="ia", й="i", є="ie", ї="i", ч="c", ш="s", щ="sc", ж="z")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Look-up key of a name: lower case, no accents, no dots or apostrophes, single spaces."""
    s = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _DROP.sub("", s.casefold())
    return _SPACE.sub(" ", s).strip()


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin (possibly accented)."""
    return all(not ch.isalpha() or "a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u024f" for ch in name)


def transliterations(name: str) -> list[str]:
    """Latin keys of a Cyrillic name (two schemes); empty for names without Cyrillic letters."""
    if not _CYRILLIC.search(name):
        return []
    low = name.lower()
    out: list[str] = []
    for table in (_CYR_BGN, _CYR_SIMPLE):
        s = "".join(table.get(ch, ch) for ch in low)
        if is_latin(s):
            k = fold(s)
            if k and k not in out:
                out.append(k)
    return out


def keys_of(name: str) -> list[str]:
    """All look-up keys a gazetteer name contributes (its fold, or its romanisations if Cyrillic)."""
    if is_latin(name):
        k = fold(name)
        return [k] if k else []
    return transliterations(name)


__all__ = ["fold", "is_latin", "keys_of", "transliterations"]
