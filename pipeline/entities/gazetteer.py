"""The pre-2025 provinces and districts, from vietnamadminunits plus `rules/places.yaml`.

vietnamadminunits (legacy mode) lists the 63 provinces and their districts as they were
before the 2025 reform; districts dissolved between 2017 and 2024 are added from the rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline import rules


@dataclass(frozen=True)
class Gazetteer:
    """Province names (with aliases) and district names, each with its province."""

    provinces: dict[str, str]            # any written form -> province name
    districts: dict[str, set[str]]       # district short name -> provinces it exists in
    district_types: dict[tuple[str, str], str]   # (type word, short name) -> province


@cache
def gazetteer() -> Gazetteer:
    data = json.loads(resources.files("vietnamadminunits").joinpath("data/parser_legacy.json").read_text("utf-8"))
    places = rules.load("places")
    renames = places["province_names"]
    keys: dict[str, str] = {}
    provinces: dict[str, str] = {}
    for key, info in data["DICT_PROVINCE"].items():
        name = renames.get(info["provinceShort"], info["provinceShort"])
        keys[key] = name
        provinces[name] = name
    for name, aliases in places["province_aliases"].items():
        for alias in aliases:
            provinces[alias] = name
    districts: dict[str, set[str]] = {}
    district_types: dict[tuple[str, str], str] = {}
    for key, items in data["DICT_PROVINCE_DISTRICT"].items():
        for info in items.values():
            districts.setdefault(info["districtShort"], set()).add(keys[key])
            district_types[(info["districtType"].lower(), info["districtShort"])] = keys[key]
    for item in places["dissolved_districts"]:
        districts.setdefault(str(item["name"]), set()).add(item["province"])
        district_types[(item["type"], str(item["name"]))] = item["province"]
    return Gazetteer(provinces=provinces, districts=districts, district_types=district_types)
