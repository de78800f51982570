"""Catalog import and export: lossless round trips (JSON and .xlsx), all-or-nothing imports that report
every bad row, dry runs that write nothing."""

import copy
import io
import json
import unicodedata

import pytest
from openpyxl import load_workbook

from motcua.catalog.document import canonical_document, localised_code
from motcua.catalog.interchange import export_document, import_document
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    LifeEventProcedure,
    Procedure,
    ProcedureVersion,
    Synonym,
)
from motcua.catalog.spreadsheet import document_to_xlsx, xlsx_to_document
from motcua.core.models import AuditEvent
from motcua.core.text import fold

pytestmark = pytest.mark.django_db

AGENCY = "000.00.00.H53"


def codes(document) -> list[str]:
    return [localised_code(p["base_code"], p["publishing_agency"]) for p in document["procedures"]]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in (
        Procedure, ProcedureVersion, Component, Fee, Field, LifeEventProcedure, Synonym, AuditEvent)}


def new_procedure(base_code: str, **changes) -> dict:
    procedure = {
        "base_code": base_code, "publishing_agency": AGENCY, "name": "Thủ tục thử nghiệm", "field": "HOTICH",
        "levels": ["commune"], "applicants": ["citizen"], "methods": ["counter"],
        "processing_time": {"value": 3, "unit": "wd", "note": ""},
        "components": [{"name": "Tờ khai", "originals": 1, "copies": 0}],
        "fees": [{"name": "Lệ phí", "kind": "charge", "amount_vnd": 20000}],
        "result": {"name": "Giấy xác nhận"}, "online_level": "partial",
    }
    procedure.update(changes)
    return procedure


