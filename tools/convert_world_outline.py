"""Convert Natural Earth 1:110m admin-0 countries (public domain) into the dashboard's world outline.

Input: a shapefile of Natural Earth's ne_110m_admin_0_countries, e.g. the copy that geopandas
0.14 ships as geopandas/datasets/naturalearth_lowres/naturalearth_lowres.{shp,dbf}.
Output: src/accord/web/world.json, a list of {"iso": ISO3, "rings": [[[lon, lat], ...], ...]}
with coordinates rounded to 0.1 degree (plenty for an 800-pixel map).

    python tools/convert_world_outline.py path/to/naturalearth_lowres.shp [-o src/accord/web/world.json]

Reads the shapefile format directly (polygons and the .dbf table): no GIS library needed.
"""

from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "accord" / "web" / "world.json"


def read_polygons(shp: Path) -> list[list[list[tuple[float, float]]]]:
    """Every record's rings (shape type 5, polygon; 0, null, gives no rings)."""
    data = shp.read_bytes()
    pos, shapes = 100, []
    while pos < len(data):
        _, length = struct.unpack(">2i", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        (kind,) = struct.unpack("<i", body[:4])
        if kind != 5:
            shapes.append([])
            continue
        parts_n, points_n = struct.unpack("<2i", body[36:44])
        parts = list(struct.unpack(f"<{parts_n}i", body[44:44 + 4 * parts_n])) + [points_n]
        flat = struct.unpack(f"<{2 * points_n}d", body[44 + 4 * parts_n:44 + 4 * parts_n + 16 * points_n])
        points = list(zip(flat[0::2], flat[1::2]))
        shapes.append([points[a:b] for a, b in zip(parts, parts[1:])])
    return shapes


def read_field(dbf: Path, name: str) -> list[str]:
    """One text column of a dBASE table."""
    data = dbf.read_bytes()
    count, header, size = struct.unpack("<I2H", data[4:12])
    fields, offset, at = {}, 1, 32
    while data[at] != 0x0D:
        field = data[at:at + 11].split(b"\0")[0].decode("ascii")
        width = data[at + 16]
        fields[field] = (offset, width)
        offset += width
        at += 32
    start, width = fields[name]
    return [data[header + i * size + start:header + i * size + start + width].decode("utf-8").strip()
            for i in range(count)]


def simplified(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 1), round(lat, 1)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shp", type=Path, help="the .shp file (its .dbf beside it)")
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args()
    isos = read_field(args.shp.with_suffix(".dbf"), "iso_a3")
    countries = []
    for iso, rings in zip(isos, read_polygons(args.shp)):
        kept = [r for r in (simplified(ring) for ring in rings) if len(r) >= 4]
        if kept:
            countries.append({"iso": iso if iso != "-99" else None, "rings": kept})
    args.out.write_text(json.dumps(countries, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries, {sum(len(r) for c in countries for r in c['rings'])} points -> {args.out}")


if __name__ == "__main__":
    main()
