"""The PDF pages: an officer whose scope covers the dossier gets it, anyone else a 404; the register
checks its parameters and answers 400 with a message naming the wrong one."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CODE = "000.00.20.H53-260309-0001"


def form_url(key, number):
    return reverse("documents:dossier_form", kwargs={"key": key, "number": number})


def register_url(**params):
    return reverse("documents:register") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.mark.pdf
@pytest.mark.parametrize("number", ["01", "02", "04", "05"])
def test_officer_in_scope_gets_the_pdf(client, journey, people, number):
    client.force_login(people.counter)
    response = client.get(form_url(CODE, number))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'inline; filename="mau-{number}-')
    assert unquote(disposition.split("filename*=utf-8''")[1]).startswith(f"Mẫu {number} - ")


@pytest.mark.pdf
def test_receipt_file_name_is_vietnamese(client, journey, people):
    client.force_login(people.specialist)  # the deciding agency's officers read it too
    response = client.get(form_url(CODE, "01"))
    name = unquote(response["Content-Disposition"].split("filename*=utf-8''")[1])
    assert name == f"Mẫu 01 - Giấy tiếp nhận hồ sơ và hẹn trả kết quả - {CODE}.pdf"


@pytest.mark.pdf
def test_refused_dossier_is_addressed_by_its_reference(client, refused, people):
    client.force_login(people.counter)
    response = client.get(form_url(refused.reference, "03"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_officer_outside_the_scope_gets_404(client, journey, people):
    client.force_login(people.outsider)  # a commune centre's counter officer
    for number in ["01", "02", "03", "04", "05"]:
        assert client.get(form_url(CODE, number)).status_code == 404


def test_missing_dossier_or_form_is_404(client, journey, refused, people):
    client.force_login(people.counter)
    assert client.get(form_url("000.00.20.H53-260309-9999", "01")).status_code == 404
    assert client.get(form_url(CODE, "03")).status_code == 404  # never refused
    assert client.get(form_url(refused.reference, "01")).status_code == 404  # never received
    assert client.get(form_url(CODE, "02") + "?number=7").status_code == 404
    response = client.get(form_url(CODE, "02") + "?number=seven")
    assert response.status_code == 400 and "number" in response.content.decode()


def test_anonymous_is_sent_to_login(client, journey):
    response = client.get(form_url(CODE, "01"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.pdf
def test_register_for_the_officers_centre(client, journey, people):
    client.force_login(people.counter)
    response = client.get(register_url(**{"from": "2026-03-01", "to": "2026-03-31", "centre": people.centre.pk}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert 'filename="mau-06-so-theo-doi-ho-so-000.00.20.H53-20260301-20260331.pdf"' in response["Content-Disposition"]
    # Without "centre", the officer's only centre.
    assert client.get(register_url(**{"from": "2026-03-01", "to": "2026-03-31"})).status_code == 200


@pytest.mark.parametrize(("params", "named"), [
    ({"from": "2026-13-01", "to": "2026-03-31"}, "from"),
    ({"from": "01/03/2026", "to": "2026-03-31"}, "from"),
    ({"to": "2026-03-31"}, "from"),
    ({"from": "2026-03-01", "to": "2026-02-30"}, "to"),
    ({"from": "2026-03-01", "to": "20260331"}, "to"),
    ({"from": "2026-03-31", "to": "2026-03-01"}, "from"),
    ({"from": "2026-03-01", "to": "2026-03-31", "centre": "abc"}, "centre"),
])
def test_register_bad_parameters_are_400(client, people, params, named):
    client.force_login(people.counter)
    response = client.get(register_url(**params))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert f"“{named}”" in response.content.decode()


def test_register_outside_the_scope_is_404(client, people):
    client.force_login(people.outsider)
    response = client.get(register_url(**{"from": "2026-03-01", "to": "2026-03-31", "centre": people.centre.pk}))
    assert response.status_code == 404


def test_register_needs_a_unit_when_the_officer_has_no_single_centre(client, people):
    client.force_login(people.specialist)  # a department officer: no centre
    response = client.get(register_url(**{"from": "2026-03-01", "to": "2026-03-31"}))
    assert response.status_code == 400 and "“centre”" in response.content.decode()
