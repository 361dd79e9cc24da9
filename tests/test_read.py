"""Reading: formats, encodings, binary sniffing, path expansion, JSONL errors, laziness."""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
from pathlib import Path

import pytest

from eventwire.errors import Skipped
from eventwire.read import Source, iter_sources
from eventwire.read.decode import BinaryInput, decode, sniff_binary
from eventwire.read.files import read_stream

RU = "Пограничный комитет Беларуси ответил Польше в письме в пятницу."
FR = "Le président a déclaré vendredi que la frontière était fermée."
SHORT_LATIN = [
    "The café owner said the naïve plan failed.",
    "El niño comió piñata en España.",
    "Der Minister äußerte sich am Freitag.",
]


def _all(paths: list[str]) -> list[Source | Skipped]:
    return list(iter_sources(paths))


# -- decoding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (RU, "cp1251"),
        ("Минск", "cp1251"),
        (FR, "latin-1"),
        *[(t, "latin-1") for t in SHORT_LATIN],
        (FR, "utf-16"),
        (RU, "utf-16"),
        (RU, "utf-8-sig"),
        ("Straż Graniczna w Kuźnicy zamknęła przejście.", "cp1250"),
    ],
)
def test_decode_round_trips_common_encodings(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)).text == text


def test_decode_utf16_without_bom() -> None:
    assert decode("Border guards said on Friday.".encode("utf-16-le")).text == "Border guards said on Friday."


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip"),
        (b"\x00" * 900 + b"abc" * 10, "NUL"),
    ],
)
def test_binary_is_recognised(head: bytes, what: str) -> None:
    found = sniff_binary(head)
    assert found is not None and what in found
    with pytest.raises(BinaryInput):
        decode(head)


def test_random_bytes_are_binary() -> None:
    with pytest.raises(BinaryInput):
        decode(bytes(range(256)) * 20)


def test_nul_bytes_in_text_are_stripped_with_a_warning() -> None:
    d = decode(b"Border\x00 guards\x00 said.")
    assert d.text == "Border guards said."
    assert d.warnings and "NUL" in d.warnings[0]


# -- files, directories, globs ---------------------------------------------------------------


def test_formats_by_suffix_and_sniffing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain report.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Html report.</p>", encoding="utf-8")
    (tmp_path / "c").write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
    got = {Path(s.origin).name: s.format for s in _all([str(tmp_path)]) if isinstance(s, Source)}
    assert got == {"a.txt": "text", "b.html": "html", "c": "html"}


def test_directory_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "deep.txt").write_text("Deep.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Top.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]", encoding="utf-8")
    names = [Path(s.origin).name for s in _all([str(tmp_path)])]
    assert names == ["a.txt", "deep.txt"]


def test_glob_is_expanded_by_us(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt", "three.html"):
        (tmp_path / name).write_text("Report text.", encoding="utf-8")
    got = [Path(s.origin).name for s in _all([str(tmp_path / "*.txt")])]
    assert got == ["one.txt", "two.txt"]
    (miss,) = _all([str(tmp_path / "*.pdf")])
    assert isinstance(miss, Skipped) and miss.reason == "not_found" and "glob" in miss.message


def test_missing_path_is_skipped(tmp_path: Path) -> None:
    (s,) = _all([str(tmp_path / "nope.txt")])
    assert isinstance(s, Skipped) and s.code == "EW101" and "nope.txt" in s.message


def test_symlink_loop_is_reported_once_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "report.txt").write_text("A report.", encoding="utf-8")
    os.symlink("..", tmp_path / "sub" / "up")
    os.symlink("self", tmp_path / "self")  # a link to itself
    out = _all([str(tmp_path)])
    sources = [s for s in out if isinstance(s, Source)]
    loops = [s for s in out if isinstance(s, Skipped)]
    assert [Path(s.origin).name for s in sources] == ["report.txt"]
    assert {s.reason for s in loops} == {"symlink_loop"}
    assert len(loops) == 2


def test_empty_and_whitespace_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n\t ")
    out = _all([str(tmp_path)])
    assert [s.reason for s in out if isinstance(s, Skipped)] == ["empty", "empty"]


