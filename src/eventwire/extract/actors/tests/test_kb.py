"""The actor knowledge base: shipped files, lookups, user files and their errors (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.cli.config import knowledge_sources
from eventwire.errors import KnowledgeError
from eventwire.extract.actors.kb import load_kb, normalise, resolve_phrase
from eventwire.knowledge import load_knowledge

KB = load_kb()

# A sample of UN members across regions; the shipped file must hold all 193 (checked by count below).
SAMPLE_MEMBERS = ["POL", "BLR", "RUS", "DEU", "IRQ", "SYR", "TUV", "NRU", "SSD", "KNA", "BTN", "URY", "FJI", "MNE"]


def test_shipped_countries_cover_un_members() -> None:
    kb = load_kb()
    states = [e for e in kb.entries.values() if e.key.startswith("country:")]
    # 193 UN members + Palestine, Holy See, Taiwan, Hong Kong, Kosovo (PLOVER manual 5.1)
    assert len(states) >= 198
    for iso in SAMPLE_MEMBERS:
        assert kb.country_entry(iso) is not None, iso


def test_country_lookups() -> None:
    kb = KB
    assert kb.adjective("Polish") == "POL"
    assert kb.adjective("Belarusian") == "BLR"
    assert kb.national("Iraqis") == "IRQ"
    assert kb.capital("Minsk") == "BLR"
    assert kb.country_of_name("Belarus’s") == "BLR"
    assert kb.country_of_name("the United States") == "USA"
    assert kb.country_of_name("Minsk") is None


def test_abbreviations_match_only_as_written() -> None:
    kb = KB
    us = kb.entry("US")
    assert us is not None and us.country == "USA"
    assert kb.entry("us") is None
    assert kb.entry("who") is None
    who = kb.entry("WHO")
    assert who is not None and who.country == "UNO"


def test_organisations_and_seats() -> None:
    kb = KB
    kremlin = kb.entry("the Kremlin")
    assert kremlin is not None and (kremlin.country, kremlin.sector, kremlin.kind) == ("RUS", "GOV", "organisation")
    eu = kb.entry("European Union")
    assert eu is not None and eu.country == "EUR"
    coe = kb.entry("Council of Europe")
    assert coe is not None and coe.country == "IGO"


def test_bloc_is_igo_not_the_eu() -> None:
    # PLOVER 5.1: only EU bodies are EUR; "the bloc" may be ECOWAS, SADC, ASEAN, ... (the stage refers it back)
    for name in ("the bloc", "regional bloc", "the regional bloc"):
        bloc = KB.entry(name)
        assert bloc is not None and bloc.country == "IGO", name
    for name in ("ECOWAS", "African Union", "Arab League", "ASEAN"):
        e = KB.entry(name)
        assert e is not None and e.country == "IGO", name


def test_people_and_sectors() -> None:
    kb = KB
    luk = kb.entry("Lukashenko")
    assert luk is not None and (luk.name, luk.country, luk.sector) == ("Alexander Lukashenko", "BLR", "GOV")
    assert kb.entry("Dunja Mijatović") is not None  # accents folded
    guard = kb.sector_word(("border", "guard"))
    assert guard is not None and guard.sector == "COP"
    leader = kb.sector_word(("leader",))
    assert leader is not None and leader.role == "head"


def test_normalise() -> None:
    assert normalise("The Kremlin’s") == "kremlin"
    assert normalise("  Dunja   Mijatović ") == "dunja mijatovic"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Polish border guards", ("POL", "COP", "group")),
        ("the Kremlin", ("RUS", "GOV", "organisation")),
        ("Minsk", ("BLR", "GOV", "state")),
        ("Poland", ("POL", "GOV", "state")),
        ("the Iraqi Foreign Ministry", ("IRQ", "GOV", "organisation")),
        ("Belarus's State Border Committee", ("BLR", "COP", "organisation")),
        ("migrants", (None, "REF", "group")),
        ("Kremlin spokesman Dmitry Peskov", ("RUS", "GOV", "person")),
        ("Palestinians", ("PSE", None, "group")),
        ("president of Armenia", ("ARM", "GOV", "person")),
    ],
)
def test_resolve_phrase(phrase: str, expected: tuple[str | None, str | None, str]) -> None:
    assert resolve_phrase(phrase, KB) == expected


def test_resolve_phrase_unknown_is_none() -> None:
    assert resolve_phrase("the weather", KB) is None
    assert resolve_phrase("", KB) is None


def test_user_tsv_file_named_for_its_kind(tmp_path: Path) -> None:
    f = tmp_path / "people_extra.tsv"
    f.write_text("# my people\nIlse Varnhagen\tVarnhagen\tAUT\tGOV\tforeign minister\tf\n", encoding="utf-8")
    kb = load_kb([f])
    e = kb.entry("Varnhagen")
    assert e is not None and (e.country, e.sector, e.gender) == ("AUT", "GOV", "f")
    assert str(f) in kb.sources


def test_user_file_with_kind_line_overrides_shipped(tmp_path: Path) -> None:
    f = tmp_path / "mine.tsv"
    f.write_text("# kind: organisations\nKremlin\tthe Kremlin\tRUS\tMIL\torganisation\n", encoding="utf-8")
    kremlin = load_kb([f]).entry("Kremlin")
    assert kremlin is not None and kremlin.sector == "MIL"


def test_user_yaml_file(tmp_path: Path) -> None:
    f = tmp_path / "kb.yaml"
    f.write_text(
        "organisations:\n"
        "  - name: Grenzschutz Nord\n"
        "    aliases: [GSN]\n"
        "    country: DEU\n"
        "    sector: COP\n"
        "    kind: organisation\n"
        "sectors:\n"
        "  - phrase: coast watcher\n"
        "    sector: COP\n"
        "    kind: person\n"
        "    role: '-'\n",
        encoding="utf-8",
    )
    kb = load_kb([f])
    gsn = kb.entry("GSN")
    assert gsn is not None and gsn.country == "DEU"
    watcher = kb.sector_word(("coast", "watcher"))
    assert watcher is not None and watcher.sector == "COP"


def test_env_var_lists_user_files_at_the_command_line_edge(tmp_path: Path) -> None:
    a = tmp_path / "people_a.tsv"
    a.write_text("Tomas Rekvilas\t\tLTU\tGOV\tminister\tm\n", encoding="utf-8")
    b = tmp_path / "organisations_b.tsv"
    b.write_text("Baltic Border Watch\tBBW\tNGO\tSOC\torganisation\n", encoding="utf-8")
    # EVENTWIRE_KB is read where the command line builds its configuration, nowhere else
    sources = knowledge_sources({"EVENTWIRE_KB": f"{a}:{b}"})
    assert sources.actor_files == (str(a), str(b))
    kb = load_knowledge(sources).actors
    assert kb.entry("Tomas Rekvilas") is not None
    assert kb.entry("BBW") is not None
    assert load_knowledge(knowledge_sources({})).actors.entry("Tomas Rekvilas") is None
    assert KB.entry("Tomas Rekvilas") is None


@pytest.mark.parametrize(
    ("name", "content", "line", "words"),
    [
        ("people_bad.tsv", "# header\nOnly Two\tColumns\n", 2, "expected 6 tab-separated columns"),
        ("people_bad.tsv", "Ann Example\t\tPoland\tGOV\tminister\tf\n", 1, "not a 3-letter"),
        ("organisations_bad.tsv", "\n\nSome Org\t\tPOL\tGOV\tcompany\n", 3, "kind 'company'"),
        ("extra.tsv", "Some Org\t\tPOL\tGOV\torganisation\n", 1, "cannot tell what the file holds"),
        ("mine.tsv", "# kind: planets\n", 1, "unknown kind 'planets'"),
        ("people_bad.tsv", "Ann Example\t\tPOL\tGOV\tminister\tx\n", 1, "gender 'x'"),
    ],
)
def test_malformed_user_file_names_file_and_line(
    tmp_path: Path, name: str, content: str, line: int, words: str
) -> None:
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_kb([f])
    assert err.value.code == "EW205"
    assert err.value.path == str(f)
    assert err.value.line == line
    assert words in str(err.value)
    assert f"{f}:{line}" in str(err.value)


def test_malformed_yaml(tmp_path: Path) -> None:
    f = tmp_path / "kb.yml"
    f.write_text("people:\n  - name: A B\n    country: POL\n    colour: red\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="unknown field"):
        load_kb([f])
    f.write_text("people: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="not valid YAML"):
        load_kb([f])


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as err:
        load_kb([tmp_path / "nope.tsv"])
    assert err.value.code == "EW205"


# -- the compiled dictionaries (docs/knowledge.md, wiring plan) ----------------------------------


def test_compiled_actor_takes_the_role_valid_on_the_day() -> None:
    import datetime as dt

    kb = KB
    # Phoenix: a Sri Lankan minister, dated roles from 2004, the last open-ended (from 2010), no default.
    before = kb.on(dt.date(2001, 1, 1)).entry("A. H. M. Fowzie")
    # known, but not its office that day: the country all its roles share, no sector
    assert before is not None and before.country == "LKA" and before.sector is None
    during = kb.on(dt.date(2005, 1, 1)).entry("A. H. M. Fowzie")
    assert during is not None and during.country == "LKA" and during.sector == "GOV"
    # an open-ended role after the dictionary's last update (2017): the office is no longer certain
    late = kb.on(dt.date(2021, 1, 1)).entry("A. H. M. Fowzie")
    assert late is not None and late.country == "LKA" and late.sector is None
    undated = kb.entry("A. H. M. Fowzie")
    assert undated is not None and undated.sector is None


def test_dated_entry_rules() -> None:
    import datetime as dt

    from eventwire.extract.actors.kb import Entry, _dated_entry
    from eventwire.knowledge.compiled import ActorRole

    def role(country: str, sector: str, start: str | None, end: str | None, code: str = "XXXGOV") -> ActorRole:
        d = dt.date.fromisoformat
        return ActorRole("x", "X", (), country, sector, (sector,), d(start) if start else None,
                         d(end) if end else None, "person", code, "test")  # fmt: skip

    e = Entry("x", "X", None, None, "person")
    roles = [role("AAA", "GOV", "2001-01-01", "2005-12-31"), role("AAA", "OPP", "2006-01-01", None)]
    on = _dated_entry(e, roles, dt.date(2003, 5, 5))
    assert on is not None and (on.country, on.sector) == ("AAA", "GOV")
    # an open-ended role after the dictionary's last update: country kept, sector uncertain
    late = _dated_entry(e, roles, dt.date(2021, 1, 1))
    assert late is not None and (late.country, late.sector) == ("AAA", None)
    never = _dated_entry(e, [role("AAA", "GOV", "2001-01-01", None, code="---")], dt.date(2003, 1, 1))
    assert never is None


def test_compiled_words_fill_only_what_hand_made_files_lack() -> None:
    kb = KB
    plain = load_kb(compiled=False)
    # hand-made adjectives and sector words are unchanged
    assert all(kb.adjectives[w] == iso for w, iso in plain.adjectives.items())
    assert all(kb.sectors[p] == sw for p, sw in plain.sectors.items())
    assert all(kb.names[n] == key for n, key in plain.names.items())
    # and the compiled files add to them
    assert len(kb.adjectives) > len(plain.adjectives)
    assert len(kb.sectors) > len(plain.sectors)
    assert len(kb.entries) > len(plain.entries) + 10_000
    assert kb.is_non_actor(["monday"]) or kb.non_actors
