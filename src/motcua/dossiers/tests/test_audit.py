"""`motcua audit verify` finds tampering: an event's content changed, an event removed from the middle
or from the end of a dossier's history."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent
from motcua.organizations.models import ServiceCentre

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def two_dossiers():
    """Two birth registrations at Tân Ninh, the first with three events."""
    counter = get_user_model().objects.get(username="motcua.tanninh")
    centre = ServiceCentre.objects.get(code="000.01.51.H53")
    version = Procedure.objects.get(base_code="1.001193").current_version
    made = [services.receive(actor=counter, procedure_version=version, receiving_centre=centre,
                             deciding_agency=centre.agency, applicant={"name": name},
                             components=[{"name": "Tờ khai đăng ký khai sinh"}])
            for name in ("Trương Văn Hải", "Quách Thị Liên")]
    services.comment(actor=counter, dossier=made[0], text="Đã hẹn công dân")
    services.comment(actor=counter, dossier=made[0], text="Công dân đến nhận")
    return made


def reported(output: str, code: str, problem: str) -> bool:
    return any(line.startswith(f"{code}: ") and problem in line for line in output.splitlines())


def verify(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_intact_chains_exit_0_with_a_summary(two_dossiers):
    assert verify() == (0, "2 dossier(s) and 4 event(s) verified: every chain is intact.\n")
    assert verify("--dossier", two_dossiers[1].code) == (
        0, "1 dossier(s) and 1 event(s) verified: every chain is intact.\n")


def test_a_changed_payload_is_found(two_dossiers):
    first, second = two_dossiers
    DossierEvent.objects.filter(dossier=first, seq=2).update(payload={"text": "Không có gì"})
    status, output = verify()
    assert status == 1
    assert reported(output, first.code, "event 2 (commented) was modified")
    assert "1 dossier has a broken event chain (2 verified)." in output
    assert second.code not in output
    assert verify("--dossier", second.code)[0] == 0
    assert verify("--dossier", str(first.reference))[0] == 1


def test_a_changed_status_is_found_too(two_dossiers):
    DossierEvent.objects.filter(dossier=two_dossiers[1], seq=1).update(to_status=9)
    status, output = verify()
    assert status == 1 and reported(output, two_dossiers[1].code, "event 1 (received) was modified")


def test_a_deleted_event_is_found(two_dossiers):
    first = two_dossiers[0]
    DossierEvent.objects.filter(dossier=first, seq=2).delete()
    status, output = verify("--dossier", first.code)
    assert status == 1
    assert reported(output, first.code, "event 2 is missing (found seq 3)")
    assert reported(output, first.code, "event 3 does not follow the previous event")


def test_a_deleted_last_event_is_found_by_the_version(two_dossiers):
    """The chain alone cannot tell that its end was cut off; the dossier's version counts its changes."""
    first = two_dossiers[0]
    DossierEvent.objects.filter(dossier=first, seq=3).delete()
    status, output = verify()
    assert status == 1
    assert reported(output, first.code, "2 event(s) recorded but the dossier was changed 3 time(s)")


def test_an_unknown_dossier_is_a_usage_error():
    status, output = verify("--dossier", "000.01.51.H53-991231-0001")
    assert status == 2 and "No dossier has the code 000.01.51.H53-991231-0001." in output