def test_too_large_file_is_skipped_without_reading(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    (s,) = iter_sources([str(tmp_path / "big.txt")], max_bytes=100)
    assert isinstance(s, Skipped) and s.reason == "too_large"


def test_iter_sources_is_lazy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    it = iter_sources([str(tmp_path / "a.txt"), str(tmp_path / "later.txt")])
    first = next(it)
    assert isinstance(first, Source)
    (tmp_path / "later.txt").write_text("Created after the first was read.", encoding="utf-8")
    second = next(it)
    assert isinstance(second, Source) and second.body.startswith("Created after")


# -- JSONL -----------------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines_with_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "Good one.", "url": "https://x.test/a", "title": "T", "id": 7}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "Bad url type.", "url": ["x"]}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"html": "<p>Good two.</p>", "published": "2021-11-19"}),
        json.dumps({"text": "   "}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _all([str(path)])
    good = [s for s in out if isinstance(s, Source)]
    bad = {s.line: s.reason for s in out if isinstance(s, Skipped)}
    assert [(s.line, s.format) for s in good] == [(1, "text"), (8, "html")]
    assert good[0].id == "7" and good[0].url == "https://x.test/a" and good[0].where.endswith("batch.jsonl:1")
    assert bad == {2: "bad_json", 3: "missing_text", 4: "wrong_type", 5: "wrong_type", 7: "bad_json", 9: "empty"}


def test_jsonl_is_streamed_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"text": "first"}) + "\n")
    it = iter_sources([str(path)])
    assert isinstance(next(it), Source)
    with path.open("a", encoding="utf-8") as f:  # appended after reading began: a list() would miss it
        f.write(json.dumps({"text": "second"}) + "\n")
    assert [s.body for s in it if isinstance(s, Source)] == ["second"]


def test_jsonl_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + (json.dumps({"text": RU}, ensure_ascii=False) + "\n").encode("utf-16-le"))
    (s,) = _all([str(path)])
    assert isinstance(s, Source) and s.body == RU


def test_jsonl_nul_in_text_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps({"text": "a\u0000b"}) + "\n", encoding="utf-8")
    (s,) = _all([str(path)])
    assert isinstance(s, Source) and s.body == "ab" and s.warnings


# -- stdin -----------------------------------------------------------------------------------


def test_stdin_plain_text_and_jsonl() -> None:
    (s,) = read_stream(io.BytesIO("MOSCOW — Text from stdin.".encode()), "-")
    assert isinstance(s, Source) and s.origin == "-" and s.format == "text"
    out = list(read_stream(io.BytesIO(b'{"text": "one"}\n{oops\n{"text": "three"}\n'), "-"))
    assert [(type(x).__name__, x.line) for x in out] == [("Source", 1), ("Skipped", 2), ("Source", 3)]
    (h,) = read_stream(io.BytesIO(b"<!doctype html><html><body><p>Hi</p></body></html>"), "-")
    assert isinstance(h, Source) and h.format == "html"


def test_stdin_via_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("KYIV — Report.".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    (s,) = _all(["-"])
    assert isinstance(s, Source) and s.body == "KYIV — Report."


def test_json_array_and_pretty_object(tmp_path: Path) -> None:
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps([{"text": "One."}, {"title": "none"}, 5, {"html": "<p>Two.</p>"}], indent=2), "utf-8")
    out = _all([str(arr)])
    assert [type(x).__name__ for x in out] == ["Source", "Skipped", "Skipped", "Source"]
    bad = [x for x in out if isinstance(x, Skipped)]
    assert "item 2: no `text`" in bad[0].message and bad[0].reason == "missing_text"
    assert "item 3 is a number" in bad[1].message
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps({"text": "Pretty.", "url": "https://x.test/2020/01/02/a"}, indent=2), "utf-8")
    (s,) = _all([str(pretty)])
    assert isinstance(s, Source) and s.body == "Pretty."
    lines = tmp_path / "lines.json"  # JSONL under a .json name
    lines.write_text('{"text": "a"}\n{"text": "b"}\n', "utf-8")
    assert [s.line for s in _all([str(lines)])] == [1, 2]


def test_stdin_size_limit() -> None:
    (s,) = read_stream(io.BytesIO(b"x" * 500), "-", max_bytes=100)
    assert isinstance(s, Skipped) and s.reason == "too_large"


def test_html_declared_charset_is_used() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>'
    page += "<body><p>Минск</p></body></html>"
    d = decode(page.encode("cp1251"))
    assert "Минск" in d.text and d.encoding == "cp1251"
