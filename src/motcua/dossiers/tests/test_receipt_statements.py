"""A walk-in receipt is a fixed handful of statements, however many dossiers and codes exist: the receipt
rate of docs/benchmarks.md ("Dossiers") rests on it, and the rows are those of the longer path."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import chain, services
from motcua.dossiers.models import CodeSequence
from motcua.organizations.models import ServiceCentre
from motcua.processes.models import Process

pytestmark = pytest.mark.django_db


def _walk_in(name: str):
    counter = get_user_model().objects.get(username="motcua.tanninh")
    centre = ServiceCentre.objects.select_related("agency").get(code="000.01.51.H53")
    process = Process.objects.filter(agency=centre.agency, status="active", procedure__base_code="1.001193"
                                     ).select_related("procedure__current_version").get()
    version = process.procedure.current_version
    list(version.fees.all())  # what a counter page has read already
    return {"actor": counter, "procedure_version": version, "receiving_centre": centre,
            "deciding_agency": centre.agency, "applicant": {"name": name},
            "components": [{"name": "Tờ khai"}, {"name": "Bản sao căn cước"}]}


def test_a_walk_in_receipt_runs_a_fixed_number_of_statements():
    services.receive(**_walk_in("Lê Văn Cường"))  # warms the process's calendar
    counts = []
    for k in range(3):
        arguments = _walk_in(f"Người nộp {k}")
        with CaptureQueriesContext(connection) as captured:
            dossier = services.receive(**arguments)
        counts.append([q["sql"].split()[0] for q in captured.captured_queries])
        assert dossier.version == 2 and dossier.code.endswith(f"-{k + 2:04d}")
        event = dossier.events.get()
        assert (event.seq, event.prev_hash, event.kind) == (1, chain.GENESIS, "received")
    assert counts[0] == counts[1] == counts[2]
    writes = [verb for verb in counts[0] if verb in ("INSERT", "UPDATE", "DELETE")]
    # the code (one upsert), the dossier inserted already received, its components, its event: no UPDATE
    assert writes.count("UPDATE") == 0 and writes.count("INSERT") == 4, counts[0]
    assert CodeSequence.objects.get(prefix="000.01.51.H53").last == 4
