"""The knowledge compiled from the field's public dictionaries: readers, contents, the build itself.

Tiers: the committed derived files are always checked (they ship with the package); the build runs
on a tiny invented fixture (tests/data/knowledge_src) every time, and on the real dictionaries only
when ../shared/knowledge is present (skipped in a fresh clone).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from eventwire.errors import KnowledgeError
from eventwire.knowledge import compiled
from eventwire.knowledge.compiled import ActorRole

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_knowledge  # noqa: E402
from knowledge_build import SourcesMissing, build  # noqa: E402

FIXTURE = Path(__file__).parent / "data" / "knowledge_src"
FIXTURE_CROSSWALK = Path(__file__).parent / "data" / "knowledge_src_crosswalk" / "CAMEO2PLOVER-2021.txt"


def _shared() -> Path | None:
    """../shared next to the repository (or next to the worktree folder), if it holds the dictionaries."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "knowledge" / "petrarch2" / "CAMEO.2.0.txt").is_file():
            return base / "shared"
    return None


SHARED = _shared()
needs_shared = pytest.mark.skipif(SHARED is None, reason="../shared/knowledge (the public dictionaries) is absent")


# -- the committed files -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(compiled.COLUMNS))
def test_every_committed_file_parses(name: str) -> None:
    rows = compiled.read(name)
    assert rows, f"{name} has no rows"


def test_sizes_are_plausible() -> None:
    verbs = _committed_verbs()
    people = _committed_roles("actors/phoenix_people.tsv")
    orgs = _committed_roles("actors/phoenix_orgs.tsv")
    assert 3_000 <= len(verbs) <= 10_000
    assert sum(1 for v in verbs if v.via == "pattern") >= 3_000
    # Every PLOVER type has verbs of its own.
    per_type = Counter(v.type for v in verbs)
    assert len(per_type) == 16 and min(per_type.values()) >= 50, per_type
    assert 10_000 <= len({r.id for r in people}) <= 40_000
    assert 3_000 <= len({r.id for r in orgs}) <= 20_000
    assert sum(1 for r in people if r.dated) >= 10_000
    assert 2_000 <= len(compiled.read_agents()) <= 6_000
    assert 400 <= len(compiled.read_demonyms()) <= 3_000
    assert 2_000 <= len(compiled.read_country_names()) <= 20_000
    assert 400 <= len(compiled.read_ethnic_groups()) <= 1_000


def test_no_dropped_cameo_root_is_compiled() -> None:
    """PLOVER drops CAMEO roots 01 (statements) and 02 (appeals): no row may carry them."""
    assert not [v for v in _committed_verbs() if v.cameo[:2] in ("01", "02")]


def test_verbs_keep_the_existing_condition_keys() -> None:
    """events/verbs.tsv's conditions are a subset of what cameo_verbs.tsv may use (compatible extension)."""
    text = (ROOT / "src" / "eventwire" / "knowledge" / "events" / "verbs.tsv").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("#") or not line.strip():
            continue
        compiled.parse_conditions(line.split("\t")[3], ("verbs.tsv", n))
    used = {key for v in _committed_verbs() for key, _ in v.conditions}
    assert used <= compiled.VERB_CONDITION_KEYS
    assert {"subj", "pobj", "obj", "prt", "prep"} <= used


@cache
def _committed_verbs() -> list[compiled.VerbPattern]:
    return compiled.read_verb_patterns()


@cache
def _committed_roles(file: str) -> list[ActorRole]:
    return compiled.read_actor_roles(file)


def _verbs(lemma: str) -> list[compiled.VerbPattern]:
    return [v for v in _committed_verbs() if v.lemma == lemma]


def _when(v: compiled.VerbPattern) -> dict[str, frozenset[str]]:
    return dict(v.conditions)


# Spot checks: each comes from an entry of the dictionaries (quoted), not from any dev sentence.


def test_pattern_with_a_synonym_set_object() -> None:
    """CAMEO ACCELERATE block: ``- * RELIEF [073] # RUSH`` -> AID (073 provide humanitarian aid)."""
    rows = [v for v in _verbs("rush") if v.cameo == "073" and "relief" in _when(v).get("obj", frozenset())]
    assert rows and rows[0].type == "AID" and rows[0].via == "pattern" and rows[0].block == "accelerate"


def test_multi_word_verb_becomes_lemma_and_particle() -> None:
    """CAMEO CANCEL block: ``+CALL_OFF [160]`` -> call + prt=off, SANCTION (160 reduce relations)."""
    rows = [v for v in _verbs("call") if v.via == "verb" and v.cameo == "160"]
    assert rows and _when(rows[0]) == {"prt": frozenset({"off"})} and rows[0].type == "SANCTION"


