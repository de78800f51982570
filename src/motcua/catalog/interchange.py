"""Import and export of the catalog document (JSON or .xlsx, see document.py and spreadsheet.py).

An import is all-or-nothing per file: every problem is reported (row, field, reason) and nothing is
written unless there is none. A procedure whose published content equals the file is left alone; a
changed one gets a new published version (the old one is retired, never edited)."""

from dataclasses import dataclass, field
from datetime import date, time

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.events import record_event
from motcua.core.text import fold
from motcua.organizations.models import Agency

from . import document as doc_rules
from . import services
from .models import Component, Fee, Field, LifeEvent, LifeEventProcedure, Procedure, ProcedureVersion, Synonym
from .services import publish_version, require_catalog_editor


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    new_versions: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"ok": self.ok, "dry_run": self.dry_run, "created": self.created, "new_versions": self.new_versions,
                "unchanged": self.unchanged, "problems": [p.as_dict() for p in self.problems]}


class _DryRun(Exception):
    pass


def version_as_document(version: ProcedureVersion) -> dict:
    """A version in the canonical document form (what export writes and import compares)."""
    procedure = version.procedure
    decision = None
    if version.decision_number or version.decision_date or version.decision_effective_date:
        decision = {"number": version.decision_number,
                    "date": version.decision_date.isoformat() if version.decision_date else None,
                    "effective_date": version.decision_effective_date.isoformat()
                    if version.decision_effective_date else None}
    return doc_rules.canonical_procedure({
        "base_code": procedure.base_code,
        "status": "draft" if version.status == ProcedureVersion.Status.DRAFT else "published",
        "publishing_agency": procedure.publishing_agency.code if procedure.publishing_agency_id else "",
        "name": version.name, "name_en": version.name_en, "field": procedure.field.code,
        "levels": version.levels, "deciding_agency_kinds": version.deciding_agency_kinds,
        "applicants": version.applicants, "methods": version.methods, "steps": version.steps,
        "processing_time": {"value": version.processing_amount, "unit": version.processing_unit,
                            "note": version.processing_note},
        "cutoff": version.cutoff.strftime("%H:%M") if version.cutoff else None,
        "components": [{"name": c.name, "originals": c.originals, "copies": c.copies, "required": c.required,
                        "condition": c.condition, "from_vault": c.from_vault, "form": c.form_name}
                       for c in version.components.all()],
        "fees": [{"name": f.name, "kind": f.kind, "amount_vnd": f.amount_vnd, "rule": f.rule,
                  "exemptions": f.exemptions} for f in version.fees.all()],
        "result": {"name": version.result_name, "paper_required": version.result_paper_required,
                   "e_result": version.result_e_result},
        "legal_basis": version.legal_basis, "requirements": version.requirements,
        "online_level": version.online_level, "form_schema": version.form_schema,
        "publishing_decision": decision, "keywords": version.keywords, "sources": version.sources,
        "unconfirmed": version.unconfirmed,
    })


def latest_versions():
    """Each procedure's published version, or its draft when it was never published."""
    published = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
    never_published = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.DRAFT,
                                                      procedure__current_version__isnull=True)
    return ((published | never_published).select_related("procedure__field", "procedure__publishing_agency")
            .prefetch_related("components", "fees").order_by("procedure__localised_code"))


def export_document() -> dict:
    versions = latest_versions()
    used_fields = Field.objects.filter(procedures__isnull=False).distinct().order_by("position", "code")
    return doc_rules.canonical_document({
        "format": doc_rules.FORMAT, "version": doc_rules.VERSION,
        "fields": [{"code": f.code, "name": f.name, "name_en": f.name_en} for f in used_fields],
        "life_events": [{"code": e.code, "name": e.name, "name_en": e.name_en, "description": e.description,
                         "procedures": [item.procedure.base_code for item in e.items.select_related("procedure")]}
                        for e in LifeEvent.objects.order_by("position", "code")],
        "synonyms": [{"term": s.term, "expansion": s.expansion} for s in Synonym.objects.order_by("term_folded")],
        "procedures": [version_as_document(v) for v in versions],
    })


