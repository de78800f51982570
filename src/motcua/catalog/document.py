"""The catalog interchange document ("motcua-catalog", version 1): its canonical form and its checks.
Pure module (no Django): the same rules serve JSON and .xlsx files, the importer and the exporter.
The format is described in docs/catalog.md."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time

FORMAT, VERSION = "motcua-catalog", 1
LEVELS = ("central", "province", "commune")
AGENCY_KINDS = ("ministry", "provincial_committee", "department", "commune_committee", "vertical_agency")
APPLICANTS = ("citizen", "organisation")
METHODS = ("counter", "online", "post")
ONLINE_LEVELS = ("full", "partial", "none")
UNITS = ("wd", "wh", "d", "mo", "same_day")
FEE_KINDS = ("fee", "charge")
STATUSES = ("published", "draft")
BASE_CODE = re.compile(r"^\d+\.\d{6}$")
AGENCY_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[GH]\d{2}$")


@dataclass(frozen=True)
class Problem:
    row: str  # "procedures[3]" or "procedures!5" (sheet row)
    field: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "reason": self.reason}


def _text(value) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _list(value) -> list[str]:
    return [_text(v) for v in (value or []) if _text(v)]


def localised_code(base_code: str, agency_code: str) -> str:
    return f"{base_code}.{agency_code}" if agency_code else base_code


def canonical_procedure(p: dict) -> dict:
    """Every key present, text NFC-normalised and trimmed, lists without blanks, in a fixed order."""
    time_ = p.get("processing_time") or {}
    decision = p.get("publishing_decision") or {}
    result = p.get("result") or {}
    return {
        "base_code": _text(p.get("base_code")),
        "status": _text(p.get("status")) or "published",
        "publishing_agency": _text(p.get("publishing_agency")),
        "name": _text(p.get("name")),
        "name_en": _text(p.get("name_en")),
        "field": _text(p.get("field")),
        "levels": _list(p.get("levels")),
        "deciding_agency_kinds": _list(p.get("deciding_agency_kinds")),
        "applicants": _list(p.get("applicants")),
        "methods": _list(p.get("methods")),
        "steps": _text(p.get("steps")),
        "processing_time": {"value": time_.get("value"), "unit": _text(time_.get("unit")),
                            "note": _text(time_.get("note"))},
        "cutoff": _text(p.get("cutoff")) or None,
        "components": [{
            "name": _text(c.get("name")), "originals": c.get("originals", 1), "copies": c.get("copies", 0),
            "required": bool(c.get("required", True)), "condition": _text(c.get("condition")),
            "from_vault": bool(c.get("from_vault", False)), "form": _text(c.get("form")),
        } for c in p.get("components") or []],
        "fees": [{
            "name": _text(f.get("name")), "kind": _text(f.get("kind")), "amount_vnd": f.get("amount_vnd"),
            "rule": _text(f.get("rule")), "exemptions": _text(f.get("exemptions")),
        } for f in p.get("fees") or []],
        "result": {"name": _text(result.get("name")), "paper_required": bool(result.get("paper_required", False)),
                   "e_result": bool(result.get("e_result", False))},
        "legal_basis": _list(p.get("legal_basis")),
        "requirements": _text(p.get("requirements")),
        "online_level": _text(p.get("online_level")) or "none",
        "form_schema": p.get("form_schema") or {},
        "publishing_decision": {"number": _text(decision.get("number")), "date": _text(decision.get("date")) or None,
                                "effective_date": _text(decision.get("effective_date")) or None}
        if decision else None,
        "keywords": _list(p.get("keywords")),
        "sources": _list(p.get("sources")),
        "unconfirmed": _list(p.get("unconfirmed")),
    }


def canonical_document(doc: dict) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "fields": [{"code": _text(f.get("code")), "name": _text(f.get("name")), "name_en": _text(f.get("name_en"))}
                   for f in doc.get("fields") or []],
        "life_events": [{"code": _text(e.get("code")), "name": _text(e.get("name")),
                         "name_en": _text(e.get("name_en")), "description": _text(e.get("description")),
                         "procedures": _list(e.get("procedures"))} for e in doc.get("life_events") or []],
        "synonyms": [{"term": _text(s.get("term")), "expansion": _text(s.get("expansion"))}
                     for s in doc.get("synonyms") or []],
        "procedures": [canonical_procedure(p) for p in doc.get("procedures") or []],
    }


def _where(p: dict, index: int) -> str:
    return p.get("_row") or f"procedures[{index}]"


def _identity(text: str) -> str:
    return text


def check_document(doc: dict, *, known_fields=(), known_codes=(), translate=_identity) -> list[Problem]:
    """Every problem of the document; an empty list means it can be imported as a whole.

    ``translate`` is the caller's gettext (the Django layer passes its own), so messages reach people
    in their language while this module stays free of Django."""
    _ = translate
    problems: list[Problem] = []
    if doc.get("format") != FORMAT or doc.get("version") != VERSION:
        problems.append(Problem("document", "format", _("expected format %(format)s version %(version)s") % {
            "format": FORMAT, "version": VERSION}))
    canon = canonical_document(doc)
    fields = {f["code"] for f in canon["fields"]} | set(known_fields)
    for i, f in enumerate(canon["fields"], start=1):
        for key in ("code", "name"):
            if not f[key]:
                problems.append(Problem(f"fields[{i}]", key, _("required")))
    seen: dict[str, str] = {}
    for i, (raw, p) in enumerate(zip(doc.get("procedures") or [], canon["procedures"], strict=True), start=1):
        problems += _check_procedure(p, _where(raw, i), fields, seen, _)
    codes = {p["base_code"] for p in canon["procedures"]} | set(known_codes)
    for i, e in enumerate(canon["life_events"], start=1):
        if not e["code"] or not e["name"]:
            problems.append(Problem(f"life_events[{i}]", "code" if not e["code"] else "name", _("required")))
        for code in e["procedures"]:
            if code not in codes:
                problems.append(Problem(f"life_events[{i}]", "procedures", _("unknown procedure code %(code)s") % {"code": code}))
    for i, s in enumerate(canon["synonyms"], start=1):
        if not s["term"] or not s["expansion"]:
            problems.append(Problem(f"synonyms[{i}]", "term" if not s["term"] else "expansion", _("required")))
    return problems


def _check_procedure(p: dict, where: str, fields: set, seen: dict, _) -> list[Problem]:
    out = []

    def bad(field, reason):
        out.append(Problem(where, field, reason))

    if not BASE_CODE.match(p["base_code"]):
        bad("base_code", _("“%(value)s” is not a procedure code such as 1.001193") % {"value": p["base_code"]})
    if p["publishing_agency"] and not AGENCY_CODE.match(p["publishing_agency"]):
        bad("publishing_agency", _("“%(value)s” is not an agency code such as 000.00.00.H53") % {
            "value": p["publishing_agency"]})
    code = localised_code(p["base_code"], p["publishing_agency"])
    if code in seen:
        bad("base_code", _("duplicate procedure code %(code)s (also at %(other)s)") % {"code": code, "other": seen[code]})
    seen.setdefault(code, where)
    if not p["name"]:
        bad("name", _("required"))
    for key in ("name", "name_en"):
        if len(p[key]) > 1000:
            bad(key, _("at most %(n)d characters") % {"n": 1000})
    if p["field"] not in fields:
        bad("field", _("unknown field “%(value)s”") % {"value": p["field"]})
    for key, allowed in (("levels", LEVELS), ("deciding_agency_kinds", AGENCY_KINDS), ("applicants", APPLICANTS),
                         ("methods", METHODS)):
        wrong = [v for v in p[key] if v not in allowed]
        if wrong:
            bad(key, _("unknown value(s) %(values)s; allowed: %(allowed)s") % {"values": ", ".join(wrong),
                                                                            "allowed": ", ".join(allowed)})
    if p["online_level"] not in ONLINE_LEVELS:
        bad("online_level", _("unknown value(s) %(values)s; allowed: %(allowed)s") % {
            "values": p["online_level"], "allowed": ", ".join(ONLINE_LEVELS)})
    if p["status"] not in STATUSES:
        bad("status", _("unknown value(s) %(values)s; allowed: %(allowed)s") % {
            "values": p["status"], "allowed": ", ".join(STATUSES)})
    # A draft may still lack its time limit or components; a published procedure may not.
    publishing = p["status"] == "published"
    unit, value = p["processing_time"]["unit"], p["processing_time"]["value"]
    if unit and unit not in UNITS or publishing and not unit:
        bad("processing_time.unit", _("required, one of %(allowed)s") % {"allowed": ", ".join(UNITS)})
    elif value is None and publishing and unit != "same_day" or value is not None and not (
            isinstance(value, int) and not isinstance(value, bool) and value > 0):
        bad("processing_time.value", _("a whole number above 0 is required to publish"))
    if p["cutoff"]:
        try:
            time.fromisoformat(p["cutoff"])
        except ValueError:
            bad("cutoff", _("“%(value)s” is not a time HH:MM") % {"value": p["cutoff"]})
    if publishing and not p["components"]:
        bad("components", _("a procedure needs at least one component to be published"))
    for j, c in enumerate(p["components"], start=1):
        if not c["name"]:
            bad(f"components[{j}].name", _("required"))
        for key in ("originals", "copies"):
            if not (isinstance(c[key], int) and not isinstance(c[key], bool) and 0 <= c[key] <= 99):
                bad(f"components[{j}].{key}", _("a whole number from 0 to 99 is required"))
    for j, f in enumerate(p["fees"], start=1):
        if not f["name"]:
            bad(f"fees[{j}].name", _("required"))
        if f["kind"] not in FEE_KINDS:
            bad(f"fees[{j}].kind", _("fee or charge"))
        amount = f["amount_vnd"]
        if amount is not None and not (isinstance(amount, int) and not isinstance(amount, bool) and amount >= 0):
            bad(f"fees[{j}].amount_vnd", _("a whole number of VND, 0 or more, or empty"))
    if p["publishing_decision"]:
        for key in ("date", "effective_date"):
            value = p["publishing_decision"][key]
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    bad(f"publishing_decision.{key}", _("“%(value)s” is not a date YYYY-MM-DD") % {"value": value})
    if not isinstance(p["form_schema"], dict):
        bad("form_schema", _("a JSON object is required"))
    return out
