"""Sanity checks of the generated administrative-units data file.

Plain pytest: no Django, no database.  The file is produced by
``scripts/build_admin_units.py`` (see docs/data-sources.md).
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "admin_units.json.gz"

PROVINCE_KINDS = {"province", "city"}
CURRENT_COMMUNE_KINDS = {"commune", "ward", "special_zone"}
LEGACY_DISTRICT_KINDS = {"urban_district", "district", "town", "provincial_city"}
LEGACY_COMMUNE_KINDS = {"commune", "ward", "township"}


@lru_cache(maxsize=1)
def _load() -> dict:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def data() -> dict:
    return _load()


def _by_level(units: list[dict], level: str) -> list[dict]:
    return [u for u in units if u["level"] == level]


def _index(units: list[dict]) -> dict[tuple[str, str], dict]:
    return {(u["level"], u["code"]): u for u in units}


def test_file_is_small_enough_to_commit():
    assert DATA_FILE.stat().st_size < 1_000_000


def test_meta(data):
    meta = data["meta"]
    assert meta["generated_by"] == "scripts/build_admin_units.py"
    assert meta["current_valid_from"] == "2025-07-01"
    assert meta["legacy_valid_to"] == "2025-06-30"
    assert {s["name"] for s in meta["sources"]} == {"vietnam-provinces", "vietnam-address-converter"}
    counts = meta["counts"]
    assert counts["current_provinces"] == len(_by_level(data["current"], "province"))
    assert counts["current_communes"] == len(_by_level(data["current"], "commune"))
    assert counts["legacy_provinces"] == len(_by_level(data["legacy"], "province"))
    assert counts["legacy_districts"] == len(_by_level(data["legacy"], "district"))
    assert counts["legacy_communes"] == len(_by_level(data["legacy"], "commune"))
    assert counts["legacy_communes_with_successor"] == sum(
        1 for u in _by_level(data["legacy"], "commune") if u["successors"]
    )


def test_current_counts(data):
    assert len(_by_level(data["current"], "province")) == 34
    assert len(_by_level(data["current"], "commune")) == 3321
    assert not _by_level(data["current"], "district")
    assert len(data["current"]) == 34 + 3321


def test_current_codes_unique_and_well_formed(data):
    keys = [(u["level"], u["code"]) for u in data["current"]]
    assert len(keys) == len(set(keys))
    for u in data["current"]:
        width = 2 if u["level"] == "province" else 5
        assert len(u["code"]) == width and u["code"].isdigit(), u


def test_current_parents_and_kinds(data):
    provinces = {u["code"] for u in _by_level(data["current"], "province")}
    for u in _by_level(data["current"], "province"):
        assert u["parent"] is None
        assert u["kind"] in PROVINCE_KINDS
    for u in _by_level(data["current"], "commune"):
        assert u["parent"] in provinces, u
        assert u["kind"] in CURRENT_COMMUNE_KINDS, u
    assert sum(1 for u in data["current"] if u["kind"] == "city") == 6
    assert sum(1 for u in data["current"] if u["kind"] == "special_zone") == 13


def test_current_known_units(data):
    idx = _index(data["current"])
    assert idx[("province", "01")]["name"] == "Thành phố Hà Nội"
    assert idx[("province", "01")]["kind"] == "city"
    assert idx[("province", "08")]["name"] == "Tỉnh Tuyên Quang"
    assert idx[("province", "08")]["kind"] == "province"
    hoan_kiem = idx[("commune", "00070")]
    assert (hoan_kiem["name"], hoan_kiem["kind"], hoan_kiem["parent"]) == ("Phường Hoàn Kiếm", "ward", "01")


def test_legacy_counts(data):
    assert len(_by_level(data["legacy"], "province")) == 63
    assert 690 <= len(_by_level(data["legacy"], "district")) <= 710
    assert 9_900 <= len(_by_level(data["legacy"], "commune")) <= 10_700


def test_legacy_hierarchy_and_kinds(data):
    idx = _index(data["legacy"])
    keys = [(u["level"], u["code"]) for u in data["legacy"]]
    assert len(keys) == len(set(keys))
    for u in data["legacy"]:
        if u["level"] == "province":
            assert u["parent"] is None and u["kind"] in PROVINCE_KINDS, u
        elif u["level"] == "district":
            assert ("province", u["parent"]) in idx, u
            assert u["kind"] in LEGACY_DISTRICT_KINDS, u
        else:
            assert u["level"] == "commune"
            assert ("district", u["parent"]) in idx, u
            assert u["kind"] in LEGACY_COMMUNE_KINDS, u


def test_every_legacy_province_has_a_successor(data):
    for u in _by_level(data["legacy"], "province"):
        assert len(u["successors"]) >= 1, u


def test_every_successor_exists_in_current_at_the_right_level(data):
    current = _index(data["current"])
    for u in data["legacy"]:
        target_level = "commune" if u["level"] == "commune" else "province"
        for code in u["successors"]:
            assert (target_level, code) in current, (u, code)
        assert u["successors"] == sorted(set(u["successors"])), u


def test_commune_successors_lie_in_the_province_successors(data):
    legacy = _index(data["legacy"])
    current = _index(data["current"])
    for u in _by_level(data["legacy"], "commune"):
        province = legacy[("province", legacy[("district", u["parent"])]["parent"])]
        for code in u["successors"]:
            assert current[("commune", code)]["parent"] in province["successors"], u


def test_most_legacy_communes_have_successors(data):
    communes = _by_level(data["legacy"], "commune")
    with_successor = sum(1 for u in communes if u["successors"])
    assert with_successor / len(communes) > 0.99


def test_known_province_successors(data):
    legacy = _index(data["legacy"])
    assert legacy[("province", "02")]["name"] == "Tỉnh Hà Giang"
    assert legacy[("province", "02")]["successors"] == ["08"]  # -> Tỉnh Tuyên Quang
    assert legacy[("province", "01")]["successors"] == ["01"]
    assert legacy[("province", "74")]["successors"] == ["79"]  # Bình Dương -> TP Hồ Chí Minh
    assert legacy[("province", "35")]["successors"] == ["37"]  # Hà Nam -> Ninh Bình


def test_known_district_and_commune_successors(data):
    legacy = _index(data["legacy"])
    ba_dinh = legacy[("district", "001")]
    assert (ba_dinh["name"], ba_dinh["kind"], ba_dinh["parent"]) == ("Quận Ba Đình", "urban_district", "01")
    assert ba_dinh["successors"] == ["01"]

    hang_bac = legacy[("commune", "00061")]
    assert (hang_bac["name"], hang_bac["kind"], hang_bac["parent"]) == ("Phường Hàng Bạc", "ward", "002")
    assert hang_bac["successors"] == ["00070"]  # -> Phường Hoàn Kiếm

    phuc_xa = legacy[("commune", "00001")]
    assert phuc_xa["name"] == "Phường Phúc Xá"
    assert phuc_xa["successors"] == ["00097"]  # -> Phường Hồng Hà

    # A commune split among several new wards keeps all of them.
    kim_ma = legacy[("commune", "00028")]
    assert kim_ma["name"] == "Phường Kim Mã"
    assert kim_ma["successors"] == ["00004", "00008", "00025"]  # Ba Đình, Ngọc Hà, Giảng Võ


def test_names_are_nfc_and_trimmed(data):
    for u in data["current"] + data["legacy"]:
        name = u["name"]
        assert name == unicodedata.normalize("NFC", name), u
        assert name == " ".join(name.split()), u


def test_lists_are_sorted_by_level_then_code(data):
    order = {"province": 0, "district": 1, "commune": 2}
    for key in ("current", "legacy"):
        units = data[key]
        assert units == sorted(units, key=lambda u: (order[u["level"]], u["code"]))