def import_document(*, actor, document: dict, default_agency: str = "", dry_run: bool = False,
                    progress=None) -> ImportReport:
    require_catalog_editor(actor)
    report = ImportReport(dry_run=dry_run)
    raw_procedures = document.get("procedures") or []
    for raw in raw_procedures:
        if default_agency and not raw.get("publishing_agency"):
            raw["publishing_agency"] = default_agency
    report.problems = doc_rules.check_document(
        document, known_fields=Field.objects.values_list("code", flat=True),
        known_codes=Procedure.objects.values_list("base_code", flat=True), translate=_)
    agencies = {a.code: a for a in Agency.objects.filter(
        code__in={p.get("publishing_agency") for p in raw_procedures if p.get("publishing_agency")})}
    for index, raw in enumerate(raw_procedures, start=1):
        code = raw.get("publishing_agency")
        if code and code not in agencies and doc_rules.AGENCY_CODE.match(code):
            report.problems.append(doc_rules.Problem(raw.get("_row") or f"procedures[{index}]", "publishing_agency",
                                                     _("no agency has the code %(code)s") % {"code": code}))
    if report.problems:
        return report
    canon = doc_rules.canonical_document(document)
    try:
        with transaction.atomic():
            _write(actor, canon, agencies, report, progress)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _write(actor, canon: dict, agencies: dict, report: ImportReport, progress) -> None:
    for position, f in enumerate(canon["fields"]):
        Field.objects.update_or_create(code=f["code"], defaults={"name": f["name"], "name_en": f["name_en"],
                                                                 "position": position})
    fields = {f.code: f for f in Field.objects.all()}
    for p in canon["procedures"]:
        code = doc_rules.localised_code(p["base_code"], p["publishing_agency"])
        procedure = Procedure.objects.filter(localised_code=code).select_related("current_version").first()
        if procedure is None:
            procedure = Procedure.objects.create(
                base_code=p["base_code"], localised_code=code, field=fields[p["field"]],
                publishing_agency=agencies.get(p["publishing_agency"]))
            report.created.append(code)
        elif _same_as_stored(procedure, p):
            report.unchanged.append(code)
            _tick(progress)
            continue
        else:
            if procedure.field_id != fields[p["field"]].pk:
                procedure.field = fields[p["field"]]
                procedure.save(update_fields=["field"])
            report.new_versions.append(code)
        procedure.versions.filter(status=ProcedureVersion.Status.DRAFT).delete()  # replaced by the file's
        version = _create_version(procedure, p)
        if p["status"] == "published":
            publish_version(actor=actor, version=version)
        else:
            services.refresh_search_texts(version)
        _tick(progress)
    for position, e in enumerate(canon["life_events"]):
        event, _created = LifeEvent.objects.update_or_create(code=e["code"], defaults={
            "name": e["name"], "name_en": e["name_en"], "description": e["description"], "position": position})
        event.items.all().delete()
        by_base = {}
        for procedure in Procedure.objects.filter(base_code__in=e["procedures"]).order_by("localised_code"):
            by_base.setdefault(procedure.base_code, procedure)
        LifeEventProcedure.objects.bulk_create([
            LifeEventProcedure(life_event=event, procedure=by_base[c], position=i)
            for i, c in enumerate(e["procedures"]) if c in by_base])
    for s in canon["synonyms"]:
        Synonym.objects.update_or_create(term_folded=fold(s["term"]),
                                         defaults={"term": s["term"], "expansion": s["expansion"]})
    record_event(actor=actor, kind="catalog.imported", subject=None, payload={"created": len(report.created), "new_versions": len(report.new_versions),
                          "unchanged": len(report.unchanged)})


def _same_as_stored(procedure: Procedure, p: dict) -> bool:
    stored = (procedure.current_version if p["status"] == "published"
              else procedure.versions.filter(status=ProcedureVersion.Status.DRAFT).first())
    return stored is not None and version_as_document(stored) == p


def _tick(progress) -> None:
    if progress is not None:
        progress()


def _create_version(procedure: Procedure, p: dict) -> ProcedureVersion:
    number = (procedure.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    decision = p["publishing_decision"] or {}
    version = ProcedureVersion.objects.create(
        procedure=procedure, number=number, name=p["name"], name_en=p["name_en"], levels=p["levels"],
        deciding_agency_kinds=p["deciding_agency_kinds"], applicants=p["applicants"], methods=p["methods"],
        steps=p["steps"], processing_amount=p["processing_time"]["value"],
        processing_unit=p["processing_time"]["unit"], processing_note=p["processing_time"]["note"],
        cutoff=time.fromisoformat(p["cutoff"]) if p["cutoff"] else None, result_name=p["result"]["name"],
        result_paper_required=p["result"]["paper_required"], result_e_result=p["result"]["e_result"],
        legal_basis=p["legal_basis"], requirements=p["requirements"], online_level=p["online_level"],
        form_schema=p["form_schema"], decision_number=decision.get("number") or "",
        decision_date=date.fromisoformat(decision["date"]) if decision.get("date") else None,
        decision_effective_date=date.fromisoformat(decision["effective_date"])
        if decision.get("effective_date") else None,
        keywords=p["keywords"], sources=p["sources"], unconfirmed=p["unconfirmed"],
    )
    Component.objects.bulk_create([
        Component(version=version, position=i, name=c["name"], originals=c["originals"], copies=c["copies"],
                  required=c["required"], condition=c["condition"], from_vault=c["from_vault"], form_name=c["form"])
        for i, c in enumerate(p["components"])])
    Fee.objects.bulk_create([
        Fee(version=version, position=i, name=f["name"], kind=f["kind"], amount_vnd=f["amount_vnd"], rule=f["rule"],
            exemptions=f["exemptions"]) for i, f in enumerate(p["fees"])])
    return version
