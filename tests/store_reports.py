"""Small invented wire reports, generated (for ingest, resume and kill tests)."""

from __future__ import annotations

import json
import random
from pathlib import Path

CITIES = ["Warsaw", "Vilnius", "Riga", "Minsk", "Brussels", "Berlin"]
COUNTRIES = ["Poland", "Lithuania", "Latvia", "Belarus", "Germany", "Estonia"]
PEOPLE = ["Anna Kowalczyk", "Jonas Petraitis", "Ilze Berzina", "Tomas Nowak", "Karl Becker", "Marta Ozola"]
VERBS = ["detained", "sent back", "turned away", "found"]


def report(i: int) -> dict[str, str]:
    """One invented report; ``i`` makes it unique."""
    r = random.Random(i)
    city, country, other = r.choice(CITIES), r.choice(COUNTRIES), r.choice(COUNTRIES)
    person = r.choice(PEOPLE)
    n = r.randint(5, 400)
    text = (
        f"{city.upper()} — Border guards in {country} said on Monday they had {r.choice(VERBS)} {n} migrants "
        f"overnight near the frontier with {other}. "
        f'"The situation remains tense," said {person}, a spokesperson for the ministry, in bulletin {i}. '
        f"{other} denied sending people to the border and accused {country} of using force."
    )
    return {"id": f"t{i}", "text": text, "published": f"2021-11-{1 + i % 28:02d}", "source": "Test Wire"}


def write_corpus(root: Path, n: int, *, per_file: int = 40) -> Path:
    """Write ``n`` reports as JSONL files under ``root`` and return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for f in range(0, n, per_file):
        with (root / f"reports-{f // per_file:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(f, min(n, f + per_file)):
                fh.write(json.dumps(report(i)) + "\n")
    return root
