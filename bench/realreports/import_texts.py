"""Rebuild the report texts from saved search results: one <id>.txt per manifest row.

    python bench/realreports/import_texts.py --out /work/realreports/texts results/*.json

Each input file is one answer of the search tool's ``pages`` corpus saved as JSON
(``{"query": ..., "results": [{"url": ..., "excerpt": ...}, ...]}``) or JSONL of
``{"url": ..., "excerpt"|"text": ...}`` rows. An excerpt is written when its sha256 equals a
manifest row's ``sha256`` (the text as annotated); an excerpt whose URL matches but whose hash
does not is reported (the stored page may have changed) and written only with ``--accept-changed``
(the scorer then warns and aligns through the evidence strings anyway).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def excerpts(path: Path) -> Iterator[tuple[str, str]]:
    """(url, text) pairs from one saved answer (JSON) or a JSONL file."""
    raw = path.read_text(encoding="utf-8")
    try:
        data: Any = json.loads(raw)
        rows = data.get("results", []) if isinstance(data, dict) else data
    except json.JSONDecodeError:
        rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
    for r in rows:
        text = r.get("excerpt", r.get("text"))
        if r.get("url") and isinstance(text, str):
            yield r["url"], text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--manifest", type=Path, default=HERE / "manifest.jsonl")
    ap.add_argument("--accept-changed", action="store_true", help="also write excerpts whose hash differs")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_sha = {r["sha256"]: r for r in rows}
    by_url = {r["url"]: r for r in rows}
    args.out.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    for path in args.inputs:
        for url, text in excerpts(path):
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            row = by_sha.get(sha)
            if row is None and url in by_url:
                print(f"{by_url[url]['id']}: {url} changed since annotation (sha256 differs)", file=sys.stderr)
                if not args.accept_changed:
                    continue
                row = by_url[url]
            if row is None or row["id"] in written:
                continue
            (args.out / f"{row['id']}.txt").write_text(text, encoding="utf-8", newline="")
            written.add(row["id"])
    missing = [r["id"] for r in rows if r["id"] not in written and not (args.out / f"{r['id']}.txt").exists()]
    print(f"wrote {len(written)} texts to {args.out}; {len(missing)} still missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
