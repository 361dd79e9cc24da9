"""Extractor identity: what it covers, how knowledge manifests are compared, and the ingest that
re-extracts exactly the articles a knowledge change can affect."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.config import DEFAULT_STAGES, PipelineConfig
from eventwire.identity import extractor_identity
from eventwire.knowledge import KnowledgeSources, load_knowledge
from eventwire.pipeline import Pipeline
from eventwire.store import Store, ingest, open_store
from eventwire.store.identity import changed_forms, fold, forms_pattern
from eventwire.store.tables import child_tables

PERSON_ROW = "Jan Brzoskiewicz\tBrzoskiewicz\tPOL\tGOV\tdeputy minister\tm\n"

# Invented reports: two name the person the user's knowledge file adds, two do not.
REPORTS = {
    "a.txt": "WARSAW — Jan Brzoskiewicz said on Monday that border guards had detained 12 migrants near the "
    "crossing at Kuznica.",
    "b.txt": "VILNIUS — Lithuanian officials met BRZOSKIEWICZ on Tuesday in Vilnius to discuss the border, "
    "the foreign ministry said.",
    "c.txt": "RIGA — Latvian border guards said on Wednesday they had turned away 30 migrants overnight.",
    "d.txt": "BERLIN — The German interior ministry said on Thursday it would send 50 police officers to help Poland.",
}


# -- units --------------------------------------------------------------------------------------------


def test_forms_are_found_as_whole_words_without_case_or_accents() -> None:
    p = forms_pattern(["dunja mijatovic", "putin"])
    assert p is not None
    assert p.search(fold("The commissioner, Dunja\nMijatović, said"))
    assert p.search(fold("PUTIN’s spokesman"))
    assert not p.search(fold("Putinism is a word"))
    assert not p.search(fold("nothing here"))
    assert forms_pattern([]) is None


def test_changed_forms_name_added_removed_and_changed_entries() -> None:
    old = {"actors": {"person:A": ("h1", ("anna",)), "person:B": ("h2", ("bert",)), "sectors:*": ("s", None)}}
    new = {"actors": {"person:A": ("h1", ("anna",)), "person:B": ("h9", ("bert", "b")), "person:C": ("h3", ("cy",))}}
    new["actors"]["sectors:*"] = ("s", None)
    forms, parts = changed_forms(old, new)
    assert forms == {"bert", "b", "cy"} and parts == ["actors"]
    removed, _ = changed_forms(new, {"actors": {k: v for k, v in new["actors"].items() if k != "person:C"}})
    assert removed == {"cy"}
    new["actors"]["sectors:*"] = ("t", None)  # a change without forms concerns every text
    assert changed_forms(old, new)[0] is None
    assert changed_forms({"events": {"*": ("x", None)}}, {"events": {"*": ("y", None)}})[0] is None
    assert changed_forms(old, old) == (set(), [])


def test_identity_covers_code_model_stages_options_and_knowledge(tmp_path: Path) -> None:
    knowledge = load_knowledge()
    base = extractor_identity(PipelineConfig(), knowledge)
    assert base.stages == DEFAULT_STAGES and base.model_version and base.version
    assert set(base.knowledge_parts) == {
        "actors",
        "boilerplate",
        "events",
        "gazetteer",
        "places",
        "quantities",
        "quote_model",
        "quotes",
    }
    fewer = extractor_identity(PipelineConfig(stages=DEFAULT_STAGES[:3]), knowledge)
    assert fewer.code_key != base.code_key and fewer.id != base.id
    # only what its stages read (the actors stage reads the gazetteer too: junk actors that are places)
    assert "quantities" not in fewer.knowledge_parts and "gazetteer" in fewer.knowledge_parts
    f = tmp_path / "people_x.tsv"
    f.write_text(PERSON_ROW, encoding="utf-8")
    sources = KnowledgeSources(actor_files=(str(f),))
    mine = extractor_identity(PipelineConfig(knowledge=sources), load_knowledge(sources))
    assert mine.code_key == base.code_key and mine.knowledge != base.knowledge and mine.id != base.id
    assert extractor_identity(PipelineConfig(published="2021-11-19"), knowledge).id == base.id  # input metadata


# -- the ingest after a knowledge change --------------------------------------------------------------


def _corpus(root: Path) -> Path:
    root.mkdir()
    for name, text in REPORTS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _rows(store: Store) -> dict[str, dict[str, Any]]:
    """Per input file: its article id, extractor, record JSON and every child row."""
    out: dict[str, dict[str, Any]] = {}
    for aid, extractor, record, inp in store.con.execute(
        "SELECT id, extractor, record, input FROM articles"
    ).fetchall():
        children = {
            t.name: sorted(
                repr(r) for r in store.con.execute(f'SELECT * FROM "{t.name}" WHERE article_id = ?', [aid]).fetchall()
            )
            for t in child_tables()
        }
        out[Path(inp).name] = {"id": aid, "extractor": extractor, "record": record, "children": children}
    return out


def _pipeline_with(pipeline: Any, sources: KnowledgeSources, **fields: Any) -> Pipeline:
    pipe = Pipeline(PipelineConfig(knowledge=sources, **fields))
    pipe._parser = pipeline.parser  # the session's model: parsing is the same, loading it twice is slow
    return pipe


@pytest.mark.model
def test_knowledge_change_re_extracts_exactly_the_articles_it_can_affect(pipeline: Any, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in")
    with open_store(tmp_path / "db.duckdb") as store:
        first = ingest(store, [str(corpus)], pipeline=pipeline)
        assert first.counts.stored == 4
        before = _rows(store)
        assert "person:Jan Brzoskiewicz" not in before["a.txt"]["record"]

        # The user gives the new person a country: a file in the configuration, as EVENTWIRE_KB would
        kb = tmp_path / "people_mine.tsv"
        kb.write_text(PERSON_ROW, encoding="utf-8")
        pipe = _pipeline_with(pipeline, KnowledgeSources(actor_files=(str(kb),)))
        assert pipe.identity.code_key == pipeline.identity.code_key and pipe.identity.id != pipeline.identity.id

        second = ingest(store, [str(corpus)], pipeline=pipe)
        assert (second.refresh.stale, second.refresh.restamped) == (2, 2)
        assert (second.counts.replaced, second.counts.stored, second.resumed) == (2, 0, 2)
        after = _rows(store)
        for name in ("a.txt", "b.txt"):  # they name him: re-extracted with the new entry
            assert '"kb_id": "person:Jan Brzoskiewicz"' in after[name]["record"]
            assert '"country": "POL"' in after[name]["record"]
        for name in ("c.txt", "d.txt"):  # untouched: same rows, only stamped with the new identity
            assert after[name]["record"] == before[name]["record"]
            assert after[name]["children"] == before[name]["children"]
            assert before[name]["extractor"] == pipeline.identity.id
        assert {r["extractor"] for r in after.values()} == {pipe.identity.id}

        # nothing left to do with the same knowledge
        third = ingest(store, [str(corpus)], pipeline=pipe)
        assert (third.resumed, third.counts.replaced, third.refresh.stale, third.refresh.restamped) == (4, 0, 0, 0)
        assert _rows(store) == after


@pytest.mark.model
def test_another_stage_list_makes_every_article_stale(pipeline: Any, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in")
    with open_store(tmp_path / "db.duckdb") as store:
        ingest(store, [str(corpus)], pipeline=pipeline)
        stages = tuple(s for s in DEFAULT_STAGES if s != "contradictions.rules.v1")
        pipe = _pipeline_with(pipeline, pipeline.config.knowledge, stages=stages)
        again = ingest(store, [str(corpus)], pipeline=pipe)
        assert (again.refresh.stale, again.refresh.restamped) == (4, 0)
        assert (again.counts.replaced, again.resumed) == (4, 0)
        assert {r["extractor"] for r in _rows(store).values()} == {pipe.identity.id}
