"""axe-core (WCAG 2.1 A and AA) reports no serious or critical violation on any workspace page, each
visited as the officer who uses it, at the 1280×720 counter screen and on a tablet (768×1024), where no
page scrolls sideways. A test fails when a workspace URL is added without being visited here."""

import pytest
from django.urls import get_resolver

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Agency, ServiceCentre
from motcua.processes.models import Process

from .conftest import justice_version, officer
from .test_browser_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}


def workspace_url_names() -> set[str]:
    resolver = get_resolver()
    workspace = resolver.namespace_dict["workspace"][1]
    return {name for name in workspace.reverse_dict if isinstance(name, str)}


def make_dossier(name="Nguyễn Văn An", id_number="072090001234"):
    version, justice = justice_version()
    return services.receive(
        actor=officer("canbo.motcua"), procedure_version=version,
        receiving_centre=ServiceCentre.objects.get(code="000.00.20.H53"), deciding_agency=justice,
        applicant={"name": name, "id_number": id_number, "phone": "0912345678", "address": "Tây Ninh"},
        components=[{"name": c.name} for c in version.components.all()[:2]])


def check(page, axe, url, *, name):
    page.set_viewport_size({"width": 1280, "height": 720})
    response = page.goto(url)
    assert response.status < 400, f"{name}: HTTP {response.status}"
    page.wait_for_load_state("networkidle")
    found = axe(page)
    assert found == [], f"{name}: {found}"
    page.set_viewport_size(TABLET)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a tablet"
    assert axe(page) == [], f"{name} on a tablet"


def test_every_workspace_page_passes_axe(page, live_server, demo_data, axe, tmp_path):
    dossier = make_dossier()
    services.comment(actor=officer("chuyenvien"), dossier=dossier, text="Đã kiểm tra thành phần hồ sơ")
    overdue_free = make_dossier(name="Trần Thị Bình", id_number="072090004321")
    version, justice = justice_version()
    base = live_server.url
    visited = set()

    def visit(name, path):
        visited.add(name)
        check(page, axe, base + path, name=name)

    log_in(page, live_server, "canbo.motcua")
    visit("home", "/workspace/")
    visit("intake", "/workspace/intake/?q=" + version.procedure.localised_code)
    visit("intake_form", f"/workspace/intake/{version.pk}/")
    # The form with field errors (a decision without the applicant's name).
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_role("button", name="Tiếp nhận và in giấy tiếp nhận").click()
    page.wait_for_load_state()
    assert page.locator("#form-errors").is_visible()
    assert axe(page) == []
    visited.add("intake_applicant")  # JSON, not a page
    visit("intake_done", f"/workspace/intake/done/{dossier.reference}/")
    for tab in ("to_receive", "waiting", "results_to_return", "overdue"):
        visit("inbox", f"/workspace/inbox/?tab={tab}")
    visit("inbox", "/workspace/inbox/?tab=to_process&received_from=2030-01-02&received_to=2030-01-01")
    visit("deadline", "/workspace/deadline/")
    visit("calendar_year", "/workspace/calendar/?year=2026")

    log_in(page, live_server, "chuyenvien")
    visit("inbox", "/workspace/inbox/?tab=to_process")
    visit("dossier", f"/workspace/dossiers/{dossier.code}/")
    # Every action panel open at once: their forms are part of the page too.
    page.set_viewport_size({"width": 1280, "height": 720})
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe(page) == []
    # A stale action: the page explains what changed.
    stale = Dossier.objects.get(pk=overdue_free.pk).version
    services.comment(actor=officer("truongphong"), dossier=overdue_free, text="Xem lại giấy tờ")
    page.goto(f"{base}/workspace/dossiers/{overdue_free.code}/")
    page.evaluate(f"document.querySelector('#action-move input[name=\"move-expected_version\"]').value = '{stale}'")
    page.locator("#action-move summary").click()
    page.locator("#action-move button[type=submit]").click()
    page.locator(".conflict").wait_for()
    assert "Xem lại giấy tờ" in page.locator(".conflict").inner_text()
    assert axe(page) == []
    visited.update({"dossier_action", "dossier_comment", "component_file", "result_file", "bulk"})
    visit("agency_list", "/workspace/agencies/")
    visit("process_list", "/workspace/processes/")
    process = Process.objects.filter(agency=justice, status="active").first()
    visit("process_detail", f"/workspace/processes/{process.pk}/")

    log_in(page, live_server, "lanhdao")
    visit("unit", "/workspace/unit/")
    visit("agency_detail", f"/workspace/agencies/{justice.pk}/")
    visit("agency_edit", f"/workspace/agencies/{justice.pk}/edit/")
    log_in(page, live_server, "truongphong")
    visit("inbox", "/workspace/inbox/?tab=to_review")
    log_in(page, live_server, "giamdoc.trungtam")
    visit("unit", "/workspace/unit/")

    page.context.clear_cookies()
    log_in(page, live_server, "chuyenvien")
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    page.wait_for_load_state()
    visit("dossier", f"/workspace/dossiers/{dossier.code}/")
    assert page.get_by_role("heading", name="Where the dossier stands").is_visible()
    assert Agency.objects.exists()
    assert workspace_url_names() - visited == set()
