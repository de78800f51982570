"""An exception inside an action leaves nothing half-written: no dossier, no code used up, no event."""

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.dossiers.models import CodeSequence, Dossier, DossierEvent
from motcua.organizations.models import ServiceCentre
from motcua.processes.models import Process

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_failure_while_recording_the_event_rolls_everything_back(monkeypatch):
    counter = get_user_model().objects.get(username="motcua.tanninh")
    centre = ServiceCentre.objects.get(code="000.01.51.H53")
    process = Process.objects.filter(agency=centre.agency, status="active",
                                     procedure__base_code="1.001193").select_related("procedure").get()
    before = (Dossier.objects.count(), DossierEvent.objects.count(), CodeSequence.objects.count())

    def explode(*args, **kwargs):
        raise Boom("disk full")

    monkeypatch.setattr("motcua.dossiers.services.intake.record", explode)
    with pytest.raises(Boom):
        services.receive(actor=counter, procedure_version=process.procedure.current_version, receiving_centre=centre,
                         deciding_agency=centre.agency, applicant={"name": "Lê Văn Cường"},
                         components=[{"name": "Tờ khai đăng ký khai sinh"}])
    assert (Dossier.objects.count(), DossierEvent.objects.count(), CodeSequence.objects.count()) == before
    monkeypatch.undo()
    dossier = services.receive(actor=counter, procedure_version=process.procedure.current_version,
                               receiving_centre=centre, deciding_agency=centre.agency,
                               applicant={"name": "Lê Văn Cường"}, components=[{"name": "Tờ khai"}])
    assert dossier.code.endswith("-0001")  # the failed attempt did not use up a number


def test_double_submit_with_one_idempotency_key_makes_one_dossier():
    counter = get_user_model().objects.get(username="motcua.tanninh")
    centre = ServiceCentre.objects.get(code="000.01.51.H53")
    version = Procedure.objects.get(base_code="1.001193").current_version
    kwargs = {"actor": counter, "procedure_version": version, "receiving_centre": centre,
              "deciding_agency": centre.agency, "applicant": {"name": "Phan Thị Dung"},
              "components": [{"name": "Tờ khai"}], "idempotency_key": "counter-7-20260309-0001"}
    first = services.receive(**kwargs)
    second = services.receive(**kwargs)
    assert first.pk == second.pk and first.events.count() == 1
