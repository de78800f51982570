"""The demo catalog: the procedures of data/demo_catalog.json published by the demo province, offered
at the provincial centre (province-level procedures) and at every commune People's Committee and the
commune centres (commune-level procedures)."""

import json
from pathlib import Path

from django.db import transaction

from motcua.organizations.models import Agency, ServiceCentre

from .interchange import import_document
from .models import Offering, Procedure

DATA_FILE = Path(__file__).with_name("data") / "demo_catalog.json"


@transaction.atomic
def load_demo_catalog(*, publishing_agency: str) -> dict:
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for procedure in document["procedures"]:
        # A procedure whose legal time limit is not known yet cannot be published: load it as a draft.
        limit = procedure.get("processing_time") or {}
        if limit.get("value") is None and limit.get("unit") != "same_day":
            procedure["status"] = "draft"
    report = import_document(actor=None, document=document, default_agency=publishing_agency)
    if not report.ok:
        raise ValueError(f"demo catalog does not import: {[p.as_dict() for p in report.problems][:5]}")
    committee = Agency.objects.get(code=publishing_agency)
    communes = list(Agency.objects.filter(parent=committee, kind=Agency.Kind.COMMUNE_COMMITTEE))
    centres = {c.level: [] for c in ServiceCentre.objects.filter(agency__path__startswith=committee.path)}
    for centre in ServiceCentre.objects.filter(agency__path__startswith=committee.path):
        centres[centre.level].append(centre)
    existing = set(Offering.objects.values_list("procedure_id", "agency_id", "service_centre_id"))
    offerings = []
    for procedure in Procedure.objects.filter(publishing_agency=committee).select_related("current_version"):
        version = procedure.current_version
        if version is None:
            continue
        places = []
        if "commune" in version.levels:
            places += [(a.pk, None) for a in communes] + [(None, c.pk) for c in centres.get("commune", [])]
        if "province" in version.levels or "central" in version.levels:
            places += [(None, c.pk) for c in centres.get("province", [])]
        for agency_id, centre_id in places:
            if (procedure.pk, agency_id, centre_id) not in existing:
                offerings.append(Offering(procedure=procedure, agency_id=agency_id, service_centre_id=centre_id))
    Offering.objects.bulk_create(offerings, batch_size=2000)
    return {"report": report, "offerings": len(offerings)}
