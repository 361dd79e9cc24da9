"""Geoparsing scorers: dataset loaders on tiny invented files, distances, and (with the data) a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.eval import evaluate, geowebnews, lgl
from eventwire.eval.geo_common import km

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

GWN_XML = """<?xml version="1.0" ?>
<articles>
<article file="7">
  <title>t</title><link>l</link>
  <text>Guards in Vardonia said Serbian police &amp; Serbia agreed.</text>
  <toponyms>
    <toponym><extractedName>Vardonia</extractedName><normalisedName>Vardonia</normalisedName>
      <type>Literal</type><modifierType/><nonLocational>No</nonLocational><start>10</start><end>18</end>
      <geonamesID>9100003</geonamesID><latitude>44.0</latitude><longitude>21.0</longitude></toponym>
    <toponym><extractedName>Serbian</extractedName><normalisedName>Serbia</normalisedName>
      <type>Literal_Modifier</type><modifierType>Adjective</modifierType><nonLocational>No</nonLocational>
      <start>24</start><end>31</end><geonamesID>9100007</geonamesID><latitude>44.0</latitude>
      <longitude>21.0</longitude></toponym>
    <toponym><extractedName>Serbia</extractedName><normalisedName>Serbia</normalisedName>
      <type>Metonymic</type><modifierType/><nonLocational>No</nonLocational><start>41</start><end>47</end>
      <geonamesID>9100007</geonamesID><latitude>44.0</latitude><longitude>21.0</longitude></toponym>
  </toponyms>
</article>
</articles>
"""

LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="11">
    <title>t</title><url>u</url><dltime>2009-03-20</dltime>
    <text><![CDATA[Vardonia council met in Vardonia.]]></text>
    <toponyms>
      <toponym><start>24</start><end>32</end><phrase>Vardonia</phrase>
        <gaztag geonameid="9100004"><name>Vardonia</name><fclass>P</fclass><fcode>PPL</fcode>
          <lat>40.0</lat><lon>-83.0</lon><country geonameid="6252001">United States</country>
          <admin1 geonameid="5165418">Ohio</admin1></gaztag></toponym>
      <toponym><start>0</start><end>8</end><phrase>Vardonia</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_km_is_great_circle_distance() -> None:
    assert km(0, 0, 0, 0) == 0
    assert abs(km(52.2297, 21.0122, 53.9006, 27.5590) - 475) < 5  # Warsaw - Minsk
    assert abs(km(0, 0, 0, 180) - 20015) < 5


def test_geowebnews_loader_counts_toponyms_but_not_adjectives(tmp_path: Path) -> None:
    (tmp_path / "GWN.xml").write_text(GWN_XML, encoding="utf-8")
    (doc,) = geowebnews.load(tmp_path)
    assert doc.id == "7" and "&" in doc.text
    for g in doc.gold:
        assert doc.text[g.start : g.end] == g.text
    assert [g.text for g in doc.gold if g.counted] == ["Vardonia", "Serbia"]
    assert doc.gold[0].geonames_id == "9100003" and doc.gold[0].lat == 44.0


def test_lgl_loader_reads_gazetteer_tags(tmp_path: Path) -> None:
    (tmp_path / "lgl.xml").write_text(LGL_XML, encoding="utf-8")
    (doc,) = lgl.load(tmp_path)
    tagged, untagged = doc.gold
    assert (tagged.kind, tagged.geonames_id, tagged.country_id) == ("PPL", "9100004", "6252001")
    assert untagged.kind == "untagged" and untagged.lat is None
    assert all(doc.text[g.start : g.end] == g.text for g in doc.gold)


def test_loader_without_xml_explains(tmp_path: Path) -> None:
    from eventwire.errors import EvalError

    with pytest.raises(EvalError, match=r"none of GWN\.xml, GWN\.dev_sample\.xml"):
        geowebnews.load(tmp_path)


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "geowebnews").exists(), reason="GeoWebNews dev sample not present")
def test_geowebnews_dev_sample_small_run() -> None:
    result = evaluate("geowebnews", SHARED / "geowebnews", limit=8).all
    assert result.n == 8
    assert result.metrics["overlap_recall"] > 0.5
    assert result.metrics["acc_161km"] > 0.6
    assert "mordecai3 (published)" in result.baselines
