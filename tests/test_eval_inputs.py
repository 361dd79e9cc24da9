"""Every scorer reads its dataset's published layout and the dev sample's, and every missing or malformed
input is a coded error (EW402 / EW404) naming the file, never a traceback. Tiny invented files only;
no model is loaded (only the scorers' ``load`` step runs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import EvalError
from eventwire.eval import SCORERS, evaluate
from eventwire.eval.polnear import Doc, Prediction
from eventwire.eval.polnear import score as polnear_score

GSR_RECORD = {"id": "R1", "event": "PROTEST", "text": "Farmers marched in Vardonia.", "source": "", "target": ""}
CASE_TSV = "id\tEventSnippet\tSubType\n1\tFarmers marched through the capital.\tPEACE_PROTEST\n"
PETR_XML = """<Validation><Sentences>
<Sentence date="20010203" id="T-01"><Text>Arnor accused Gondor.</Text>
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="112"></EventCoding></Sentence>
</Sentences></Validation>
"""
PETR_ACTORS = "ARNOR_ [ARN]\n+ARNORIAN\nGONDOR [GON]\n"
CROSSWALK = "11: ACCUSE\n112: ACCUSE, accuse, # Accuse\n"
GWN = '<articles><article file="1"><text>Vardonia</text><toponyms><toponym><extractedName>Vardonia</extractedName><type>Literal</type><start>0</start><end>8</end><geonamesID>9</geonamesID><latitude>1</latitude><longitude>2</longitude></toponym></toponyms></article></articles>'
LGL = '<articles><article docid="5"><text>Vardonia</text><toponyms><toponym><start>0</start><end>8</end><phrase>Vardonia</phrase></toponym></toponyms></article></articles>'
ISAF_LINE = json.dumps(
    {
        "conversations": [
            {"from": "system", "value": "prompt"},
            {
                "from": "human",
                "value": "PRESS RELEASE TEXT: 2011-01-X-001\nKABUL (Jan. 2, 2011) A patrol detained two men.",
            },
            {"from": "gpt", "value": json.dumps({"start_date": "2011-01-01", "min_killed": 0, "min_captured": 2})},
        ]
    }
)
SENT = json.dumps({"doc_id": 3, "sent_id": 0, "sent_text": "police arrested two men.", "sent_labels": ["ARREST"]})
CONLL = "-DOCSTART- -X- -X- O\n\nMaria NNP B-NP I-PER\nwent VBD B-VP O\n\n"
ANN = "T1\tSource 0 5\tMaria\nT2\tCue 6 10\tsaid\nT3\tContent 11 20\tit rained\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


# dataset, files in its PUBLISHED layout (as in the source repository the dataset README names),
# the path passed (relative to the folder), number of items expected
PUBLISHED = [
    ("plover_gsr", {"gold_standard_records/PLOVER_GSR_CAMEO.txt": json.dumps([GSR_RECORD])}, ".", 1),
    ("case2021_task2", {"task2/test_dataset/test_set_final_release_with_labels.tsv": CASE_TSV}, ".", 1),
    (
        "petrarch2_unittest",
        {
            "petrarch2/data/text/PETR.UnitTest.records.xml": PETR_XML,
            "petrarch2/data/dictionaries/PETR.Validate.actors.txt": PETR_ACTORS,
            "CAMEO2PLOVER-2021.txt": CROSSWALK,
        },
        ".",
        1,
    ),
    ("geowebnews", {"data/GWN.xml": GWN}, ".", 1),
    ("lgl", {"data/Corpora/lgl.xml": LGL}, ".", 1),
    ("isaf_press_releases", {"data/isaf_press_releases_ft_test.jsonl": ISAF_LINE + "\n"}, ".", 1),
    ("indiapoliceevents", {"data/final/sents.jsonl": SENT + "\n"}, ".", 1),
    ("conll2003_en", {"eng.testb": CONLL}, "eng.testb", 1),
    (
        "polnear",
        {"data/test/text/a.txt": "Maria said it rained.", "data/test/attributions/a_01.ann": ANN},
        "data/test",
        1,
    ),
    ("ecbplus", {"ECB+/3/3_1ecb.xml": "<Document/>"}, ".", 1),
]


@pytest.mark.parametrize(("dataset", "files", "rel", "items"), PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_published_layout_is_read(tmp_path: Path, dataset: str, files: dict[str, str], rel: str, items: int) -> None:
    root = write(tmp_path, files)
    assert len(SCORERS.get(dataset).load(root / rel, None)) == items


def test_polnear_notes_name_the_split_scored(tmp_path: Path) -> None:
    root = write(tmp_path, {"data/test/text/a.txt": "Maria said it rained.", "data/test/attributions/a_01.ann": ANN})
    (doc,) = SCORERS.get("polnear").load(root / "data" / "test", None)
    assert isinstance(doc, Doc) and doc.split == "test"
    result = polnear_score([doc], [Prediction([], [])])
    assert result.notes[0].startswith("PolNeAR test split") and not any("dev" in n for n in result.notes)


def test_the_dev_split_is_the_default_for_the_corpus_folder(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "data/dev/text/a.txt": "Maria said it rained.",
            "data/dev/attributions/a_01.ann": ANN,
            "data/test/text/b.txt": "x",
            "data/test/attributions/b_01.ann": "",
        },
    )
    assert [d.split for d in SCORERS.get("polnear").load(root, None)] == ["dev"]


# dataset, files, path passed, error code, words the message must contain
BROKEN = [
    ("plover_gsr", {}, ".", "EW402", "PLOVER_GSR_CAMEO.txt"),
    ("plover_gsr", {"PLOVER_GSR_CAMEO.dev_sample.json": "[{"}, ".", "EW404", "not JSON"),
    ("plover_gsr", {"PLOVER_GSR_CAMEO.txt": json.dumps({"id": "R1"})}, ".", "EW404", "JSON array"),
    ("plover_gsr", {"PLOVER_GSR_CAMEO.txt": json.dumps([{"text": "No id here."}])}, ".", "EW404", "'id'"),
    ("case2021_task2", {}, ".", "EW402", "dev_sample_with_labels.tsv"),
    ("case2021_task2", {"dev_sample_with_labels.tsv": "a\tb\n1\tx\n"}, ".", "EW404", "header"),
    ("case2021_task2", {"dev_sample_with_labels.tsv": "id\tEventSnippet\tSubType\n1\tonly two\n"}, ".", "EW404", ":2"),
    ("petrarch2_unittest", {}, ".", "EW402", "PETR.UnitTest.records.xml"),
    (
        "petrarch2_unittest",
        {"PETR.UnitTest.records.xml": "<Sentences><Sentence>", "PETR.Validate.actors.txt": PETR_ACTORS},
        ".",
        "EW404",
        "XML",
    ),
    ("petrarch2_unittest", {"PETR.UnitTest.records.xml": PETR_XML}, ".", "EW402", "PETR.Validate.actors.txt"),
    (
        "petrarch2_unittest",
        {"PETR.UnitTest.records.xml": PETR_XML, "PETR.Validate.actors.txt": PETR_ACTORS},
        ".",
        "EW402",
        "CAMEO2PLOVER-2021.txt",
    ),
    (
        "petrarch2_unittest",
        {
            "PETR.UnitTest.records.xml": PETR_XML,
            "PETR.Validate.actors.txt": PETR_ACTORS,
            "CAMEO2PLOVER-2021.txt": "no codes here\n",
        },
        ".",
        "EW404",
        "crosswalk",
    ),
    (
        "petrarch2_unittest",
        {"PETR.UnitTest.records.xml": PETR_XML.replace(' id="T-01"', ""), "PETR.Validate.actors.txt": PETR_ACTORS},
        ".",
        "EW404",
        "no id",
    ),
    ("geowebnews", {}, ".", "EW402", "GWN.xml"),
    ("geowebnews", {"GWN.xml": "<articles><article file='1'>"}, ".", "EW404", "XML"),
    ("geowebnews", {"GWN.xml": GWN.replace("<start>0</start>", "<start>zero</start>")}, ".", "EW404", "start/end"),
    ("geowebnews", {"GWN.xml": "<articles/>"}, ".", "EW404", "no <article>"),
    ("lgl", {}, ".", "EW402", "lgl.xml"),
    ("lgl", {"lgl.xml": LGL.replace(' docid="5"', "")}, ".", "EW404", "docid"),
    ("isaf_press_releases", {}, ".", "EW402", "isaf_press_releases_ft_test.jsonl"),
    ("isaf_press_releases", {"isaf_press_releases_ft_test.jsonl": ISAF_LINE + "\n{oops\n"}, ".", "EW404", ":2"),
    (
        "isaf_press_releases",
        {"isaf_press_releases_ft_test.jsonl": '{"conversations": []}\n'},
        ".",
        "EW404",
        "conversations",
    ),
    (
        "isaf_press_releases",
        {"isaf_press_releases_ft_test.jsonl": ISAF_LINE.replace('\\"start_date', "\\u0000oops") + "\n"},
        ".",
        "EW404",
        "gold",
    ),
    ("indiapoliceevents", {}, ".", "EW402", "sents.jsonl"),
    ("indiapoliceevents", {"data/final/sents.jsonl": SENT + "\nnot json\n"}, ".", "EW404", ":2"),
    (
        "indiapoliceevents",
        {"data/final/sents.jsonl": json.dumps({"doc_id": "3", "sent_id": 0})},
        ".",
        "EW404",
        "doc_id",
    ),
    ("indiapoliceevents", {"data/final/sents.jsonl": "[1, 2]\n"}, ".", "EW404", "JSON object"),
    ("conll2003_en", {}, ".", "EW402", "eng.testa"),
    ("conll2003_en", {"eng.testa": "Maria NNP B-NP PERSON\n"}, ".", "EW404", ":1"),
    ("polnear", {}, ".", "EW402", "text/ and attributions/"),
    (
        "polnear",
        {"data/dev/text/a.txt": "x", "data/dev/attributions/a_01.ann": "T1\tSource 0 five\tMaria\n"},
        ".",
        "EW404",
        ":1",
    ),
    (
        "polnear",
        {"data/dev/text/a.txt": "x", "data/dev/attributions/a_01.ann": "T1\tSource 0;\tx\n"},
        ".",
        "EW404",
        "span",
    ),
    (
        "polnear",
        {"data/dev/text/a.txt": "x", "data/dev/attributions/a_01.ann": "T1\tSource\tx\n"},
        ".",
        "EW404",
        "T<n>",
    ),
    ("ecbplus", {}, ".", "EW402", "no gold items"),
]


@pytest.mark.parametrize(
    ("dataset", "files", "rel", "code", "words"), BROKEN, ids=[f"{b[0]}-{b[3]}-{i}" for i, b in enumerate(BROKEN)]
)
def test_missing_or_malformed_input_is_a_coded_error(
    tmp_path: Path, dataset: str, files: dict[str, str], rel: str, code: str, words: str
) -> None:
    root = write(tmp_path / "set", files)
    root.mkdir(exist_ok=True)
    with pytest.raises(EvalError) as err:
        evaluate(dataset, root / rel)
    assert err.value.code == code, str(err.value)
    assert words in str(err.value), str(err.value)
    assert err.value.hint  # every code has a hint saying what to pass


def test_a_missing_folder_is_ew402_for_every_scorer(tmp_path: Path) -> None:
    for dataset in SCORERS.names():
        with pytest.raises(EvalError) as err:
            evaluate(dataset, tmp_path / "absent")
        assert err.value.code == "EW402", dataset


def test_the_cli_prints_the_coded_error_without_a_traceback(tmp_path: Path) -> None:
    write(tmp_path, {"data/final/sents.jsonl": SENT + "\n{bad\n"})
    res = CliRunner().invoke(app, ["eval", "indiapoliceevents", str(tmp_path), "--quiet"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "EW404" in res.output and "sents.jsonl:2" in res.output and "not a JSON line" in res.output
