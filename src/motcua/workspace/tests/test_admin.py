"""Administration by the system administrator in Django admin, in Vietnamese: agencies, centres and
counters, officers and roles, calendars, procedures, processes (with the diagram) and dossiers (read-only,
with their events)."""

import re

import pytest
from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.organizations.models import Agency, ServiceCentre
from motcua.processes.models import Process
from motcua.workdays.models import WorkCalendar

from .conftest import officer

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    ("organizations", "agency"), ("organizations", "servicecentre"), ("organizations", "membership"),
    ("organizations", "delegation"), ("workdays", "workcalendar"), ("workdays", "calendarday"),
    ("catalog", "procedure"), ("processes", "process"), ("dossiers", "dossier"), ("dossiers", "dossierevent"),
]


def headers(html: str) -> list[str]:
    """The column headers of the change list's table (not the navigation sidebar's)."""
    if 'id="result_list"' not in html:
        return []  # an empty list has no table
    table = html.split('id="result_list"', 1)[-1].split("</thead>", 1)[0]
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]


@pytest.fixture
def admin_client(client):
    client.force_login(officer("quantri"))
    return client


def test_admin_index_and_lists_are_in_vietnamese(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    for label in ("Tổ chức", "Quy trình nội bộ", "Hồ sơ"):
        assert label in index
    for app, model in CHANGELISTS:
        response = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
        assert response.status_code == 200, (app, model)
        columns = [h for h in headers(response.content.decode()) if h]
        english = [h for h in columns if re.fullmatch(r"[A-Za-z ]+", h) and h.lower() not in ("id", "email")]
        assert english == [], (app, model, english)


def test_process_admin_shows_the_diagram_and_agency_admin_its_divisions(admin_client, make_dossier):
    process = Process.objects.filter(status="active").first()
    page = admin_client.get(reverse("admin:processes_process_change", args=[process.pk])).content.decode()
    assert "<svg" in page and process.steps.first().name in page
    justice = Agency.objects.get(code="000.00.04.H53")
    page = admin_client.get(reverse("admin:organizations_agency_change", args=[justice.pk])).content.decode()
    assert "Phòng Hành chính tư pháp" in page
    centre = ServiceCentre.objects.get(code="000.00.20.H53")
    assert admin_client.get(reverse("admin:organizations_servicecentre_change", args=[centre.pk])).status_code == 200
    calendar = WorkCalendar.objects.first()
    assert admin_client.get(reverse("admin:workdays_workcalendar_change", args=[calendar.pk])).status_code == 200
    procedure = Procedure.objects.first()
    assert admin_client.get(reverse("admin:catalog_procedure_change", args=[procedure.pk])).status_code == 200
    dossier = make_dossier()
    page = admin_client.get(reverse("admin:dossiers_dossier_change", args=[dossier.pk])).content.decode()
    inline = page.split("dossierevent", 1)[-1]
    assert "Từ trạng thái" in inline, re.findall(r"<th[^>]*>(.*?)</th>", inline, re.S)[:12]


def test_officers_other_than_administrators_cannot_reach_the_admin(client):
    client.force_login(officer("canbo.motcua"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/login/" in response.url
