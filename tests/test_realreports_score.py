"""bench/realreports: the scorer's alignment and metric logic on a small invented report.

No third-party text and no spaCy: gold annotations are compiled from an invented report with
build_gold.compile_report, predictions are hand-built Article dicts.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "realreports"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"realreports_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def score() -> ModuleType:
    return _load("score")


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _load("build_gold")


RAW = (
    "Share this article\n"
    "Northland police fire tear gas at marchers\n"
    "Updated 12/03/2031\n"
    "Police fired tear gas at marchers in Lakeview on Monday, the interior ministry said.\n"
    "The ministry denied that officers had used live rounds.\n"
    "At least 12 people were injured, while organisers said 40 had been hurt.\n"
    "“We will march again,” said organiser Mara Quell, 34.\n"
    "Read more\n"
)

SOURCE: dict[str, Any] = {
    "id": "fixture00001",
    "pub": {"text": "Updated 12/03/2031", "url": None, "gold": "2031-03-12"},
    "furniture": [["Share this article", "share bar"], ["Updated 12/03/2031", "date line"], ["Read more", "link"]],
    "events": [
        {
            "id": "e1",
            "ev": "Police fired tear gas at marchers in Lakeview on Monday, the interior ministry said.",
            "trig": "fired tear gas",
            "type": "ASSAULT",
            "mode": "crowd-control",
            "src": ["Police", "NLD|XNL", "COP"],
            "tgt": ["marchers", "XNL", "CVL"],
            "status": "claimed",
            "by": ["the interior ministry", "XNL", "GOV"],
            "date": "2031-03-10",
            "place": ["Lakeview", "XNL"],
        },
        {
            "id": "e2",
            "ev": "The ministry denied that officers had used live rounds.",
            "trig": "used live rounds",
            "type": "ASSAULT",
            "mode": "firearms",
            "src": ["officers", "XNL", "COP"],
            "tgt": None,
            "status": "denied",
            "by": ["The ministry", "XNL", "GOV"],
            "date": None,
            "place": None,
        },
        {
            "id": "e3",
            "ev": "Northland police fire tear gas at marchers",
            "trig": "fire tear gas",
            "type": "ASSAULT",
            "src": ["Northland police", "XNL", "COP"],
            "tgt": None,
            "status": "asserted",
            "by": None,
            "date": None,
            "place": None,
            "opt": True,
        },
    ],
    "figures": [
        {
            "ev": "At least 12 people were injured, while organisers said 40 had been hurt.",
            "num": "At least 12",
            "value": 12,
            "q": "at least",
            "cat": "injured",
            "event": None,
        },
        {
            "ev": "At least 12 people were injured, while organisers said 40 had been hurt.",
            "num": "40",
            "value": 40,
            "q": "exact",
            "cat": "injured",
            "event": None,
        },
    ],
    "quotes": [
        {
            "ev": "“We will march again,” said organiser Mara Quell, 34.",
            "content": "We will march again,",
            "speaker": "Mara Quell",
            "alt": ["organiser"],
            "cue": "said",
            "direct": True,
            "via": None,
        }
    ],
    "contradictions": [
        {
            "kind": "figure",
            "a": "At least 12 people were injured, while organisers said 40 had been hurt.",
            "b": "At least 12 people were injured, while organisers said 40 had been hurt.",
            "reason": "12 vs 40 injured",
        }
    ],
}

CLEAN = (
    "Northland police fire tear gas at marchers\n"
    "Police fired tear gas at marchers in Lakeview on Monday, the interior ministry said.\n"
    "The ministry denied that officers had used live rounds.\n"
    "At least 12 people were injured, while organisers said 40 had been hurt.\n"
    '"We will march again," said organiser Mara Quell, 34.\n'
    "Read more\n"
)


def _span(text: str) -> dict[str, Any]:
    return {"text": text, "start": CLEAN.find(text), "end": CLEAN.find(text) + len(text)}


def _event(eid: str, etype: str, evidence: str, **kw: Any) -> dict[str, Any]:
    base = {
        "id": eid,
        "type": etype,
        "mode": None,
        "source": None,
        "target": None,
        "status": "asserted",
        "date": None,
        "place": None,
    }
    return base | {"evidence": _span(evidence), "trigger": _span(evidence.split()[0])} | kw


def _qty(qid: str, text: str, evidence: str, **kw: Any) -> dict[str, Any]:
    base = {
        "id": qid,
        "value": None,
        "low": None,
        "high": None,
        "qualifier": "exact",
        "category": "other",
        "event": None,
    }
    return base | {"text": text, "evidence": _span(evidence)} | kw


S_POLICE = "Police fired tear gas at marchers in Lakeview on Monday, the interior ministry said."
S_DENY = "The ministry denied that officers had used live rounds."
S_FIG = "At least 12 people were injured, while organisers said 40 had been hurt."
S_QUOTE = '"We will march again," said organiser Mara Quell, 34.'
S_HEAD = "Northland police fire tear gas at marchers"


def _article() -> dict[str, Any]:
    actors = [
        {"id": "a1", "name": "Police", "country": "XNL", "sector": "COP", "aliases": []},
        {"id": "a2", "name": "marchers", "country": "XNL", "sector": "CVL", "aliases": []},
        {"id": "a3", "name": "Mara Quell", "country": None, "sector": None, "aliases": ["Quell"]},
        {"id": "a4", "name": "officers", "country": "XNL", "sector": "COP", "aliases": []},
    ]
    events = [
        # fully right: type, source/target country, status all match e1
        _event("v1", "ASSAULT", S_POLICE, source="a1", target="a2", status="claimed", date="2031-03-10", place="p1"),
        # same sentence, same type: a duplicate of e1
        _event("v2", "ASSAULT", S_POLICE, source="a1", status="asserted"),
        # partly right: e2 with the wrong status (a denial read as an assertion)
        _event("v3", "ASSAULT", S_DENY, source="a4", status="asserted"),
        # wrong: a sentence without gold events
        _event("v4", "PROTEST", S_FIG),
        # wrong: only other types in that sentence
        _event("v5", "COERCE", S_DENY),
        # matches the optional headline event: not counted either way
        _event("v6", "ASSAULT", S_HEAD, source="a1"),
    ]
    quantities = [
        _qty("n1", "At least 12", S_FIG, value=12, qualifier="at least", category="injured"),  # correct
        _qty("n2", "40", S_FIG, value=40, qualifier="about", category="injured"),  # incorrect qualifier
        _qty("n3", "34", S_QUOTE, value=34, category="participants"),  # an age read as a count: wrong
        _qty("n4", "34", S_QUOTE, value=34, category="other"),  # an age as "other": ignored
    ]
    quotes = [
        {
            "id": "q1",
            "speaker": "a3",
            "speaker_text": "organiser Mara Quell",
            "content": "We will march again,",
            "via": None,
            "evidence": _span(S_QUOTE),
        },
    ]
    contradictions = [
        {"id": "c1", "a": "n1", "b": "n2", "kind": "figure", "reason": "12 vs 40"},  # supported by gold
        {"id": "c2", "a": "v1", "b": "v3", "kind": "claim", "reason": "spurious"},
    ]
    places = [{"id": "p1", "name": "Lakeview", "country": "XNL"}]
    return {
        "id": "x",
        "text": CLEAN,
        "published": "2031-03-12",
        "published_inferred": False,
        "actors": actors,
        "events": events,
        "quantities": quantities,
        "quotes": quotes,
        "contradictions": contradictions,
        "places": places,
    }


@pytest.fixture(scope="module")
def gold(build: ModuleType) -> dict[str, Any]:
    compiled: dict[str, Any] = build.compile_report(SOURCE, RAW)
    return compiled | {"split": "dev"}


def test_build_gold_offsets_slice_the_raw_text(gold: dict[str, Any]) -> None:
    for e in gold["events"]:
        assert RAW[e["evidence"]["start"] : e["evidence"]["end"]] == e["evidence"]["text"]
        assert RAW[e["trigger"]["start"] : e["trigger"]["end"]] == e["trigger"]["text"]
    for f in gold["figures"]:
        assert RAW[f["mention"]["start"] : f["mention"]["end"]] == f["mention"]["text"]
    assert gold["published"]["span"]["text"] == "Updated 12/03/2031"


def test_build_gold_rejects_text_that_is_not_in_the_report(build: ModuleType) -> None:
    bad = json.loads(json.dumps(SOURCE))
    bad["events"][0]["ev"] = "Police fired water cannon at marchers."
    with pytest.raises(build.GoldError, match="not found"):
        build.compile_report(bad, RAW)
    ambiguous = json.loads(json.dumps(SOURCE))
    ambiguous["furniture"] = [["marchers", "not unique"]]
    with pytest.raises(build.GoldError, match="occurrences"):
        build.compile_report(ambiguous, RAW)


def test_normalisation_and_same_passage(score: ModuleType) -> None:
    assert score.norm("“We  will”\u00a0— go…") == '"we will" - go...'
    assert score.same_passage(S_QUOTE, "“We will march again,” said organiser Mara Quell, 34.")
    # a sentence cut differently by another splitter is still the same passage
    assert score.same_passage("Police fired tear gas at marchers in Lakeview on Monday", S_POLICE)
    assert not score.same_passage(S_DENY, S_POLICE)
    assert not score.same_passage(S_HEAD, S_POLICE), "a headline restating the lead is another sentence"
    assert not score.same_passage("the ministry", S_DENY), "a few shared words are not the same sentence"


def test_actor_country_alternatives_and_compounds(score: ModuleType) -> None:
    assert score.actor_match({"country": "NLD|XNL"}, {"XNL"})
    assert score.actor_match({"country": "IMG|null"}, None)
    assert score.actor_match([{"country": "SDN"}, {"country": "TCD"}], {"TCD"})
    assert score.actor_match(None, None) and score.actor_match(None, {None})
    assert not score.actor_match(None, {"SDN"})
    assert not score.actor_match({"country": "SDN"}, None)


def test_events_fully_partly_wrong_duplicate_optional(score: ModuleType, gold: dict[str, Any]) -> None:
    outcomes, matched = score.score_events(gold, _article())
    kinds = {o.pred["id"]: (o.kind, o.reasons) for o in outcomes}
    assert kinds["v1"] == ("fully", [])
    assert kinds["v2"] == ("wrong", ["duplicate"])
    assert kinds["v3"] == ("partly", ["status"])
    assert kinds["v4"] == ("wrong", ["no_gold_in_sentence"])
    assert kinds["v5"] == ("wrong", ["type_mismatch:ASSAULT"])
    assert kinds["v6"][0] == "optional"
    assert set(matched) == {"e1", "e2", "e3"}


def test_figures_precision_rules(score: ModuleType, gold: dict[str, Any]) -> None:
    outcomes, matched = score.score_figures(gold, _article())
    kinds = {o.pred["id"]: (o.kind, o.reasons) for o in outcomes}
    assert kinds["n1"] == ("correct", [])
    assert kinds["n2"] == ("incorrect", ["qualifier"])
    assert kinds["n3"] == ("wrong", ["no_gold_figure_in_sentence"])
    assert kinds["n4"] == ("other_ignored", [])
    assert set(matched) == {0, 1}


def test_vague_figures_check_the_category_only(score: ModuleType) -> None:
    g = {
        "value": None, "low": 1000, "high": None, "qualifier": "exact", "qualifier_alt": [], "category": "displaced",
        "category_alt": ["moved"], "vague": True, "optional": False, "mention": {"text": "thousands"},
        "evidence": {"text": "Thousands of people fled the town on Sunday."},
    }  # fmt: skip
    fled = {
        "text": "Thousands",
        "value": 1000,
        "qualifier": "more than",
        "category": "moved",
        "evidence": {"text": "Thousands of people fled the town on Sunday."},
    }
    assert score.figure_aligned(g, fled) and score.figure_errors(g, fled) == []
    assert score.figure_errors(g, fled | {"category": "killed"}) == ["category"], "thousands who fled are no death toll"


def test_ranges_and_bounds(score: ModuleType) -> None:
    g = {
        "value": None, "low": 400, "high": 750, "qualifier": "exact", "qualifier_alt": [], "category": "other",
        "category_alt": [], "vague": False, "optional": False, "mention": {"text": "between 400 and 750"},
        "evidence": {"text": "Reports suggested between 400 and 750 people were on the boat."},
    }  # fmt: skip
    p = {
        "text": "between 400 and 750",
        "value": None,
        "low": 400,
        "high": 750,
        "qualifier": "about",
        "category": "other",
        "evidence": g["evidence"],
    }
    assert score.figure_errors(g, p) == [], "a range ignores the qualifier"
    assert score.figure_errors(g, p | {"high": 700}) == ["value"]
    at_least = g | {"value": 78, "low": None, "high": None, "qualifier": "at least", "mention": {"text": "at least 78"}}
    as_bound = {
        "text": "at least 78",
        "value": None,
        "low": 78,
        "high": None,
        "qualifier": "at least",
        "category": "other",
        "evidence": g["evidence"],
    }
    assert score.figure_errors(at_least, as_bound) == [], "a lower bound may sit in low"


def test_quote_speakers(score: ModuleType, gold: dict[str, Any]) -> None:
    article = _article()
    outcomes, unaligned = score.score_quotes(gold, article)
    assert [(o.pred is not None, o.speaker_ok) for o in outcomes] == [(True, True)]
    assert unaligned == 0
    article["quotes"][0] |= {"speaker": None, "speaker_text": "the interior ministry"}
    outcomes, _ = score.score_quotes(gold, article)
    assert not outcomes[0].speaker_ok
    assert score.names_match(["Babar Baloch"], ["Mr. Baloch"])
    assert not score.names_match(["a source close to Bazoum"], ["a source in the ministry"]), (
        "generic words do not match"
    )


def test_contradictions_supported_and_spurious(score: ModuleType, gold: dict[str, Any]) -> None:
    assert score.score_contradictions(gold, _article()) == (2, 1, 1)


def test_furniture_removed_and_body_kept(score: ModuleType, gold: dict[str, Any]) -> None:
    # "Read more" survives cleaning; the share bar and the date line are gone.
    assert score.furniture_removed(RAW, CLEAN, gold["furniture"]) == 2
    assert score.furniture_removed(RAW, RAW, gold["furniture"]) == 0
    assert score.body_kept(CLEAN, gold) == (2, 2)
    # two identical furniture lines: one removed, one kept
    raw = "Related\nBody text of the report goes here.\nRelated\n"
    items = [{"text": "Related", "start": 0, "end": 7}, {"text": "Related", "start": 44, "end": 51}]
    assert score.furniture_removed(raw, "Body text of the report goes here.\nRelated\n", items) == 1


def test_publication_date_rule(score: ModuleType) -> None:
    assert score.published_ok("2023-06-14", "2023-06-14")
    assert score.published_ok("2023-06-14", "2023-06"), "a month-level gold accepts any day of it"
    assert score.published_ok(None, None)
    assert not score.published_ok("2024-09-20", None)
    assert not score.published_ok(None, "2023-06-14")


def test_report_and_split_totals(score: ModuleType, gold: dict[str, Any]) -> None:
    rs = score.score_report(gold, _article(), RAW)
    held = score.ReportScore("other", "held")
    result = score.aggregate([rs, held])
    ev = result["dev"]["events"]
    assert (ev["fully"], ev["partly"], ev["wrong"], ev["optional_matches"]) == (1, 1, 3, 1)
    assert ev["fully_share"] == round(1 / 5, 3) and ev["wrong_share"] == round(3 / 5, 3)
    assert ev["recall"] == 1.0 and ev["recall_fully"] == 0.5
    assert ev["dated_share"] == round(1 / 6, 3) and ev["placed_share"] == round(1 / 6, 3)
    assert ev["date_exact_on_matched"] == 1.0 and ev["place_on_matched"] == 1.0
    fig = result["dev"]["figures"]
    assert (fig["correct"], fig["incorrect"], fig["wrong"], fig["other_ignored"]) == (1, 1, 1, 1)
    assert fig["precision"] == round(1 / 3, 3) and fig["recall"] == 0.5 and fig["found_recall"] == 1.0
    assert result["dev"]["quotes"]["speaker_accuracy"] == 1.0
    assert result["dev"]["contradictions"]["spurious"] == 1
    assert result["dev"]["furniture"]["recall"] == round(2 / 3, 3)
    assert result["dev"]["published"]["accuracy"] == 1.0
    assert result["held"]["reports"] == 1 and result["held"]["events"]["fully_share"] is None
    assert result["all"]["reports"] == 2


def _corpus(tmp_path: Path, gold: dict[str, Any], with_text: bool) -> tuple[Path, Path, Path]:
    import hashlib

    texts = tmp_path / "texts"
    texts.mkdir()
    if with_text:
        (texts / "fixture00001.txt").write_text(RAW, encoding="utf-8")
    manifest = tmp_path / "manifest.jsonl"
    row = {"id": "fixture00001", "url": "https://example.org/2031/03/12/report", "outlet": "Example", "crisis": "fixture",
           "query": "-", "sha256": hashlib.sha256(RAW.encode()).hexdigest(), "length": len(RAW), "split": "dev"}  # fmt: skip
    manifest.write_text(json.dumps(row) + "\n", encoding="utf-8")
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    return texts, manifest, gold_path


def test_cli_scores_saved_predictions(
    score: ModuleType, gold: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts, manifest, gold_path = _corpus(tmp_path, gold, with_text=True)
    preds = tmp_path / "preds.jsonl"
    preds.write_text(json.dumps(_article() | {"report_id": "fixture00001"}) + "\n", encoding="utf-8")
    details = tmp_path / "details.jsonl"
    argv = [
        "--texts",
        str(texts),
        "--manifest",
        str(manifest),
        "--gold",
        str(gold_path),
        "--predictions",
        str(preds),
        "--json",
        "--details",
        str(details),
    ]
    assert score.main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["dev"]["events"]["fully"] == 1
    kinds = {json.loads(line)["kind"] for line in details.read_text(encoding="utf-8").splitlines()}
    assert {"event", "figure", "furniture_kept", "contradiction_spurious"} <= kinds


def test_cli_skips_missing_texts_with_a_message(
    score: ModuleType, gold: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts, manifest, gold_path = _corpus(tmp_path, gold, with_text=False)
    assert (
        score.main(
            ["--texts", str(texts), "--manifest", str(manifest), "--gold", str(gold_path), "--predictions", "/dev/null"]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "skipping 1 of 1 reports" in err and "README.md" in err


def test_alignment_prefers_the_closest_sentence(score: ModuleType, build: ModuleType) -> None:
    # A headline merged with the dateline overlaps the lead; the lead's own prediction must win it.
    raw = (
        "Gangs drive more than 3,000 people from Harbourtown homes, report finds\n"
        "HARBOURTOWN (Wire) — Officials say more than 3,000 people have fled Harbourtown homes in ten days as gangs attack.\n"
    )
    head, lead = raw.splitlines()
    src = {
        "id": "fixture00002",
        "pub": {"text": None, "url": None, "gold": None},
        "figures": [
            {"ev": head, "num": "more than 3,000", "value": 3000, "q": "more than", "cat": "displaced", "opt": True},
            {"ev": lead, "num": "more than 3,000", "value": 3000, "q": "more than", "cat": "displaced"},
        ],
    }
    gold = build.compile_report(src, raw)
    merged = head + "\nHARBOURTOWN (Wire) —"
    own = lead.split("— ", 1)[1]
    article = {
        "quantities": [
            {"id": "n1", "text": "more than 3,000 people", "value": 3000, "low": None, "high": None, "qualifier": "more than", "category": "displaced", "event": None, "evidence": {"text": merged}},
            {"id": "n2", "text": "more than 3,000 people", "value": 3000, "low": None, "high": None, "qualifier": "more than", "category": "displaced", "event": None, "evidence": {"text": own}},
        ]
    }  # fmt: skip
    outcomes, _ = score.score_figures(gold, article)
    assert [o.kind for o in outcomes] == ["optional", "correct"]


def test_one_predicted_quote_may_cover_two_gold_quotes(score: ModuleType) -> None:
    g1 = {"content": {"text": "We will march again,"}, "speaker": "Mara Quell", "speaker_alt": [], "via": None}
    g2 = {"content": {"text": "Nobody will stop us."}, "speaker": "Mara Quell", "speaker_alt": [], "via": None}
    pred = {
        "content": "We will march again, she said. Nobody will stop us.",
        "speaker": None,
        "speaker_text": "Mara Quell",
    }
    outcomes, unaligned = score.score_quotes({"quotes": [g1, g2]}, {"quotes": [pred], "actors": []})
    assert [o.speaker_ok for o in outcomes] == [True, True] and unaligned == 0
