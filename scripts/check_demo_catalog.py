#!/usr/bin/env python3
"""Check ``src/motcua/catalog/data/demo_catalog.json`` and ``search_queries.json``.

Standard library only.  The checks follow the format described in
``docs/catalog-sources.md``:

* top-level keys, ``format == "motcua-catalog"`` and ``version == 1``;
* every field, life event, synonym and procedure has its required keys with
  the right types;
* enumerated values (levels, agency kinds, applicants, methods, time units,
  fee kinds, online levels) are from the allowed sets;
* base codes look like national codes (``1.001193``), are unique, and every
  code used by a life event or a search query exists;
* the whole file is UTF-8 and NFC-normalised (Vietnamese text in NFD, as some
  editors produce, would break exact matching);
* every ``unconfirmed`` entry names a known procedure key.

Exit status 0 when everything passes, 1 otherwise.  Counts are printed either
way.

Usage::

    python3 scripts/check_demo_catalog.py [--catalog PATH] [--queries PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "src" / "motcua" / "catalog" / "data"
DEFAULT_CATALOG = DATA_DIR / "demo_catalog.json"
DEFAULT_QUERIES = DATA_DIR / "search_queries.json"

CODE_RE = re.compile(r"^\d\.\d{6}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CUTOFF_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
FIELD_CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
EVENT_CODE_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

LEVELS = {"central", "province", "commune"}
AGENCY_KINDS = {"ministry", "provincial_committee", "department", "commune_committee", "vertical_agency"}
APPLICANTS = {"citizen", "organisation"}
METHODS = {"counter", "online", "post"}
TIME_UNITS = {"wd", "wh", "d", "mo", "same_day"}
FEE_KINDS = {"fee", "charge"}
ONLINE_LEVELS = {"full", "partial", "none"}

PROCEDURE_KEYS = {
    "base_code": str, "name": str, "name_en": str, "field": str, "levels": list,
    "deciding_agency_kinds": list, "applicants": list, "methods": list, "steps": str,
    "processing_time": dict, "cutoff": (str, type(None)), "components": list, "fees": list,
    "result": dict, "legal_basis": list, "requirements": str, "online_level": str,
    "publishing_decision": (dict, type(None)), "keywords": list, "sources": list,
    "unconfirmed": list,
}
COMPONENT_KEYS = {
    "name": str, "originals": int, "copies": int, "required": bool, "condition": str,
    "from_vault": bool, "form": str,
}
FEE_KEYS = {"name": str, "kind": str, "amount_vnd": (int, type(None)), "rule": str, "exemptions": str}
RESULT_KEYS = {"name": str, "paper_required": bool, "e_result": bool}
# Names that may appear in ``unconfirmed``: a procedure key, or "key.subkey".
UNCONFIRMABLE = set(PROCEDURE_KEYS) - {"base_code", "unconfirmed", "sources", "keywords"} | {"base_code"}


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def typed(self, where: str, obj: object, spec: dict) -> bool:
        if not isinstance(obj, dict):
            self.error(where, f"expected an object, got {type(obj).__name__}")
            return False
        ok = True
        for key, kind in spec.items():
            if key not in obj:
                self.error(where, f"missing key {key!r}")
                ok = False
                continue
            value = obj[key]
            # bool is a subclass of int: refuse it where an int is wanted
            if kind is int and isinstance(value, bool):
                self.error(where, f"{key!r} must be an integer, not a boolean")
                ok = False
            elif not isinstance(value, kind):
                self.error(where, f"{key!r} has type {type(value).__name__}")
                ok = False
        for key in obj:
            if key not in spec:
                self.error(where, f"unexpected key {key!r}")
        return ok

    def enum_list(self, where: str, values: list, allowed: set, *, non_empty: bool = True) -> None:
        if non_empty and not values:
            self.error(where, "must not be empty")
        if len(set(values)) != len(values):
            self.error(where, "has duplicates")
        for value in values:
            if value not in allowed:
                self.error(where, f"{value!r} not in {sorted(allowed)}")

    def strings(self, where: str, values: list, *, non_empty: bool = True) -> None:
        if non_empty and not values:
            self.error(where, "must not be empty")
        for value in values:
            if not isinstance(value, str) or not value.strip():
                self.error(where, f"blank or non-string item {value!r}")


def check_nfc(checker: Checker, label: str, text: str) -> None:
    if unicodedata.normalize("NFC", text) != text:
        for lineno, line in enumerate(text.splitlines(), 1):
            if unicodedata.normalize("NFC", line) != line:
                checker.error(label, f"line {lineno} is not NFC-normalised")
                break


def check_procedure(c: Checker, p: dict, idx: int, field_codes: set) -> str | None:
    code = p.get("base_code") if isinstance(p, dict) else None
    where = f"procedures[{idx}] {code or '?'}"
    if not c.typed(where, p, PROCEDURE_KEYS):
        return code if isinstance(code, str) else None
    if not CODE_RE.match(p["base_code"]):
        c.error(where, f"base_code {p['base_code']!r} is not like 1.001193")
    for key in ("name", "name_en", "steps"):
        if not p[key].strip():
            c.error(where, f"{key} is blank")
    if p["field"] not in field_codes:
        c.error(where, f"field {p['field']!r} is not declared in fields")
    c.enum_list(f"{where} levels", p["levels"], LEVELS)
    c.enum_list(f"{where} deciding_agency_kinds", p["deciding_agency_kinds"], AGENCY_KINDS)
    c.enum_list(f"{where} applicants", p["applicants"], APPLICANTS)
    c.enum_list(f"{where} methods", p["methods"], METHODS)
    if p["online_level"] not in ONLINE_LEVELS:
        c.error(where, f"online_level {p['online_level']!r} not in {sorted(ONLINE_LEVELS)}")
    if p["online_level"] != "none" and "online" not in p["methods"]:
        c.error(where, "online_level is not 'none' but 'online' is not among methods")
    if p["online_level"] == "none" and "online" in p["methods"]:
        c.error(where, "online_level is 'none' but 'online' is among methods")

    unconfirmed = p["unconfirmed"]
    c.strings(f"{where} unconfirmed", unconfirmed, non_empty=False)
    for name in unconfirmed:
        if isinstance(name, str) and name.split(".", 1)[0] not in UNCONFIRMABLE:
            c.error(where, f"unconfirmed names unknown key {name!r}")

    pt = p["processing_time"]
    if c.typed(f"{where} processing_time", pt, {"value": (int, float, type(None)), "unit": str, "note": str}):
        if pt["unit"] not in TIME_UNITS:
            c.error(where, f"processing_time.unit {pt['unit']!r} not in {sorted(TIME_UNITS)}")
        if isinstance(pt["value"], bool) or (pt["value"] is not None and pt["value"] <= 0):
            c.error(where, "processing_time.value must be a positive number or null")
        if pt["value"] is None and pt["unit"] != "same_day" and "processing_time" not in unconfirmed:
            c.error(where, "processing_time.value is null but processing_time is not marked unconfirmed")
    if p["cutoff"] is not None and not CUTOFF_RE.match(p["cutoff"]):
        c.error(where, f"cutoff {p['cutoff']!r} is not HH:MM")

    if not p["components"]:
        c.error(where, "components must not be empty")
    for j, comp in enumerate(p["components"]):
        cw = f"{where} components[{j}]"
        if c.typed(cw, comp, COMPONENT_KEYS):
            if not comp["name"].strip():
                c.error(cw, "name is blank")
            if comp["originals"] < 0 or comp["copies"] < 0:
                c.error(cw, "originals/copies must not be negative")
            if not comp["required"] and not comp["condition"].strip():
                c.error(cw, "optional component must say when it applies (condition)")

    if not p["fees"]:
        c.error(where, "fees must not be empty (use amount_vnd 0 or a rule)")
    for j, fee in enumerate(p["fees"]):
        fw = f"{where} fees[{j}]"
        if c.typed(fw, fee, FEE_KEYS):
            if fee["kind"] not in FEE_KINDS:
                c.error(fw, f"kind {fee['kind']!r} not in {sorted(FEE_KINDS)}")
            if fee["amount_vnd"] is not None and fee["amount_vnd"] < 0:
                c.error(fw, "amount_vnd must not be negative")
            if fee["amount_vnd"] is None and not fee["rule"].strip():
                c.error(fw, "amount_vnd is null, so rule must say how the amount is set")

    c.typed(f"{where} result", p["result"], RESULT_KEYS)
    c.strings(f"{where} legal_basis", p["legal_basis"])
    c.strings(f"{where} keywords", p["keywords"])
    c.strings(f"{where} sources", p["sources"])

    dec = p["publishing_decision"]
    if dec is not None and c.typed(f"{where} publishing_decision", dec,
                                   {"number": str, "date": (str, type(None)), "effective_date": (str, type(None))}):
        for key in ("date", "effective_date"):
            if dec[key] is not None and not DATE_RE.match(dec[key]):
                c.error(where, f"publishing_decision.{key} {dec[key]!r} is not YYYY-MM-DD")
        if (dec["date"] is None or dec["effective_date"] is None) and "publishing_decision" not in unconfirmed:
            c.error(where, "publishing_decision has null dates but is not marked unconfirmed")
    return p["base_code"]


def check_catalog(c: Checker, path: Path) -> dict | None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        c.error(str(path), f"not UTF-8: {exc}")
        return None
    if text.startswith("\ufeff"):
        c.error(str(path), "has a byte-order mark")
    check_nfc(c, str(path), text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        c.error(str(path), f"invalid JSON: {exc}")
        return None

    c.typed("catalog", data, {"format": str, "version": int, "fields": list, "life_events": list,
                              "synonyms": list, "procedures": list})
    if data.get("format") != "motcua-catalog":
        c.error("catalog", "format must be 'motcua-catalog'")
    if data.get("version") != 1:
        c.error("catalog", "version must be 1")

    field_codes: set[str] = set()
    for i, f in enumerate(data.get("fields", [])):
        if c.typed(f"fields[{i}]", f, {"code": str, "name": str, "name_en": str}):
            if not FIELD_CODE_RE.match(f["code"]):
                c.error(f"fields[{i}]", f"code {f['code']!r} must be upper-case")
            if f["code"] in field_codes:
                c.error(f"fields[{i}]", f"duplicate field code {f['code']!r}")
            field_codes.add(f["code"])

    codes: list[str] = []
    for i, p in enumerate(data.get("procedures", [])):
        code = check_procedure(c, p, i, field_codes)
        if code:
            codes.append(code)
    dupes = [code for code, n in Counter(codes).items() if n > 1]
    for code in dupes:
        c.error("procedures", f"duplicate base_code {code}")
    known = set(codes)

    used_fields = {p.get("field") for p in data.get("procedures", []) if isinstance(p, dict)}
    for code in sorted(field_codes - used_fields):
        c.error("fields", f"field {code!r} has no procedure")

    seen_events: set[str] = set()
    for i, ev in enumerate(data.get("life_events", [])):
        where = f"life_events[{i}]"
        if not c.typed(where, ev, {"code": str, "name": str, "name_en": str, "description": str, "procedures": list}):
            continue
        if not EVENT_CODE_RE.match(ev["code"]):
            c.error(where, f"code {ev['code']!r} must be a lower-case slug")
        if ev["code"] in seen_events:
            c.error(where, f"duplicate life event {ev['code']!r}")
        seen_events.add(ev["code"])
        c.strings(f"{where} procedures", ev["procedures"])
        for code in ev["procedures"]:
            if code not in known:
                c.error(where, f"procedure {code} is not in the catalog")

    seen_terms: set[str] = set()
    for i, syn in enumerate(data.get("synonyms", [])):
        where = f"synonyms[{i}]"
        if c.typed(where, syn, {"term": str, "expansion": str}):
            if not syn["term"].strip() or not syn["expansion"].strip():
                c.error(where, "blank term or expansion")
            key = syn["term"].casefold()
            if key in seen_terms:
                c.error(where, f"duplicate term {syn['term']!r}")
            seen_terms.add(key)
    data["_known_codes"] = known
    return data


def check_queries(c: Checker, path: Path, known: set[str]) -> list:
    text = path.read_text(encoding="utf-8")
    check_nfc(c, str(path), text)
    try:
        queries = json.loads(text)
    except json.JSONDecodeError as exc:
        c.error(str(path), f"invalid JSON: {exc}")
        return []
    if not isinstance(queries, list):
        c.error(str(path), "must be a JSON array")
        return []
    seen: set[str] = set()
    for i, q in enumerate(queries):
        where = f"queries[{i}]"
        if not c.typed(where, q, {"query": str, "expected": list, "note": str}):
            continue
        if not q["query"].strip():
            c.error(where, "query is blank")
        if q["query"] in seen:
            c.error(where, f"duplicate query {q['query']!r}")
        seen.add(q["query"])
        if not q["expected"]:
            c.error(where, "expected must list at least one base code")
        if len(q["expected"]) > 3:
            c.error(where, "expected lists more than 3 codes (all must fit in the top 3)")
        for code in q["expected"]:
            if code not in known:
                c.error(where, f"expected code {code} is not in the catalog")
    return queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    args = parser.parse_args(argv)

    c = Checker()
    data = check_catalog(c, args.catalog)
    if data is None:
        for e in c.errors:
            print("ERROR", e)
        return 1
    queries = check_queries(c, args.queries, data["_known_codes"])

    procs = [p for p in data["procedures"] if isinstance(p, dict)]
    by_field = Counter(p.get("field") for p in procs)
    print(f"procedures: {len(procs)}")
    for code, n in sorted(by_field.items()):
        print(f"  {code}: {n}")
    print(f"life events: {len(data['life_events'])}")
    print(f"synonyms: {len(data['synonyms'])}")
    print(f"search queries: {len(queries)}")
    fully = sum(1 for p in procs if not p.get("unconfirmed"))
    print(f"procedures with no unconfirmed field: {fully}")
    tally = Counter(name.split('.', 1)[0] for p in procs for name in p.get("unconfirmed", []))
    print("unconfirmed fields: " + ", ".join(f"{k} {v}" for k, v in tally.most_common()))

    minimums = [("procedures", len(procs), 60), ("life events", len(data["life_events"]), 5),
                ("search queries", len(queries), 50)]
    for label, have, need in minimums:
        if have < need:
            c.error("counts", f"{label}: {have} < {need}")

    if c.errors:
        for e in c.errors:
            print("ERROR", e)
        print(f"FAILED: {len(c.errors)} error(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
