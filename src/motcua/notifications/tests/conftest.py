import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.models import Procedure
from motcua.notifications.defaults import ensure_default_rules
from motcua.notifications.models import NotificationRule
from motcua.notifications.sms import LoggingSmsBackend
from motcua.organizations.models import ServiceCentre
from motcua.organizations.services import grant_membership

TZ = dt.timezone(dt.timedelta(hours=7))
MONDAY_9 = dt.datetime(2026, 3, 9, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def rules(db):
    # The data migration seeds them; a transactional test elsewhere may have flushed the table since.
    ensure_default_rules(NotificationRule)


@pytest.fixture
def sms_sent():
    LoggingSmsBackend.clear()
    yield LoggingSmsBackend.sent
    LoggingSmsBackend.clear()


@pytest.fixture
def centre():
    """Tân Ninh ward's centre; its ward committee decides procedure 1.000894 (1 working day) under a demo
    process receive → appraise (4wh) → review → sign → return."""
    return ServiceCentre.objects.select_related("agency").get(code="000.01.51.H53")


@pytest.fixture
def version():
    return Procedure.objects.get(base_code="1.000894").current_version


@pytest.fixture
def counter():
    return get_user_model().objects.get(username="motcua.tanninh")


@pytest.fixture
def specialist(centre):
    user = get_user_model().objects.create(username="cv.tanninh", full_name="Lê Văn Chuyên",
                                           email="chuyenvien@tanninh.example.vn", phone="0987654321")
    grant_membership(actor=None, user=user, role="specialist", agency=centre.agency)
    return user


APPLICANT = {"name": "Nguyễn Văn An", "id_number": "072090001234", "phone": "0912 345 678",
             "email": "an.nguyen@example.vn"}