def test_reversed_dyad_and_prepositional_object() -> None:
    """CAMEO APPEAR block: ``- * (BEFORE COURT) [:173] # APPEAR``: the subject is the recipient of an arrest/charge."""
    rows = [v for v in _verbs("appear") if v.cameo == "173" and "before:court" in _when(v).get("pobj", frozenset())]
    assert rows and rows[0].dyad == "reversed" and (rows[0].type, rows[0].mode) == ("COERCE", "arrest")


def test_visit_host_code_pair() -> None:
    """CAMEO ACCELERATE block: ``- * (TO) [042:043] # RUSH``: the forward row is a CONSULT visit."""
    rows = {v.dyad: v for v in _verbs("rush") if _when(v) == {"prep": frozenset({"to"})}}
    assert rows["forward"].cameo == "042" and (rows["forward"].type, rows["forward"].mode) == ("CONSULT", "visit")
    assert rows["reversed"].cameo == "043"


def test_manual_overrides_the_crosswalk_for_sanctions() -> None:
    """CAMEO 163 (impose sanctions) is SANCTION 'discontinue' per the PLOVER manual's SANCTION modes."""
    rows = [v for v in _verbs("impose") if v.cameo == "163"]
    assert rows and all((v.type, v.mode) == ("SANCTION", "discontinue") for v in rows)


def _actor(name: str, file: str = "actors/phoenix_people.tsv") -> list[ActorRole]:
    rows = [r for r in _committed_roles(file) if r.name == name]
    assert rows, f"{name} not in {file}"
    return rows


def test_dated_roles_choose_by_date() -> None:
    """Phoenix.Countries: BARACK_OBAMA [USAELI 780101-000101] [USAGOV >090120]."""
    roles = _actor("Barack Obama")
    assert "President Obama" in roles[0].aliases
    on = compiled.role_on(roles, dt.date(2010, 6, 1))
    assert on is not None and (on.country, on.sector) == ("USA", "GOV")
    before = compiled.role_on(roles, dt.date(1990, 6, 1))
    assert before is not None and (before.country, before.sector) == ("USA", "ELI")
    # Between the two ranges nothing holds and there is no default: unknown, not guessed.
    assert compiled.role_on(roles, dt.date(2005, 6, 1)) is None


def test_default_role_after_the_dated_one() -> None:
    """Phoenix.International: KOFI_ANNAN_ [IGOUNO 970101-061231] [ELI]."""
    roles = _actor("Kofi Annan")
    during = compiled.role_on(roles, dt.date(2000, 1, 1))
    after = compiled.role_on(roles, dt.date(2010, 1, 1))
    assert during is not None and during.country == "UNO"
    assert after is not None and (after.country, after.sector) == (None, "ELI")


def test_organisation_with_abbreviation() -> None:
    """Phoenix.Countries: AFGHAN_NATIONAL_SECURITY_FORCES / +ANSF [AFGMIL]."""
    rows = _actor("Afghan National Security Forces", "actors/phoenix_orgs.tsv")
    assert (rows[0].country, rows[0].sector, rows[0].kind) == ("AFG", "MIL", "organisation")
    assert "ANSF" in rows[0].aliases


def test_pseudo_countries() -> None:
    """IGOUNO... -> UNO, IGOEUREEC -> EUR (PLOVER manual table of non-state actors)."""
    un = _actor("United Nations", "actors/phoenix_orgs.tsv")
    assert un[0].country == "UNO"
    commission = _actor("European Commission", "actors/phoenix_orgs.tsv")
    assert commission[0].country == "EUR"


def test_agents_keep_plover_vocabulary() -> None:
    agents = {" ".join(a.phrase): a for a in compiled.read_agents()}
    # PLOVER_agents.txt: AGRICULTURALIST [~AGR]; DOCTOR [~MED] is health in PLOVER (CAMEO said ~HLH);
    # JOURNALIST [~JRN] (CAMEO's ~MED, media). The CAMEO-vocabulary mapping itself is tested on the fixture.
    assert agents["agriculturalist"].sector == "AGR"
    assert agents["doctor"].sector == "MED" and agents["journalist"].sector == "JRN"
    assert all(a.sector == "MED" for a in agents.values() if a.code == "~MED" and a.source == "ngec/PLOVER_agents.txt")


def test_demonyms_and_regional_adjectives() -> None:
    demonyms = {(d.word, d.country): d for d in compiled.read_demonyms()}
    assert demonyms[("Polish", "POL")].form == "adjective"
    assert demonyms[("Poles", "POL")].form == "people"
    assert demonyms[("European", "EUR")].form == "adjective"
    assert demonyms[("Western", None)].form == "regional"


def test_regions_and_non_actors() -> None:
    regions = {r.name: r for r in compiled.read_regions()}
    assert regions["Gulf States"].country is None and regions["The West"].country is None
    non_actors = {" ".join(n.phrase): n.reason for n in compiled.read_non_actors()}
    assert non_actors["earthquake"] == "JNK"


