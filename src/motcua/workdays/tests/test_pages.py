import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(get_user_model().objects.get(username="canbo.motcua"))
    return client


def test_deadline_page_computes_the_same_due_instant_as_the_cli(officer_client):
    response = officer_client.post(reverse("workspace:deadline"), {
        "mode": "due", "due-calendar": "VN", "due-received_at": "2025-01-24T09:00", "due-duration": "5wd"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2025-02-07T09:00:00+07:00" in page
    assert "Nghỉ Tết Nguyên đán" in page


def test_deadline_page_returns_only_the_result_to_htmx(officer_client):
    response = officer_client.post(reverse("workspace:deadline"), {
        "mode": "due", "due-calendar": "VN", "due-received_at": "2025-01-24T09:00", "due-duration": "5wd"},
        HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "2025-02-07T09:00:00+07:00" in response.content.decode()


def test_deadline_page_names_the_bad_field_in_vietnamese(officer_client):
    response = officer_client.post(reverse("workspace:deadline"), {
        "mode": "due", "due-calendar": "VN", "due-received_at": "hôm qua", "due-duration": "5 tuần"})
    errors = response.context["due_form"].errors
    assert set(errors) == {"received_at", "duration"}
    assert "Thời hạn không hợp lệ" in errors["duration"][0]


def test_deadline_page_reports_an_instant_outside_the_calendar(officer_client):
    response = officer_client.post(reverse("workspace:deadline"), {
        "mode": "due", "due-calendar": "VN", "due-received_at": "2031-06-02T09:00", "due-duration": "5wd"})
    assert "received_at" in response.context["due_form"].errors


def test_check_form_classifies(officer_client):
    response = officer_client.post(reverse("workspace:deadline"), {
        "mode": "check", "check-calendar": "VN", "check-due_at": "2025-02-07T09:00",
        "check-end_at": "2025-02-07T08:00", "check-supplementations": "0"})
    assert response.context["result"]["check"].status == "on_time"
    assert "Đúng hạn" in response.content.decode()


def test_calendar_year_view_shows_days_off_and_make_up_days(officer_client, django_assert_max_num_queries):
    url = reverse("workspace:calendar_year") + "?calendar=VN&year=2025"
    officer_client.get(url)
    with django_assert_max_num_queries(8):
        response = officer_client.get(url)
    page = response.content.decode()
    assert 'class="day-off" title="Nghỉ Tết Nguyên đán"' in page
    assert 'class="day-extra"' in page  # Saturday 26/4/2025 worked
    assert "02/05/2025" in page


def test_calendar_year_view_explains_a_bad_year(officer_client):
    response = officer_client.get(reverse("workspace:calendar_year") + "?calendar=VN&year=abc")
    assert response.status_code == 200 and "year" in response.context["error"]


def test_citizens_cannot_open_officer_pages(client):
    client.force_login(get_user_model().objects.get(username="congdan"))
    assert client.get(reverse("workspace:deadline")).status_code == 403
