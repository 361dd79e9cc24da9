"""Sidecar metadata files (issue 14): ``story.meta``/``story.json`` beside ``story.txt`` are that
document's metadata, never articles; the input's own id is kept on the record. Fixtures invented."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.errors import Skipped
from eventwire.read import Source, iter_sources

TEXT = "Border guards in Arvenia turned back 40 people at the Tamsk crossing on Monday."


def _all(paths: list[str]) -> list[Source | Skipped]:
    return list(iter_sources(paths))


def test_json_sidecar_is_metadata_not_an_article(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    meta = {"url": "https://example.org/a", "date": "2021-11-16", "outlet": "Lantern", "id": "doc-7", "extra": [1]}
    (tmp_path / "story.json").write_text(json.dumps(meta), encoding="utf-8")
    got = _all([str(tmp_path)])
    assert len(got) == 1 and isinstance(got[0], Source)
    src = got[0]
    assert (src.url, src.published, src.source, src.id) == ("https://example.org/a", "2021-11-16", "Lantern", "doc-7")
    assert src.body == TEXT


def test_meta_sidecar_in_key_value_lines(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_text(f"<p>{TEXT}</p>", encoding="utf-8")
    (tmp_path / "b.html.meta").write_text("title: Ferry closed\nurl: https://example.org/b\n", encoding="utf-8")
    got = _all([str(tmp_path)])
    assert [type(g) for g in got] == [Source]
    src = got[0]
    assert isinstance(src, Source) and (src.title, src.url) == ("Ferry closed", "https://example.org/b")


def test_a_json_article_sharing_a_stem_is_still_an_article(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"text": "Another report.", "id": "j1"}), encoding="utf-8")
    got = [g for g in _all([str(tmp_path)]) if isinstance(g, Source)]
    assert sorted(g.body for g in got) == ["Another report.", TEXT]


def test_a_bad_sidecar_becomes_a_warning(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "d.meta").write_text("[1, 2]", encoding="utf-8")
    got = _all([str(tmp_path)])
    assert len(got) == 1 and isinstance(got[0], Source)
    assert any("d.meta" in w for w in got[0].warnings)


def test_a_sidecar_named_alone_is_listed_as_skipped(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "e.meta").write_text("url: https://example.org/e\n", encoding="utf-8")
    got = _all([str(tmp_path / "e.meta")])
    assert len(got) == 1 and isinstance(got[0], Skipped) and got[0].code == "EW115"
    assert "e.txt" in got[0].message


def test_a_meta_file_without_a_document_is_read_as_usual(tmp_path: Path) -> None:
    (tmp_path / "lonely.meta").write_text(TEXT, encoding="utf-8")
    got = _all([str(tmp_path)])
    assert len(got) == 1 and isinstance(got[0], Source) and got[0].body == TEXT


def test_input_id_is_kept_on_the_article(tmp_path: Path) -> None:
    import eventwire

    pipe = eventwire.Pipeline(eventwire.PipelineConfig(stages=()))
    a = pipe.process_text(TEXT, id="wire-42")
    assert a.input_id == "wire-42"
    assert pipe.process_text(TEXT).input_id is None
