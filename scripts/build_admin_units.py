#!/usr/bin/env python3
"""Build ``src/motcua/organizations/data/admin_units.json.gz``.

Generates the list of Vietnam's administrative units:

* ``current`` -- the 34 provinces / centrally-run cities and 3,321 communes /
  wards / special zones in force since 2025-07-01 (GSO codes, Decision
  19/2025/QĐ-TTg);
* ``legacy`` -- the 63 provinces, their districts and communes valid until
  2025-06-30 (GSO codes), each with ``successors``: codes of the current
  unit(s) that took over its territory.

Facts are extracted at build time from three PyPI wheels (read as zip files,
never imported):

* ``vietnam-provinces==2025.10.1`` (GPL-3.0-or-later): current units;
* ``vietnam-provinces==0.6.0`` (GPL-3.0-or-later): legacy units with GSO codes;
* ``vietnam-address-converter==1.0.5`` (Apache-2.0): old -> new mapping table
  (own, non-GSO codes), matched to GSO units by normalised names.

Standard library only.  With no path arguments the wheels are fetched with
``python -m pip download --no-deps`` into a temporary directory.  The output
is deterministic (sorted by level, then code; gzip mtime fixed to 0).

See docs/data-sources.md for the provenance and the matching rules.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "src" / "motcua" / "organizations" / "data" / "admin_units.json.gz"

CURRENT_PKG = ("vietnam-provinces", "2025.10.1")
LEGACY_PKG = ("vietnam-provinces", "0.6.0")
CONVERTER_PKG = ("vietnam-address-converter", "1.0.5")

CURRENT_VALID_FROM = "2025-07-01"
LEGACY_VALID_TO = "2025-06-30"

LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}

# Name prefix -> kind, per level.  Longest prefixes first.
PROVINCE_PREFIXES = [("Thành phố", "city"), ("Tỉnh", "province")]
DISTRICT_PREFIXES = [
    ("Thành phố", "provincial_city"),
    ("Thị xã", "town"),
    ("Quận", "urban_district"),
    ("Huyện", "district"),
]
COMMUNE_PREFIXES = [
    ("Thị trấn", "township"),
    ("Đặc khu", "special_zone"),
    ("Phường", "ward"),
    ("Xã", "commune"),
]

CURRENT_PROVINCE_TYPES = {"thành phố trung ương": "city", "tỉnh": "province"}
CURRENT_COMMUNE_TYPES = {"xã": "commune", "phường": "ward", "đặc khu": "special_zone"}


# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


ROMAN = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
    "xi": "11",
    "xii": "12",
}
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (NFD)
# Old/new tone placement ("Hoà"/"Hòa", "Thuỷ"/"Thủy"): move the tone mark of
# o/u onto the following a/e/y so both spellings give the same key.
TONE_PLACEMENT = re.compile(f"([ou])([{TONES}])([aey])(?![\u0302\u0306\u031b])")


def _tokens(text: str, keep_marks: bool) -> str:
    text = unicodedata.normalize("NFD", text.lower())
    if keep_marks:
        text = unicodedata.normalize("NFC", TONE_PLACEMENT.sub(r"\1\3\2", text))
    else:
        text = "".join(ch for ch in text.replace("\u0111", "d") if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[^\w]+", " ", text)  # punctuation ("Bà Rịa-Vũng Tàu", "N.T") to spaces
    nong_truong = ["nông", "trường"] if keep_marks else ["nong", "truong"]
    raw = text.split()
    out: list[str] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        if tok == "nt" or (tok == "n" and i + 1 < len(raw) and raw[i + 1] == "t"):
            out.extend(nong_truong)  # "NT" / "N.T" abbreviate "Nông trường"
            i += 1 if tok == "nt" else 2
            continue
        if tok.isdigit():
            tok = str(int(tok))  # "Phường 01" == "Phường 1"
        elif tok in ROMAN:
            tok = ROMAN[tok]  # "Phường IV" == "Phường 4"
        out.append(tok)
        i += 1
    return unicodedata.normalize("NFC", " ".join(out))


def exact(text: str) -> str:
    """Case-, spacing- and tone-placement-insensitive key that keeps diacritics."""
    return _tokens(text, keep_marks=True)


def fold(text: str) -> str:
    """Key without diacritics (đ -> d)."""
    return _tokens(text, keep_marks=False)


def fold_loose(text: str) -> str:
    """Like :func:`fold`, also treating i/y as one letter (Kì/Kỳ) and ignoring spaces."""
    return fold(text).replace("y", "i").replace(" ", "")


def split_kind(name: str, prefixes: list[tuple[str, str]]) -> tuple[str | None, str]:
    """Return (kind, name without the kind prefix) for a name such as "Phường 01"."""
    low = nfc(name).lower()
    for prefix, kind in prefixes:
        if low.startswith(prefix.lower() + " "):
            return kind, nfc(name)[len(prefix) + 1 :]
    return None, nfc(name)


def kind_of(name: str, prefixes: list[tuple[str, str]]) -> str:
    for prefix, kind in prefixes:
        if name.startswith(prefix + " "):
            return kind
    raise ValueError(f"cannot determine kind of {name!r}")


def clean_name(name: str, prefixes: list[tuple[str, str]]) -> str:
    """NFC, single spaces, and the kind prefix in its official spelling
    ("Thành Phố Bắc Kạn" -> "Thành phố Bắc Kạn")."""
    name = nfc(name)
    for prefix, _kind in prefixes:
        if name.lower().startswith(prefix.lower() + " "):
            return prefix + name[len(prefix) :]
    return name


# --------------------------------------------------------------------------
# Source access (wheel file or unpacked directory; read, never imported)
# --------------------------------------------------------------------------


class Source:
    def __init__(self, path: Path):
        self.path = path

    def read_text(self, member: str) -> str:
        if self.path.is_dir():
            return (self.path / member).read_text(encoding="utf-8")
        with zipfile.ZipFile(self.path) as zf:
            return zf.read(member).decode("utf-8")


def pip_download(name: str, version: str, dest: Path) -> Path:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary",
        ":all:",
        "--dest",
        str(dest),
        f"{name}=={version}",
    ]
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    stem = name.replace("-", "_")
    found = sorted(dest.glob(f"{stem}-{version}-*.whl"))
    if not found:
        raise SystemExit(f"wheel for {name}=={version} not found in {dest}")
    return found[0]


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def load_current(src: Source) -> list[dict]:
    data = json.loads(src.read_text("vietnam_provinces/data/nested-divisions.json"))
    units: list[dict] = []
    for prov in data:
        pkind = CURRENT_PROVINCE_TYPES[prov["division_type"]]
        pname = clean_name(prov["name"], PROVINCE_PREFIXES)
        # The package drops the "Tỉnh" prefix of provinces; the official name has it.
        if pkind == "province" and not pname.startswith("Tỉnh "):
            pname = "Tỉnh " + pname
        pcode = f"{int(prov['code']):02d}"
        units.append({"code": pcode, "name": pname, "kind": pkind, "level": "province", "parent": None})
        for ward in prov["wards"]:
            wname = clean_name(ward["name"], COMMUNE_PREFIXES)
            wkind = CURRENT_COMMUNE_TYPES[ward["division_type"]]
            if kind_of(wname, COMMUNE_PREFIXES) != wkind:
                raise ValueError(f"kind mismatch for {wname!r}")
            units.append(
                {
                    "code": f"{int(ward['code']):05d}",
                    "name": wname,
                    "kind": wkind,
                    "level": "commune",
                    "parent": pcode,
                }
            )
    return units


def load_legacy(src: Source) -> list[dict]:
    data = json.loads(src.read_text("vietnam_provinces/data/nested-divisions.json"))
    units: list[dict] = []
    for prov in data:
        pname = clean_name(prov["name"], PROVINCE_PREFIXES)
        pcode = f"{int(prov['code']):02d}"
        # division_type in this old release is unreliable; the name prefix is not.
        units.append(
            {
                "code": pcode,
                "name": pname,
                "kind": kind_of(pname, PROVINCE_PREFIXES),
                "level": "province",
                "parent": None,
                "successors": [],
            }
        )
        for dist in prov["districts"]:
            dname = clean_name(dist["name"], DISTRICT_PREFIXES)
            dcode = f"{int(dist['code']):03d}"
            units.append(
                {
                    "code": dcode,
                    "name": dname,
                    "kind": kind_of(dname, DISTRICT_PREFIXES),
                    "level": "district",
                    "parent": pcode,
                    "successors": [],
                }
            )
            for ward in dist["wards"]:
                wname = clean_name(ward["name"], COMMUNE_PREFIXES)
                units.append(
                    {
                        "code": f"{int(ward['code']):05d}",
                        "name": wname,
                        "kind": kind_of(wname, COMMUNE_PREFIXES),
                        "level": "commune",
                        "parent": dcode,
                        "successors": [],
                    }
                )
    return units


def load_converter(src: Source) -> dict:
    """Extract the JSON literal from vietnam_address_converter/data.py without
    executing it."""
    tree = ast.parse(src.read_text("vietnam_address_converter/data.py"))
    for node in tree.body:
        target = getattr(node, "target", None) or (node.targets[0] if isinstance(node, ast.Assign) else None)
        if getattr(target, "id", None) != "DEFAULT_DATA":
            continue
        call = node.value
        if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Constant):
            return json.loads(call.args[0].value)
    raise SystemExit("DEFAULT_DATA literal not found in vietnam_address_converter/data.py")


# --------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------


class NameIndex:
    """Unique-name lookup over a set of units, with progressively looser keys.

    Tiers: exact name (diacritics kept) with kind, then without kind; folded
    (no diacritics) with/without kind; loose (i/y, spaces) with/without kind.
    The first tier that knows the key decides: one unit -> match, several ->
    ambiguous, no match (we never guess between homonyms)."""

    TIERS = ("exact+kind", "exact", "folded+kind", "folded", "loose+kind", "loose")

    def __init__(self, units: list[dict], prefixes: list[tuple[str, str]]):
        self.prefixes = prefixes
        self.tiers: list[dict] = [defaultdict(list) for _ in self.TIERS]
        for unit in units:
            for tier, key in enumerate(self._keys(unit["name"])):
                self.tiers[tier][key].append(unit)

    def _keys(self, name: str) -> list:
        kind, base = split_kind(name, self.prefixes)
        ex, fo, lo = exact(base), fold(base), fold_loose(base)
        return [(kind, ex), ex, (kind, fo), fo, (kind, lo), lo]

    def find(self, name: str) -> tuple[dict | None, str | None]:
        for tier, key in enumerate(self._keys(name)):
            hits = self.tiers[tier].get(key, [])
            if len(hits) == 1:
                return hits[0], self.TIERS[tier]
            if len(hits) > 1:
                return None, "ambiguous:" + self.TIERS[tier]
        return None, None


def build(current: list[dict], legacy: list[dict], conv: dict) -> dict:
    """Fill ``successors`` of the legacy units in place; return match statistics."""
    rows = conv["mapping"]["rows"]

    cur_prov = [u for u in current if u["level"] == "province"]
    cur_comm_by_prov: dict[str, list[dict]] = defaultdict(list)
    for u in current:
        if u["level"] == "commune":
            cur_comm_by_prov[u["parent"]].append(u)
    leg = {(u["level"], u["code"]): u for u in legacy}
    leg_prov = [u for u in legacy if u["level"] == "province"]
    leg_dist_by_prov: dict[str, list[dict]] = defaultdict(list)
    leg_comm_by_dist: dict[str, list[dict]] = defaultdict(list)
    leg_comm_by_prov: dict[str, list[dict]] = defaultdict(list)
    for u in legacy:
        if u["level"] == "district":
            leg_dist_by_prov[u["parent"]].append(u)
        elif u["level"] == "commune":
            leg_comm_by_dist[u["parent"]].append(u)
            leg_comm_by_prov[leg[("district", u["parent"])]["parent"]].append(u)

    cur_prov_idx = NameIndex(cur_prov, PROVINCE_PREFIXES)
    leg_prov_idx = NameIndex(leg_prov, PROVINCE_PREFIXES)
    cur_comm_idx = {p: NameIndex(us, COMMUNE_PREFIXES) for p, us in cur_comm_by_prov.items()}
    leg_dist_idx = {p: NameIndex(us, DISTRICT_PREFIXES) for p, us in leg_dist_by_prov.items()}
    leg_comm_idx = {d: NameIndex(us, COMMUNE_PREFIXES) for d, us in leg_comm_by_dist.items()}
    leg_comm_prov_idx = {p: NameIndex(us, COMMUNE_PREFIXES) for p, us in leg_comm_by_prov.items()}

    memo: dict = {}

    def lookup(kind: str, scope, index, name: str):
        key = (kind, scope, name)
        if key not in memo:
            memo[key] = index.find(name) if index is not None else (None, None)
        return memo[key]

    # ---- 1. resolve every converter row: provinces, new commune, group old communes
    prov_succ: dict[str, set[str]] = defaultdict(set)  # legacy province -> current provinces
    dist_level_succ: dict[str, set[str]] = defaultdict(set)  # legacy district -> current communes
    groups: dict[tuple, set[str]] = {}  # converter old commune -> current commune codes
    group_incomplete: set[tuple] = set()  # some of its rows point at an unmatched new commune
    new_seen: dict[tuple, str | None] = {}
    unmatched_old_prov: set[str] = set()
    for row in rows:
        old, new = row["old"], row["new"]
        new_p, _ = lookup("cur-prov", None, cur_prov_idx, new["province_name"])
        new_c = None
        if new_p is not None:
            new_c, _ = lookup("cur-comm", new_p["code"], cur_comm_idx[new_p["code"]], new["ward_name"])
        new_seen[(new["province_name"], new["ward_name"])] = new_c["code"] if new_c else None
        old_p, _ = lookup("leg-prov", None, leg_prov_idx, old["province_name"])
        if old_p is None:
            unmatched_old_prov.add(old["province_name"])
            continue
        if new_p is not None:
            prov_succ[old_p["code"]].add(new_p["code"])
        if not old["ward_name"]:
            # District-level row: a district without communes (island districts).
            old_d, _ = lookup(
                "leg-dist", old_p["code"], leg_dist_idx.get(old_p["code"]), old["district_name"]
            )
            if old_d is not None and new_c is not None:
                dist_level_succ[old_d["code"]].add(new_c["code"])
            continue
        gkey = (old_p["code"], old["province_name"], old["district_name"], old["ward_name"])
        groups.setdefault(gkey, set())
        if new_c is not None:
            groups[gkey].add(new_c["code"])
        else:
            group_incomplete.add(gkey)

    # ---- 2. match converter old communes to GSO legacy communes
    assigned: dict[tuple, tuple[dict, str]] = {}
    reasons: dict[tuple, str] = {}
    # pass 1: inside the matched district
    for gkey in sorted(groups):
        pcode, _pname, dname, wname = gkey
        old_d, dhow = lookup("leg-dist", pcode, leg_dist_idx.get(pcode), dname)
        if old_d is None:
            reasons[gkey] = "district not found" if dhow is None else f"district {dhow}"
            continue
        hit, how = lookup("leg-comm", old_d["code"], leg_comm_idx.get(old_d["code"]), wname)
        if hit is not None:
            assigned[gkey] = (hit, "district/" + how)
        else:
            reasons[gkey] = "not found in district" if how is None else f"{how} in district"
    # pass 2: anywhere in the province, only onto communes no converter name claimed in pass 1
    claimed = {hit["code"] for hit, _ in assigned.values()}
    for gkey in sorted(groups):
        if gkey in assigned:
            continue
        pcode, _pname, _dname, wname = gkey
        hit, how = lookup("leg-comm-prov", pcode, leg_comm_prov_idx.get(pcode), wname)
        if hit is not None and hit["code"] not in claimed:
            assigned[gkey] = (hit, "province/" + how)
            reasons.pop(gkey, None)
        elif hit is not None:
            reasons[gkey] += "; province-wide name already taken"
        elif how is not None:
            reasons[gkey] += f"; {how} in province"

    # ---- 3. apply successors
    comm_succ: dict[str, set[str]] = defaultdict(set)
    comm_sources: dict[str, list[tuple]] = defaultdict(list)
    for gkey, (hit, _how) in assigned.items():
        comm_succ[hit["code"]] |= groups[gkey]
        comm_sources[hit["code"]].append(gkey)
    for code, succ in prov_succ.items():
        leg[("province", code)]["successors"] = sorted(succ)
    for u in legacy:
        if u["level"] == "district":
            # Provinces were merged whole, so a district lies in its province's successor.
            u["successors"] = list(leg[("province", u["parent"])]["successors"])
    from_district_row = []
    for u in legacy:
        if u["level"] != "commune":
            continue
        if comm_succ.get(u["code"]):
            u["successors"] = sorted(comm_succ[u["code"]])
        elif u["parent"] in dist_level_succ:
            u["successors"] = sorted(dist_level_succ[u["parent"]])
            from_district_row.append(u["code"])

    # ---- 4. statistics and consistency checks
    cur_parent = {u["code"]: u["parent"] for u in current if u["level"] == "commune"}
    legacy_communes = [u for u in legacy if u["level"] == "commune"]

    def prov_of(u):
        return leg[("district", u["parent"])]["parent"]

    cross = [
        (u["code"], u["name"], s)
        for u in legacy_communes
        for s in u["successors"]
        if cur_parent[s] not in leg[("province", prov_of(u))]["successors"]
    ]
    no_succ = [u for u in legacy_communes if not u["successors"]]
    used = {s for u in legacy_communes for s in u["successors"]}
    how_counts: dict[str, int] = defaultdict(int)
    for _hit, how in assigned.values():
        how_counts[how] += 1
    new_distinct = len(new_seen)
    new_matched = sum(1 for v in new_seen.values() if v)

    def where(u):
        d = leg[("district", u["parent"])]
        return [u["code"], u["name"], d["name"], leg[("province", d["parent"])]["name"]]

    return {
        "converter_rows": len(rows),
        "converter_old_communes": len(groups),
        "converter_old_communes_matched": len(assigned),
        "converter_old_communes_with_unmatched_new_target": len(group_incomplete),
        "converter_new_communes": new_distinct,
        "converter_new_communes_matched": new_matched,
        "match_tiers": dict(sorted(how_counts.items())),
        "legacy_communes": len(legacy_communes),
        "legacy_communes_with_successor": len(legacy_communes) - len(no_succ),
        "legacy_communes_from_district_row": len(from_district_row),
        "legacy_communes_with_several_successors": sum(
            1 for u in legacy_communes if len(u["successors"]) > 1
        ),
        "legacy_provinces_with_several_successors": sorted(c for c, s in prov_succ.items() if len(s) > 1),
        "current_communes_without_predecessor": sorted(
            [u["code"], u["name"], u["parent"]]
            for u in current
            if u["level"] == "commune" and u["code"] not in used
        ),
        "cross_province_successors": cross,
        "unmatched_old_provinces": sorted(unmatched_old_prov),
        "unmatched_converter_new": sorted([list(k) for k, v in new_seen.items() if v is None]),
        "unmatched_converter_old": sorted(
            list(k[1:]) + [reasons.get(k, "")] for k in groups if k not in assigned
        ),
        "legacy_communes_without_successor": sorted(where(u) for u in no_succ),
        "non_exact_matches": sorted(
            list(g[1:]) + [hit["code"], hit["name"], how]
            for g, (hit, how) in assigned.items()
            if how != "district/exact+kind"
        ),
        "legacy_communes_matched_by_several_names": {
            c: sorted(list(g[1:]) for g in gs) for c, gs in sorted(comm_sources.items()) if len(gs) > 1
        },
    }


def sort_units(units: list[dict]) -> list[dict]:
    return sorted(units, key=lambda u: (LEVEL_ORDER[u["level"]], u["code"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Build the Vietnam administrative-units data file (current since 2025-07-01 "
        "and legacy until 2025-06-30 with successor links)."
    )
    ap.add_argument(
        "--current-wheel",
        type=Path,
        help=f"{CURRENT_PKG[0]} {CURRENT_PKG[1]} wheel or unpacked dir (default: pip download)",
    )
    ap.add_argument(
        "--legacy-wheel",
        type=Path,
        help=f"{LEGACY_PKG[0]} {LEGACY_PKG[1]} wheel or unpacked dir (default: pip download)",
    )
    ap.add_argument(
        "--converter-wheel",
        type=Path,
        help=f"{CONVERTER_PKG[0]} {CONVERTER_PKG[1]} wheel or unpacked dir (default: pip download)",
    )
    ap.add_argument(
        "-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="output .json.gz (default: %(default)s)"
    )
    ap.add_argument(
        "--report", type=Path, help="also write a JSON report of the matching (unmatched units etc.)"
    )
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="admin-units-") as tmp:
        tmpdir = Path(tmp)
        paths = {}
        for attr, (pkg, ver) in (
            ("current_wheel", CURRENT_PKG),
            ("legacy_wheel", LEGACY_PKG),
            ("converter_wheel", CONVERTER_PKG),
        ):
            given = getattr(args, attr)
            if given is None:
                sub = tmpdir / f"{pkg}-{ver}"
                sub.mkdir()
                given = pip_download(pkg, ver, sub)
            paths[attr] = given
        current = load_current(Source(paths["current_wheel"]))
        legacy = load_legacy(Source(paths["legacy_wheel"]))
        conv = load_converter(Source(paths["converter_wheel"]))

    stats = build(current, legacy, conv)
    current = sort_units(current)
    legacy = sort_units(legacy)

    def count(units, level):
        return sum(1 for u in units if u["level"] == level)

    counts = {
        "current_provinces": count(current, "province"),
        "current_communes": count(current, "commune"),
        "legacy_provinces": count(legacy, "province"),
        "legacy_districts": count(legacy, "district"),
        "legacy_communes": count(legacy, "commune"),
        "legacy_communes_with_successor": stats["legacy_communes_with_successor"],
    }
    doc = {
        "meta": {
            "generated_by": "scripts/build_admin_units.py",
            "sources": [
                {
                    "name": CURRENT_PKG[0],
                    "version": CURRENT_PKG[1],
                    "license": "GPL-3.0-or-later",
                    "used_for": "current provinces and communes (codes, names, kinds); facts extracted at "
                    "build time from vietnam_provinces/data/nested-divisions.json, never imported",
                },
                {
                    "name": LEGACY_PKG[0],
                    "version": LEGACY_PKG[1],
                    "license": "GPL-3.0-or-later",
                    "used_for": "legacy provinces, districts and communes (codes, names, kinds); facts extracted "
                    "at build time from vietnam_provinces/data/nested-divisions.json, never imported",
                },
                {
                    "name": CONVERTER_PKG[0],
                    "version": CONVERTER_PKG[1],
                    "license": "Apache-2.0",
                    "used_for": "old-to-new mapping table (vietnam_address_converter/data.py), matched to GSO "
                    "codes by normalised names; source of successor links",
                },
            ],
            "current_valid_from": CURRENT_VALID_FROM,
            "legacy_valid_to": LEGACY_VALID_TO,
            "counts": counts,
        },
        "current": current,
        "legacy": legacy,
    }
    payload = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(payload)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = args.output.with_name(args.output.name + ".tmp")
    tmp_out.write_bytes(buf.getvalue())
    os.replace(tmp_out, args.output)

    summary = {
        k: (len(v) if isinstance(v, (list, dict)) and k != "match_tiers" else v) for k, v in stats.items()
    }
    print(
        json.dumps(
            {"output": str(args.output), "bytes": len(buf.getvalue()), "counts": counts, "matching": summary},
            ensure_ascii=False,
            indent=2,
        )
    )
    if args.report:
        args.report.write_text(
            json.dumps(stats, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
