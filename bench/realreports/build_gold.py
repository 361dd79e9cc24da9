"""Compile the hand-written annotations (gold_src/*.json) into gold.jsonl with character offsets.

    python bench/realreports/build_gold.py --texts /work/realreports/texts

Every evidence string in gold_src must occur in the raw report text (the file named by the report id);
an ambiguous string needs ``"occ": k`` (0-based occurrence). The output keeps the authoring fields,
expands actor triples into objects and adds ``start``/``end`` offsets (Python code points, ``end``
exclusive) into the RAW text as delivered by the scraper. Reports whose text is missing are copied
without offsets and listed. See GUIDELINES.md for what is annotated and why.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STATUSES = {"asserted", "claimed", "denied", "threatened", "planned", "requested", "hypothetical", "negated"}
TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
CATEGORIES = {
    "killed", "injured", "missing", "arrested", "detained", "displaced", "moved", "returned",
    "crossing_attempts", "participants", "troops", "money", "other",
}  # fmt: skip
QUALIFIERS = {"exact", "at least", "at most", "about", "more than", "less than", "up to"}


class GoldError(ValueError):
    """An annotation that does not fit its text or the schema."""


def locate(text: str, needle: str, occ: int | None, where: str) -> tuple[int, int]:
    """Offsets of ``needle`` in ``text``; unique unless ``occ`` picks one occurrence."""
    starts, i = [], text.find(needle)
    while i >= 0:
        starts.append(i)
        i = text.find(needle, i + 1)
    if not starts:
        raise GoldError(f"{where}: not found in text: {needle!r}")
    if occ is None:
        if len(starts) > 1:
            raise GoldError(f"{where}: {len(starts)} occurrences, add occ: {needle!r}")
        occ = 0
    if occ >= len(starts):
        raise GoldError(f"{where}: occurrence {occ} of {len(starts)}: {needle!r}")
    return starts[occ], starts[occ] + len(needle)


def actor(value: Any, where: str) -> Any:
    """``[name, country, sector]`` (or a list of them for a compound actor) -> dict(s)."""
    if value is None:
        return None
    if isinstance(value, list) and value and isinstance(value[0], list):
        return [actor(v, where) for v in value]
    if not (isinstance(value, list) and len(value) == 3):
        raise GoldError(f"{where}: actor must be [name, country, sector]: {value!r}")
    name, country, sector = value
    return {"name": name, "country": country, "sector": sector}


def span(
    text: str | None, needle: str, occ: int | None, where: str, inside: tuple[int, int] | None = None
) -> dict[str, Any]:
    """A span dict; with ``inside`` the needle is searched within that window first."""
    out: dict[str, Any] = {"text": needle}
    if text is None:
        return out
    if inside is not None:
        window = text[inside[0] : inside[1]]
        if needle in window:
            s, _ = locate(window, needle, occ if occ is not None else 0 if window.count(needle) > 1 else None, where)
            out.update(start=inside[0] + s, end=inside[0] + s + len(needle))
            return out
    s, e = locate(text, needle, occ, where)
    out.update(start=s, end=e)
    return out


def compile_report(src: dict[str, Any], text: str | None) -> dict[str, Any]:
    rid = src["id"]
    out: dict[str, Any] = {"id": rid, "text_present": text is not None}
    pub = src["pub"]
    out["published"] = {
        "text": pub.get("text"),
        "url": pub.get("url"),
        "gold": pub.get("gold"),
        "ambiguous": bool(pub.get("ambiguous", False)),
        "note": pub.get("note"),
    }
    if pub.get("text") and text is not None:
        out["published"]["span"] = span(text, pub["text"], pub.get("occ"), f"{rid} published")
    out["furniture"] = []
    for k, item in enumerate(src.get("furniture", [])):
        needle, reason = item[0], item[1]
        occ = item[2] if len(item) > 2 else None
        sp = span(text, needle, occ, f"{rid} furniture[{k}]")
        sp["reason"] = reason
        out["furniture"].append(sp)
    ids = set()
    out["events"] = []
    for k, ev in enumerate(src.get("events", [])):
        where = f"{rid} event {ev.get('id', k)}"
        if ev["type"] not in TYPES:
            raise GoldError(f"{where}: type {ev['type']!r}")
        if ev["status"] not in STATUSES:
            raise GoldError(f"{where}: status {ev['status']!r}")
        evidence = span(text, ev["ev"], ev.get("occ"), where)
        window = (evidence["start"], evidence["end"]) if "start" in evidence else None
        if ev["trig"] not in ev["ev"]:
            raise GoldError(f"{where}: trigger {ev['trig']!r} not inside evidence")
        ids.add(ev["id"])
        out["events"].append(
            {
                "id": ev["id"],
                "type": ev["type"],
                "type_alt": ev.get("type_alt", []),
                "mode": ev.get("mode"),
                "source": actor(ev.get("src"), where),
                "target": actor(ev.get("tgt"), where),
                "status": ev["status"],
                "claimed_by": actor(ev.get("by"), where),
                "date": ev.get("date"),
                "place": {"name": ev["place"][0], "country": ev["place"][1]} if ev.get("place") else None,
                "optional": bool(ev.get("opt", False)),
                "trigger": span(text, ev["trig"], None, where + " trigger", window),
                "evidence": evidence,
                "note": ev.get("note"),
            }
        )
    out["figures"] = []
    for k, fg in enumerate(src.get("figures", [])):
        where = f"{rid} figure {k} {fg.get('num')!r}"
        if fg["cat"] not in CATEGORIES:
            raise GoldError(f"{where}: category {fg['cat']!r}")
        if fg["q"] not in QUALIFIERS:
            raise GoldError(f"{where}: qualifier {fg['q']!r}")
        if fg["num"] not in fg["ev"]:
            raise GoldError(f"{where}: number text not inside evidence")
        if fg.get("event") is not None and fg["event"] not in ids:
            raise GoldError(f"{where}: unknown event {fg['event']!r}")
        evidence = span(text, fg["ev"], fg.get("occ"), where)
        window = (evidence["start"], evidence["end"]) if "start" in evidence else None
        out["figures"].append(
            {
                "value": fg.get("value"),
                "low": fg.get("low"),
                "high": fg.get("high"),
                "qualifier": fg["q"],
                "qualifier_alt": fg.get("q_alt", []),
                "category": fg["cat"],
                "category_alt": fg.get("cat_alt", []),
                "unit": fg.get("unit"),
                "cumulative": bool(fg.get("cum", False)),
                "as_of": fg.get("asof"),
                "event": fg.get("event"),
                "claimant": actor(fg.get("by"), where),
                "optional": bool(fg.get("opt", False)),
                "vague": bool(fg.get("vague", False)),
                "mention": span(text, fg["num"], fg.get("num_occ"), where + " number", window),
                "evidence": evidence,
                "note": fg.get("note"),
            }
        )
    out["quotes"] = []
    for k, qt in enumerate(src.get("quotes", [])):
        where = f"{rid} quote {k}"
        evidence = span(text, qt["ev"], qt.get("occ"), where)
        window = (evidence["start"], evidence["end"]) if "start" in evidence else None
        if qt["content"] not in qt["ev"]:
            raise GoldError(f"{where}: content not inside evidence")
        out["quotes"].append(
            {
                "speaker": qt["speaker"],
                "speaker_alt": qt.get("alt", []),
                "speaker_country": qt.get("country"),
                "cue": qt.get("cue"),
                "direct": bool(qt.get("direct", True)),
                "via": qt.get("via"),
                "content": span(text, qt["content"], None, where + " content", window),
                "evidence": evidence,
            }
        )
    out["contradictions"] = []
    for k, ct in enumerate(src.get("contradictions", [])):
        where = f"{rid} contradiction {k}"
        out["contradictions"].append(
            {
                "kind": ct["kind"],
                "a": span(text, ct["a"], ct.get("a_occ"), where + " a"),
                "b": span(text, ct["b"], ct.get("b_occ"), where + " b"),
                "reason": ct["reason"],
            }
        )
    out["wire"] = src.get("wire")
    out["note"] = src.get("note")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, required=True, help="folder with <id>.txt report texts")
    ap.add_argument("--out", type=Path, default=HERE / "gold.jsonl")
    ap.add_argument("--partial", action="store_true", help="skip reports not annotated yet (while annotating)")
    args = ap.parse_args(argv)
    lines = (HERE / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    manifest = {json.loads(line)["id"]: json.loads(line) for line in lines if line.strip()}
    sources: dict[str, dict[str, Any]] = {}
    for path in sorted((HERE / "gold_src").glob("*.json")):
        for src in json.loads(path.read_text(encoding="utf-8")):
            if src["id"] not in manifest:
                raise GoldError(f"{path.name}: {src['id']} not in manifest")
            if src["id"] in sources:
                raise GoldError(f"{path.name}: {src['id']} annotated twice")
            sources[src["id"]] = src
    errors, rows, missing = [], [], []
    for rid, meta in manifest.items():
        if rid not in sources:
            if not args.partial:
                errors.append(f"{rid}: not annotated")
            continue
        path = args.texts / f"{rid}.txt"
        text = path.read_text(encoding="utf-8") if path.exists() else None
        if text is None:
            missing.append(rid)
        elif hashlib.sha256(text.encode("utf-8")).hexdigest() != meta["sha256"]:
            errors.append(f"{rid}: text does not match the manifest sha256")
            continue
        try:
            row = compile_report(sources[rid], text)
        except GoldError as e:
            errors.append(str(e))
            continue
        row["split"] = meta["split"]
        rows.append(row)
    for e in errors:
        print("error:", e, file=sys.stderr)
    if missing:
        print(f"{len(missing)} texts missing (no offsets): {' '.join(missing)}", file=sys.stderr)
    if errors:
        return 1
    with args.out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} reports to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
