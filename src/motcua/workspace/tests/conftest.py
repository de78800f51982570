"""Dossiers for the workspace tests, made through the services as an officer would."""

import pytest
from django.contrib.auth import get_user_model

from motcua.dossiers import services
from motcua.organizations.models import Agency, ServiceCentre

User = get_user_model()


def officer(username):
    return User.objects.get(username=username)


def justice_version():
    """A published demo procedure with a process at the Department of Justice (the demo officers' agency)."""
    from motcua.processes.models import Process

    justice = Agency.objects.get(code="000.00.04.H53")
    process = (Process.objects.filter(agency=justice, status="active").select_related("procedure__current_version")
               .order_by("procedure__base_code").first())
    return process.procedure.current_version, justice


@pytest.fixture
def make_dossier():
    def make(name="Nguyễn Văn An", id_number="072090001234", components=2, **applicant):
        version, justice = justice_version()
        return services.receive(
            actor=officer("canbo.motcua"), procedure_version=version,
            receiving_centre=ServiceCentre.objects.get(code="000.00.20.H53"), deciding_agency=justice,
            applicant={"name": name, "id_number": id_number, "phone": "0912345678", **applicant},
            components=[{"name": c.name, "kind": "original"} for c in version.components.all()[:components]])

    return make


@pytest.fixture
def procedure_with_process():
    return justice_version()