def test_country_names_types() -> None:
    names = {(n.name, n.country): n.type for n in compiled.read_country_names()}
    assert names[("Kabul", "AFG")] == "capital"
    assert names[("Afghanistan", "AFG")] == "name"


# -- role_on and the readers on hand-made rows -----------------------------------------------------


def _role(code: str, start: str | None, end: str | None, country: str | None = "FRD") -> ActorRole:
    day = dt.date.fromisoformat
    return ActorRole(
        "x",
        "X",
        (),
        country,
        "GOV",
        ("GOV",),
        day(start) if start else None,
        day(end) if end else None,
        "person",
        code,
        "t",
    )


def test_role_on_prefers_the_latest_start_and_falls_back_to_the_default() -> None:
    roles = [
        _role("FRDELI", None, None),
        _role("FRDGOV", "2001-01-01", "2010-12-31"),
        _role("FRDMIL", "2005-01-01", None),
    ]
    assert compiled.role_on(roles, dt.date(2007, 1, 1)) is roles[2]
    assert compiled.role_on(roles, dt.date(2003, 1, 1)) is roles[1]
    assert compiled.role_on(roles, dt.date(1990, 1, 1)) is roles[0]
    assert compiled.role_on(roles, None) is roles[0]
    # Bounds are inclusive.
    assert compiled.role_on(roles[1:2], dt.date(2010, 12, 31)) is roles[1]
    assert compiled.role_on(roles[1:2], dt.date(2011, 1, 1)) is None


