"""The leaders' dashboard, exports, the 766 index with its drill-down, and the public page."""

import datetime as dt

import pytest
from django.urls import reverse

from motcua.organizations.models import Agency
from motcua.reports import facts, selectors

pytestmark = pytest.mark.django_db

QUARTER = {"period": "quarter", "day": "2026-02-15"}


@pytest.fixture
def refreshed(busy_dossiers):
    facts.refresh(full=True)


def login(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))


def test_dashboard_drills_from_province_to_agency_to_procedure(client, refreshed, django_assert_max_num_queries):
    login(client, "quantri")
    with django_assert_max_num_queries(20):
        page = client.get(reverse("reports:dashboard"), QUARTER)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kỳ trước chuyển sang" in body and "Số liệu tính đến" in body
    rep = selectors.report(dt.date(2026, 1, 1), dt.date(2026, 3, 31), group="agency",
                           scope=selectors.province_scope())
    value, label, _figures = rep.rows[0]
    assert label in body
    page = client.get(reverse("reports:dashboard"), {**QUARTER, "agency": value})
    assert page.status_code == 200
    assert "Theo thủ tục" in page.content.decode()


def test_leader_of_one_department_sees_only_it(client, refreshed):
    login(client, "lanhdao")
    outside = Agency.objects.exclude(code__startswith="000.00.10").filter(kind="department").exclude(
        dossiers_decided=None).first() or Agency.objects.get(code="000.00.00.H53")
    page = client.get(reverse("reports:dashboard"), {**QUARTER, "agency": outside.pk})
    assert page.status_code in (403, 200)
    if page.status_code == 200:  # the leader's own agency
        assert outside.name in page.content.decode()


def test_exports_download(client, refreshed):
    login(client, "quantri")
    xlsx = client.get(reverse("reports:export", args=["xlsx"]), QUARTER)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert xlsx["Content-Disposition"].endswith('.xlsx"')


def test_index_page_and_the_dossiers_behind_on_time(client, refreshed, django_assert_max_num_queries):
    login(client, "quantri")
    page = client.get(reverse("reports:index766"), QUARTER)
    body = page.content.decode()
    assert page.status_code == 200
    assert "2.1 Hồ sơ giải quyết đúng hạn" in body and "5.4" in body and "ước tính" in body
    with django_assert_max_num_queries(25):
        page = client.get(reverse("reports:index_dossiers", args=["2.1"]), {**QUARTER, "only": "against"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "quá hạn" in body
    # Some late dossier waited for a supplementation: its reason says how long was removed.
    assert "sau khi trừ" in body or "yêu cầu bổ sung" in body


def test_bad_dates_are_named(client, refreshed):
    login(client, "quantri")
    page = client.get(reverse("reports:dashboard"), {"from": "2026-03-01", "to": "2026-01-01"})
    assert page.status_code == 400
    assert "Ngày kết thúc kỳ báo cáo trước ngày bắt đầu" in page.content.decode()


def test_public_page_has_charts_with_tables(client, refreshed):
    page = client.get(reverse("reports:public"), {"year": "2026"})
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count("<svg") == 3 and body.count("<table") == 3
    assert "Bộ chỉ số 766 theo nhóm (ước tính)" in body


def test_anonymous_is_sent_to_log_in(client, db):
    assert client.get(reverse("reports:dashboard")).status_code == 302