def test_json_round_trip_is_lossless():
    exported = export_document()
    assert exported == canonical_document(exported)
    before = counts()
    report = import_document(actor=None, document=json.loads(json.dumps(exported, ensure_ascii=False)))
    assert report.ok and report.created == [] and report.new_versions == []
    assert sorted(report.unchanged) == sorted(codes(exported)) and len(report.unchanged) == len(exported["procedures"])
    assert export_document() == exported
    assert {k: v for k, v in counts().items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"}


def test_xlsx_round_trip_is_lossless():
    exported = export_document()
    document = xlsx_to_document(document_to_xlsx(exported))
    assert canonical_document(document) == exported
    report = import_document(actor=None, document=document)
    assert report.ok and report.created == [] and report.new_versions == []
    assert len(report.unchanged) == len(exported["procedures"])
    assert export_document() == exported


def test_export_of_an_import_is_the_canonical_document():
    x = copy.deepcopy(export_document())
    birth = next(p for p in x["procedures"] if p["base_code"] == "1.001193")
    birth["fees"][0]["amount_vnd"] = 5000  # a change: a new version
    birth["name"] = "  " + unicodedata.normalize("NFD", "Thủ tục đăng ký khai sinh (mới)") + " "
    birth["keywords"] = birth["keywords"] + ["  ", "khai sinh cho con mới"]
    x["fields"].append({"code": "THU", "name": " Lĩnh vực thử ", "name_en": "Trial"})
    x["procedures"].append(new_procedure("9.999001", field="THU"))
    x["synonyms"].append({"term": "làm giấy khai sinh", "expansion": "đăng ký khai sinh"})
    x["synonyms"].sort(key=lambda s: fold(s["term"]))
    report = import_document(actor=None, document=copy.deepcopy(x))
    assert report.ok, [p.as_dict() for p in report.problems]
    assert report.created == [f"9.999001.{AGENCY}"]
    assert report.new_versions == [f"1.001193.{AGENCY}"]
    assert len(report.unchanged) == len(x["procedures"]) - 2
    assert export_document() == canonical_document(x)
    assert Procedure.objects.get(localised_code=f"1.001193.{AGENCY}").current_version.number == 2


def test_a_json_import_with_bad_rows_imports_nothing_and_lists_every_bad_row():
    document = {"format": "motcua-catalog", "version": 1, "fields": [], "procedures": [
        new_procedure("9.999002"),  # good, but must not be imported
        new_procedure("abc"),
        new_procedure("9.999003", field="NOPE"),
        new_procedure("9.999004", components=[]),
        new_procedure("9.999005", components=[{"name": "Tờ khai", "originals": "two"}],
                      fees=[{"name": "Thuế", "kind": "tax", "amount_vnd": -1}]),
        new_procedure("9.999006", processing_time={"value": 3, "unit": "weeks"}, levels=["district"]),
        new_procedure("9.999007", cutoff="25:99", publishing_decision={"number": "1/QĐ", "date": "2025-13-01"}),
    ]}
    before = counts()
    report = import_document(actor=None, document=document)
    assert not report.ok
    found = {(p.row, p.field) for p in report.problems}
    assert found == {
        ("procedures[2]", "base_code"),
        ("procedures[3]", "field"),
        ("procedures[4]", "components"),
        ("procedures[5]", "components[1].originals"),
        ("procedures[5]", "fees[1].kind"),
        ("procedures[5]", "fees[1].amount_vnd"),
        ("procedures[6]", "processing_time.unit"),
        ("procedures[6]", "levels"),
        ("procedures[7]", "cutoff"),
        ("procedures[7]", "publishing_decision.date"),
    }
    assert all(p.reason for p in report.problems)
    assert "wd" in next(p.reason for p in report.problems if p.field == "processing_time.unit")  # names the units
    assert counts() == before
    assert not Procedure.objects.filter(base_code="9.999002").exists()


def test_an_xlsx_import_with_bad_rows_imports_nothing_and_lists_every_bad_row():
    exported = export_document()
    workbook = load_workbook(io.BytesIO(document_to_xlsx(exported)))
    procedures, components, fees = workbook["procedures"], workbook["components"], workbook["fees"]
    header = {cell.value: cell.column for cell in procedures[1]}
    row_of = {localised_code(procedures.cell(r, header["base_code"]).value,
                             procedures.cell(r, header["publishing_agency"]).value or ""): r
              for r in range(2, procedures.max_row + 1)}
    procedures.cell(3, header["field"]).value = "NOPE"
    procedures.cell(5, header["processing_unit"]).value = "weeks"
    procedures.cell(6, header["name"]).value = "Tên mới hợp lệ"  # valid, but the file as a whole is refused
    procedures.cell(7, header["online_level"]).value = "sometimes"
    component_header = {cell.value: cell.column for cell in components[1]}
    components.cell(2, component_header["originals"]).value = "two"
    fee_header = {cell.value: cell.column for cell in fees[1]}
    fees.cell(2, fee_header["kind"]).value = "tax"
    component_owner = row_of[components.cell(2, component_header["procedure"]).value]
    fee_owner = row_of[fees.cell(2, fee_header["procedure"]).value]
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = counts()
    report = import_document(actor=None, document=xlsx_to_document(buffer.getvalue()))
    assert not report.ok
    found = {(p.row, p.field) for p in report.problems}
    assert found == {
        ("procedures!3", "field"),
        ("procedures!5", "processing_time.unit"),
        ("procedures!7", "online_level"),
        (f"procedures!{component_owner}", "components[1].originals"),
        (f"procedures!{fee_owner}", "fees[1].kind"),
    }
    assert all(p.reason for p in report.problems)
    assert counts() == before
    assert export_document() == exported


def test_a_dry_run_reports_and_writes_nothing():
    x = copy.deepcopy(export_document())
    birth = next(p for p in x["procedures"] if p["base_code"] == "1.001193")
    birth["fees"][0]["amount_vnd"] = 5000
    x["procedures"].append(new_procedure("9.999010"))
    x["synonyms"].append({"term": "khai sinh bé", "expansion": "đăng ký khai sinh"})
    before, exported = counts(), export_document()
    report = import_document(actor=None, document=x, dry_run=True)
    assert report.ok and report.dry_run
    assert report.created == [f"9.999010.{AGENCY}"] and report.new_versions == [f"1.001193.{AGENCY}"]
    assert counts() == before
    assert export_document() == exported
    assert report.as_dict()["dry_run"] is True


def test_an_xlsx_dry_run_writes_nothing():
    x = copy.deepcopy(export_document())
    x["procedures"][0]["name"] += " (sửa)"
    before = counts()
    report = import_document(actor=None, document=xlsx_to_document(document_to_xlsx(x)), dry_run=True)
    assert report.ok and len(report.new_versions) == 1
    assert counts() == before