def test_reader_names_file_and_line_of_a_bad_row(tmp_path: Path) -> None:
    good = (ROOT / "src" / "eventwire" / "knowledge" / "actors" / "demonyms.tsv").read_text(encoding="utf-8")
    header = "\n".join(line for line in good.splitlines() if line.startswith("#"))
    bad = tmp_path / "demonyms_user.tsv"
    bad.write_text(header + "\nPolish\tPOL\tadjective\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        compiled.read_demonyms(bad)
    assert err.value.line == header.count("\n") + 2 and err.value.path == str(bad)
    bad.write_text(header + "\nPolish\tPOL\tnoun\tme\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="form"):
        compiled.read_demonyms(bad)


def test_reader_rejects_a_file_without_the_columns_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.tsv"
    bad.write_text("Polish\tPOL\tadjective\tme\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="columns"):
        compiled.read_demonyms(bad)


# -- the build on the invented fixture --------------------------------------------------------------


def _build_fixture(out: Path) -> str:
    return build(FIXTURE, FIXTURE_CROSSWALK, out).render()


def test_fixture_build_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    report_a, report_b = _build_fixture(first), _build_fixture(second)
    assert report_a == report_b
    files = sorted(p.relative_to(first) for p in first.rglob("*.tsv"))
    assert [str(f) for f in files] == sorted(compiled.COLUMNS)
    for f in files:
        assert (first / f).read_bytes() == (second / f).read_bytes(), f


def test_fixture_build_contents(tmp_path: Path) -> None:
    report = _build_fixture(tmp_path)
    verbs = compiled.read_verb_patterns(tmp_path / "events" / "cameo_verbs.tsv")
    by = {(v.lemma, v.cameo, v.dyad): v for v in verbs}
    # "- * &GADGET [073] # ZORBLE": a synonym set becomes the object's values; members with "and" are dropped.
    assert dict(by[("zorble", "073", "forward")].conditions) == {"obj": frozenset({"widget", "sprocket"})}
    # "[:173]" codes only the reversed dyad; "{HIGH COURT}" is one noun phrase.
    appear = by[("flummox", "173", "reversed")]
    assert dict(appear.conditions) == {"pobj": frozenset({"before:high court"})}
    # "+PLONK_DOWN [087]": lemma and particle.
    assert dict(by[("plonk", "087", "forward")].conditions) == {"prt": frozenset({"down"})}
    # Root 01 is dropped; 036 has no PLOVER type in the fixture's tables: both reported, neither compiled.
    assert not [v for v in verbs if v.cameo in ("010", "036")]
    assert "root 01" in report and "036" in report
    assert "synonym-set member with and/or" in report

    people = compiled.group_roles(
        compiled.read_actor_roles("actors/phoenix_people.tsv", tmp_path / "actors" / "phoenix_people.tsv")
    )
    firefly = people["phoenix:countries:rufus_firefly"]
    assert compiled.role_on(firefly, dt.date(1935, 1, 1)).sector == "GOV"  # type: ignore[union-attr]
    assert compiled.role_on(firefly, dt.date(1960, 1, 1)).sector == "ELI"  # type: ignore[union-attr]
    # Adjacent primary phrases without codes share the next codes; the malformed date line is dropped.
    bridge = people["phoenix:countries:trentino_bridge"]
    assert bridge[0].aliases == ("Trentino",) and len(bridge) == 1
    assert "malformed date" in report

    orgs = {
        r.name: r
        for r in compiled.read_actor_roles("actors/phoenix_orgs.tsv", tmp_path / "actors" / "phoenix_orgs.tsv")
    }
    assert orgs["Freedonian Border Police"].aliases == ("FBP",)
    assert (orgs["Duck Soup Relief"].country, orgs["Duck Soup Relief"].sector) == ("NGO", "MED")
    assert orgs["Hail Hail Front"].country is None  # a region first block: PLOVER gives no country
    assert "repeated verbatim" in report

    names = {
        (n.name, n.country): n.type for n in compiled.read_country_names(tmp_path / "actors" / "country_names.tsv")
    }
    assert names[("Freedonia City", "FRD")] == "capital"
    assert names[("Duck Island", "FRD")] == "territory"  # a dependency folded into its state
    assert names[("Port Quack", "FRD")] == "city"  # a dependency's capital is not the state's

    agents = {" ".join(a.phrase): a for a in compiled.read_agents(tmp_path / "actors" / "agents.tsv")}
    assert agents["reporter"].sector == "JRN"  # CAMEO MED (media)
    assert agents["nurse"].source == "ngec/PLOVER_agents.txt"  # PLOVER_agents wins
    assert agents["friendly society"].country == "NGO"
    ethnic = {g.name: g for g in compiled.read_ethnic_groups(tmp_path / "actors" / "ethnic_groups.tsv")}
    # "Quackers (Quack People) & qck & SYL, FRD": the other name is an alias, the states sorted.
    assert (ethnic["Quackers"].aliases, ethnic["Quackers"].countries) == (("Quack People",), ("FRD", "SYL"))
    assert ethnic["Marxian"].countries == ("FRD",) and "country code with no state" in report  # "XX" dropped
    demonyms = {(d.word, d.country): d.form for d in compiled.read_demonyms(tmp_path / "actors" / "demonyms.tsv")}
    assert demonyms[("Far Flung", None)] == "regional"
    assert demonyms[("Freedonians", "FRD")] == "people"


def test_missing_sources_name_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(SourcesMissing, match=r"CAMEO\.2\.0\.txt"):
        build(tmp_path, tmp_path / "CAMEO2PLOVER-2021.txt", tmp_path / "out")
    assert build_knowledge.main(["--src", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"]) == 2


# -- the real dictionaries ---------------------------------------------------------------------------


@needs_shared
def test_real_build_is_deterministic_and_matches_the_committed_files(tmp_path: Path) -> None:
    assert SHARED is not None
    src = SHARED / "knowledge"
    crosswalk = SHARED / "data" / "plover_gsr" / "CAMEO2PLOVER-2021.txt"
    first, second = tmp_path / "a", tmp_path / "b"
    report = build(src, crosswalk, first).render()
    assert report == build(src, crosswalk, second).render()
    committed = ROOT / "src" / "eventwire" / "knowledge"
    for name in sorted(compiled.COLUMNS):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        assert (first / name).read_bytes() == (committed / name).read_bytes(), f"{name} is stale: run `make knowledge`"
    assert report == (ROOT / "tools" / "build_knowledge.report.txt").read_text(encoding="utf-8")


def test_derived_nouns_are_english_nominalisations_of_event_verbs() -> None:
    """events/derived_nouns.tsv: "imprison" -> "imprisonment" (COERCE arrest, as the verb); a form
    English uses for something else ("battlement") or the hand-made nouns.tsv has is never there."""
    from knowledge_build import nouns

    rows = {r.lemma: r for r in compiled.read_derived_nouns()}
    assert (rows["imprisonment"].type, rows["imprisonment"].mode, rows["imprisonment"].verb) == (
        "COERCE",
        "arrest",
        "imprison",
    )
    assert rows["extradition"].rule == "-e/-ion" and rows["refusal"].type == "REJECT"
    assert "battlement" not in rows and "dispersion" not in rows
    hand = (ROOT / "src" / "eventwire" / "knowledge" / "events" / "nouns.tsv").read_text(encoding="utf-8")
    assert not set(rows) & nouns.hand_nouns(hand)
    forms = dict(nouns.nominalisations("kidnap")) | dict(nouns.nominalisations("deport"))
    assert forms["kidnapping"] == "-ing" and forms["deportation"] == "-ation"
    # Only English nouns survive; the suffix rules alone would invent words.
    kept = nouns.derive_nouns(
        [nouns.VerbReading("deport", "COERCE", "deport", 0.8, "verbs.tsv")],
        frozenset(),
        frozenset({"deportation"}),
        frozenset(),
        nouns.Report(),
    )
    assert [r[:5] for r in kept] == [["deportation", "COERCE", "deport", "-", "0.72"]]
