"""Knowledge as one value: digests over every file, user files as explicit configuration, views for
stages, pickling that proves the receiver has the same files, manifests. No model."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from eventwire.errors import KnowledgeError, PipelineError
from eventwire.knowledge import PARTS, KnowledgeSources, load_knowledge
from eventwire.resolve.gazetteer import import_geonames, index_paths

DATA = Path(__file__).parent / "data"
PERSON = "Jan Brzoskiewicz\tBrzoskiewicz\tPOL\tGOV\tminister\tm\n"


def test_digest_is_stable_and_covers_every_part() -> None:
    a, b = load_knowledge(), load_knowledge()
    assert a.digest == b.digest and len(a.digest) == 64
    assert a == b and hash(a) == hash(b)
    assert set(a.part_digests) == set(PARTS)


def test_a_user_file_changes_its_part_and_the_digest_only(tmp_path: Path) -> None:
    f = tmp_path / "people_mine.tsv"
    f.write_text(PERSON, encoding="utf-8")
    shipped = load_knowledge()
    mine = load_knowledge(KnowledgeSources(actor_files=(str(f),)))
    assert mine.digest != shipped.digest
    changed = {p for p in PARTS if mine.part_digests[p] != shipped.part_digests[p]}
    assert changed == {"actors"}
    assert mine.actors.entry("Brzoskiewicz") is not None and shipped.actors.entry("Brzoskiewicz") is None
    f.write_text(PERSON.replace("POL", "LTU"), encoding="utf-8")
    assert load_knowledge(KnowledgeSources(actor_files=(str(f),))).digest not in (mine.digest, shipped.digest)


def test_lexicon_folders_and_boilerplate_files_are_parts_of_the_value(tmp_path: Path) -> None:
    (tmp_path / "verbs.tsv").write_text("zorblock\tCOERCE\tblockade\n", encoding="utf-8")
    extra = tmp_path / "extra.yaml"
    extra.write_text("lines:\n  - reason: promo\n    patterns: ['Buy now']\n", encoding="utf-8")
    k = load_knowledge(KnowledgeSources(lexicon_dirs=(("events", str(tmp_path)),), boilerplate_files=(str(extra),)))
    base = load_knowledge()
    assert {p for p in PARTS if k.part_digests[p] != base.part_digests[p]} == {"events", "boilerplate"}
    assert [e.type for e in k.events.verbs["zorblock"]] == ["COERCE"] and "zorblock" not in base.events.verbs
    assert k.boilerplate.line_reason("Buy now") == "promo"


def test_gazetteer_imports_change_the_digest(tmp_path: Path) -> None:
    before = load_knowledge(KnowledgeSources(gazetteer_dir=str(tmp_path)))
    import_geonames(DATA / "geonames_mini.txt", index_paths(tmp_path)[1])
    after = load_knowledge(KnowledgeSources(gazetteer_dir=str(tmp_path)))
    assert {p for p in PARTS if after.part_digests[p] != before.part_digests[p]} == {"gazetteer"}


def test_missing_user_file_and_unknown_language_are_coded_errors(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(KnowledgeSources(actor_files=(str(tmp_path / "nope.tsv"),)))
    assert err.value.code == "EW205" and "nope.tsv" in str(err.value)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(language="xx")
    assert err.value.code == "EW205" and "'xx'" in str(err.value)


def test_a_stage_view_reads_only_declared_parts() -> None:
    k = load_knowledge()
    view = k.only(("events",), reader="test.view.v1")
    assert view.events is k.events  # the view shares what is loaded
    with pytest.raises(PipelineError) as err:
        view.actors  # noqa: B018
    assert err.value.code == "EW207" and "'test.view.v1' reads knowledge part 'actors'" in str(err.value)
    with pytest.raises(PipelineError) as err:
        k.only(("lexicon",), reader="test.view.v1")
    assert err.value.code == "EW206"


def test_pickling_sends_sources_and_checks_the_digest(tmp_path: Path) -> None:
    f = tmp_path / "people_mine.tsv"
    f.write_text(PERSON, encoding="utf-8")
    k = load_knowledge(KnowledgeSources(actor_files=(str(f),)))
    data = pickle.dumps(k)
    assert len(data) < 5_000  # no part travels, only where to find them and what they must hash to
    assert pickle.loads(data) == k
    f.write_text(PERSON.replace("POL", "LTU"), encoding="utf-8")  # the other machine has other files
    with pytest.raises(KnowledgeError) as err:
        pickle.loads(data)
    assert err.value.code == "EW205" and "differ" in str(err.value)


def test_manifest_lists_actor_entries_with_their_surface_forms() -> None:
    k = load_knowledge()
    m = k.manifest(("actors", "events"))
    putin = m["actors"]["person:Vladimir Putin"]
    assert putin[1] is not None and {"vladimir putin", "putin"} <= set(putin[1])
    poland = m["actors"]["country:POL"][1]
    assert poland is not None and {"poland", "polish", "warsaw"} <= set(poland)
    assert m["actors"]["sectors:*"][1] is None  # sector words concern every text
    assert m["events"] == {"*": (k.part_digests["events"][:16], None)}


def test_label_maps_are_a_part() -> None:
    labels = load_knowledge().labels
    mapping = labels.mapping("eval/ontonotes_to_conll.tsv", "ontonotes", "conll")
    assert mapping["PERSON"] == "PER" and mapping["GPE"] == "LOC"
    assert any(r["plover_type"] == "PROTEST" for r in labels.table("exports/plover_to_acled.tsv"))
    with pytest.raises(KnowledgeError):
        labels.table("eval/nope.tsv")
