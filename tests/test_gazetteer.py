"""Gazetteer: name keys, the GeoNames import, the shipped place lists and (slow) the default build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventwire.errors import KnowledgeError
from eventwire.resolve import geo_sources
from eventwire.resolve.gazetteer import ALTERNATE, PRIMARY, Gazetteer, build_index, import_geonames
from eventwire.resolve.geo_names import fold, keys_of, transliterations

DATA = Path(__file__).parent / "data"


def test_fold_removes_accents_case_and_dots() -> None:
    assert fold("Kuźnica") == fold("KUZNICA") == fold("kuznica") == "kuznica"
    assert fold("Białystok") == "bialystok"
    assert fold("St. Louis") == fold("St Louis") == "st louis"
    assert fold("Brest-Litovsk") == "brest litovsk"
    assert fold("Mins'k") == "minsk"


def test_cyrillic_names_get_romanised_keys() -> None:
    assert "kuznitsa" in transliterations("Кузница")
    assert "kuznica" in transliterations("Кузница")
    assert transliterations("Warsaw") == []
    assert keys_of("Бярозаўка")  # Belarusian letters (ў) romanise too


@pytest.fixture
def mini_gaz(tmp_path: Path) -> Gazetteer:
    report = import_geonames(DATA / "geonames_mini.txt", tmp_path / "user.sqlite")
    assert report.places == 8
    return Gazetteer([tmp_path / "user.sqlite"])


def test_import_finds_places_by_name_alternate_and_spelling(mini_gaz: Gazetteer) -> None:
    hits = mini_gaz.lookup("Kuznica")
    assert {h.gid for h in hits} == {"geonames:9100001", "geonames:9100002"}
    assert all(h.country == "POL" for h in hits)
    assert {h.gid for h in mini_gaz.lookup("Kuznitsa")} == {"geonames:9100001"}  # from the Cyrillic alternate
    (polska,) = mini_gaz.lookup("Polska")
    assert polska.feature == "PCLI" and polska.kind == ALTERNATE
    (poland,) = mini_gaz.lookup("POLAND")
    assert poland.kind == PRIMARY and poland.population == 38_000_000
    assert mini_gaz.lookup("Atlantis") == []
    assert mini_gaz.get("geonames:9100003") is not None
    assert mini_gaz.country("SRB") is not None and mini_gaz.country("SRB").name == "Serbia"  # type: ignore[union-attr]


def test_reimport_does_not_duplicate_names(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    import_geonames(DATA / "geonames_mini.txt", path)
    import_geonames(DATA / "geonames_mini.txt", path)
    assert len(Gazetteer([path]).lookup("Kuznica")) == 2


def test_import_rejects_a_file_that_is_not_geonames(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("name\tlat\tlon\nKuznica\t53.5\t23.6\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="19 tab-separated"):
        import_geonames(bad, tmp_path / "user.sqlite")


def test_gazetteer_without_index_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="gazetteer build"):
        Gazetteer([tmp_path / "missing.sqlite"])


def test_shipped_place_lists_are_well_formed() -> None:
    countries = list(geo_sources.read_tsv("countries.tsv"))
    assert len(countries) > 200
    for r in countries:
        assert re.fullmatch(r"[A-Z]{3}", r["iso3"]) and -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180
    extra = list(geo_sources.extra_rows())
    crossing = {r.name for r in extra if r.feature == "crossing"}
    assert any("Kuźnica" in n and "Bruzgi" in n for n in crossing)
    assert any("Terespol" in n for n in crossing)
    for r in extra:
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180
    for alias, target, _context in geo_sources.alias_rows():
        assert alias and re.fullmatch(r"(country:[A-Z]{3}|adm1:[A-Z]{2}\.\w+|geonames:\d+|eventwire:[\w-]+)", target)


def test_admin1_names_come_with_their_codes() -> None:
    names = geo_sources.admin1_names()
    assert names[("US", "OH")] == "Ohio"
    assert names[("PL", "81")]  # Podlasie (Podlaskie), the Polish region on the Belarus border


@pytest.mark.slow
def test_default_index_resolves_border_places(tmp_path: Path) -> None:
    report = build_index(tmp_path / "gaz.sqlite")
    assert report.places > 200_000
    gaz = Gazetteer([report.path])

    def best(name: str) -> str:
        return max(gaz.lookup(name), key=lambda e: e.population).name

    assert {e.country for e in gaz.lookup("Kuźnica")} >= {"POL"}
    assert any(e.country == "POL" and abs(e.lat - 53.51) < 0.1 for e in gaz.lookup("Kuznitsa"))
    assert best("Brześć") == best("Brest") == "Brest"
    assert any(e.feature == "crossing" for e in gaz.lookup("Kuznica-Bruzgi crossing"))
    assert any(e.country == "BLR" for e in gaz.lookup("Bruzgi"))
    assert any(e.feature == "ADM1" and e.country == "POL" for e in gaz.lookup("Podlaskie"))
    (poland,) = [e for e in gaz.lookup("Poland") if e.feature == "PCLI"]
    assert (poland.lat, poland.lon) == (52.0, 20.0)


def test_not_place_words_hold_demonyms_and_generic_words() -> None:
    from eventwire.extract.places.words import not_place_words

    words = not_place_words()
    assert {"polish", "belarusian", "north", "delta"} <= words
    assert "warsaw" not in words and "poland" not in words


def test_cli_import_adds_a_geonames_file_to_the_user_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app
    from eventwire.resolve.gazetteer import index_paths

    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path))  # read by the command line, nowhere below it
    result = CliRunner().invoke(app, ["gazetteer", "import", str(DATA / "geonames_mini.txt")])
    assert result.exit_code == 0, result.output
    assert "8 places" in result.output
    user = index_paths(tmp_path)[1]
    assert user == tmp_path / "gazetteer-user.sqlite"
    assert Gazetteer([user]).lookup("Vardonija")
    missing = CliRunner().invoke(app, ["gazetteer", "import", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1
