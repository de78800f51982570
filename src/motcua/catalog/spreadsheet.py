"""The catalog document as an .xlsx workbook, for people who edit the catalog in a spreadsheet.
No Django here; openpyxl reads and writes. Lists are one item per line inside a cell; JSON objects
(form_schema) are JSON text. Rows read back carry "_row" (sheet!row) so problems point at the cell row."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from .document import FORMAT, VERSION, canonical_document, localised_code

PROCEDURE_COLUMNS = [
    "base_code", "status", "publishing_agency", "name", "name_en", "field", "levels", "deciding_agency_kinds", "applicants",
    "methods", "steps", "processing_value", "processing_unit", "processing_note", "cutoff", "result_name",
    "result_paper_required", "result_e_result", "legal_basis", "requirements", "online_level", "decision_number",
    "decision_date", "decision_effective_date", "keywords", "sources", "unconfirmed", "form_schema",
]
COMPONENT_COLUMNS = ["procedure", "name", "originals", "copies", "required", "condition", "from_vault", "form"]
FEE_COLUMNS = ["procedure", "name", "kind", "amount_vnd", "rule", "exemptions"]
LIST_COLUMNS = {"levels", "deciding_agency_kinds", "applicants", "methods", "legal_basis", "keywords", "sources",
                "unconfirmed", "procedures"}
BOOL_COLUMNS = {"result_paper_required", "result_e_result", "required", "from_vault"}


def _cell(value):
    if isinstance(value, list):
        return "\n".join(value)
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return value


def _sheet(workbook: Workbook, title: str, columns: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
        for cell in column[1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def document_to_xlsx(document: dict) -> bytes:
    doc = canonical_document(document)
    workbook = Workbook()
    meta = workbook.active
    meta.title = "meta"
    meta.append(["format", FORMAT])
    meta.append(["version", VERSION])
    _sheet(workbook, "fields", ["code", "name", "name_en"], [[f["code"], f["name"], f["name_en"]] for f in doc["fields"]])
    procedures, components, fees = [], [], []
    for p in doc["procedures"]:
        code = localised_code(p["base_code"], p["publishing_agency"])
        decision = p["publishing_decision"] or {}
        procedures.append([
            p["base_code"], p["status"], p["publishing_agency"], p["name"], p["name_en"], p["field"], p["levels"],
            p["deciding_agency_kinds"], p["applicants"], p["methods"], p["steps"], p["processing_time"]["value"],
            p["processing_time"]["unit"], p["processing_time"]["note"], p["cutoff"], p["result"]["name"],
            p["result"]["paper_required"], p["result"]["e_result"], p["legal_basis"], p["requirements"],
            p["online_level"], decision.get("number", "") if p["publishing_decision"] else None,
            decision.get("date"), decision.get("effective_date"), p["keywords"], p["sources"], p["unconfirmed"],
            p["form_schema"],
        ])
        components += [[code, c["name"], c["originals"], c["copies"], c["required"], c["condition"],
                        c["from_vault"], c["form"]] for c in p["components"]]
        fees += [[code, f["name"], f["kind"], f["amount_vnd"], f["rule"], f["exemptions"]] for f in p["fees"]]
    _sheet(workbook, "procedures", PROCEDURE_COLUMNS, procedures)
    _sheet(workbook, "components", COMPONENT_COLUMNS, components)
    _sheet(workbook, "fees", FEE_COLUMNS, fees)
    _sheet(workbook, "life_events", ["code", "name", "name_en", "description", "procedures"],
           [[e["code"], e["name"], e["name_en"], e["description"], e["procedures"]] for e in doc["life_events"]])
    _sheet(workbook, "synonyms", ["term", "expansion"], [[s["term"], s["expansion"]] for s in doc["synonyms"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(workbook, title: str):
    if title not in workbook.sheetnames:
        return
    sheet = workbook[title]
    header = [str(c.value or "").strip() for c in sheet[1]]
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if all(v in (None, "") for v in values):
            continue
        row = {"_row": f"{title}!{number}"}
        for name, value in zip(header, values, strict=False):
            if not name:
                continue
            if name in LIST_COLUMNS:
                value = [line for line in str(value or "").splitlines() if line.strip()]
            elif name in BOOL_COLUMNS:
                value = str(value or "").strip().lower() in ("x", "1", "true", "có", "co", "yes")
            elif isinstance(value, str):
                value = value.strip()
            row[name] = value
        yield row


def _int_or_text(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None if value in (None, "") else value


def xlsx_to_document(data: bytes) -> dict:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    meta = {str(r[0]): r[1] for r in workbook["meta"].iter_rows(values_only=True)} if "meta" in workbook.sheetnames else {}
    components, fees = {}, {}
    for row in _rows(workbook, "components"):
        row["originals"], row["copies"] = _int_or_text(row.get("originals")), _int_or_text(row.get("copies"))
        components.setdefault(row.pop("procedure", ""), []).append(row)
    for row in _rows(workbook, "fees"):
        row["amount_vnd"] = _int_or_text(row.get("amount_vnd"))
        fees.setdefault(row.pop("procedure", ""), []).append(row)
    procedures = []
    for row in _rows(workbook, "procedures"):
        code = localised_code(str(row.get("base_code") or ""), str(row.get("publishing_agency") or ""))
        schema = row.get("form_schema") or ""
        try:
            form_schema = json.loads(schema) if schema else {}
        except ValueError:
            form_schema = schema  # reported by the document check
        procedures.append({
            "_row": row["_row"], "base_code": row.get("base_code"), "status": row.get("status"),
            "publishing_agency": row.get("publishing_agency"),
            "name": row.get("name"), "name_en": row.get("name_en"), "field": row.get("field"),
            "levels": row.get("levels"), "deciding_agency_kinds": row.get("deciding_agency_kinds"),
            "applicants": row.get("applicants"), "methods": row.get("methods"), "steps": row.get("steps"),
            "processing_time": {"value": _int_or_text(row.get("processing_value")),
                                "unit": row.get("processing_unit"), "note": row.get("processing_note")},
            "cutoff": row.get("cutoff"),
            "components": components.get(code, []), "fees": fees.get(code, []),
            "result": {"name": row.get("result_name"), "paper_required": row.get("result_paper_required"),
                       "e_result": row.get("result_e_result")},
            "legal_basis": row.get("legal_basis"), "requirements": row.get("requirements"),
            "online_level": row.get("online_level"), "form_schema": form_schema,
            "publishing_decision": {"number": row.get("decision_number") or "",
                                    "date": _iso(row.get("decision_date")),
                                    "effective_date": _iso(row.get("decision_effective_date"))}
            if row.get("decision_number") is not None and (row.get("decision_number") or row.get("decision_date")
                                                           or row.get("decision_effective_date")) else None,
            "keywords": row.get("keywords"), "sources": row.get("sources"), "unconfirmed": row.get("unconfirmed"),
        })
    return {
        "format": meta.get("format"), "version": _int_or_text(meta.get("version")),
        "fields": list(_rows(workbook, "fields")), "life_events": list(_rows(workbook, "life_events")),
        "synonyms": list(_rows(workbook, "synonyms")), "procedures": procedures,
    }


def _iso(value):
    if value in (None, ""):
        return None
    return value.date().isoformat() if hasattr(value, "date") else str(value)
