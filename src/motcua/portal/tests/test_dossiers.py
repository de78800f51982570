"""After submission: public tracking with a second factor, the owner's full history, online
supplementation (the clock resumes), results, delivery, ratings once per dossier (also by the link in
the notification), dossiers linked to a verified ID number, and the list's constant query count."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from motcua.documents.content import tracking_url
from motcua.dossiers import states
from motcua.dossiers.models import Dossier, DossierRating, VaultDocument
from motcua.dossiers.services.rating import rating_path

from . import officers
from .conftest import make_citizen, pdf_bytes, upload
from .test_payments import received_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_tracking_needs_the_code_and_a_second_factor(client, citizen, version):
    dossier = received_dossier(citizen, version)
    url = tracking_url(dossier.code, "http://testserver")
    assert url == f"http://testserver/portal/track/?code={dossier.code}"
    page = client.get(url)  # what the receipt's QR code opens
    assert page.status_code == 200 and f'value="{dossier.code}"' in page.content.decode()
    assert page.context["dossier"] is None
    wrong = client.post(reverse("portal:track"), {"code": dossier.code, "factor": "0000"})
    assert wrong.status_code == 400 and wrong.context["dossier"] is None
    by_phone = client.post(reverse("portal:track"), {"code": dossier.code.lower(), "factor": "5678"})
    assert by_phone.status_code == 200 and by_phone.context["dossier"] == dossier
    text = by_phone.content.decode()
    assert "Được tiếp nhận" in text or "Tiếp nhận" in text or dossier.get_status_display() in text
    by_id = client.post(reverse("portal:track"), {"code": dossier.code, "factor": "1234"})
    assert by_id.context["dossier"] == dossier
    bad_format = client.post(reverse("portal:track"), {"code": dossier.code, "factor": "12"})
    assert "factor" in bad_format.context["form"].errors


def test_tracking_guesses_are_limited(client, citizen, version):
    dossier = received_dossier(citizen, version)
    for factor in range(10):
        client.post(reverse("portal:track"), {"code": dossier.code, "factor": f"{factor:04d}"})
    blocked = client.post(reverse("portal:track"), {"code": dossier.code, "factor": "5678"})
    assert blocked.context["dossier"] is None
    assert "thử quá nhiều lần" in str(blocked.context["form"].non_field_errors())


def test_owner_opening_the_tracking_link_sees_the_full_history(citizen_client, citizen, version):
    dossier = received_dossier(citizen, version)
    response = citizen_client.get(reverse("portal:track") + f"?code={dossier.code}")
    assert response.status_code == 302 and response["Location"] == reverse("portal:dossier", args=[dossier.reference])
    page = citizen_client.get(response["Location"])
    from motcua.portal.views.dossiers import EVENT_LABELS

    assert [row["label"] for row in page.context["history"]][:2] == [EVENT_LABELS["submitted"],
                                                                    EVENT_LABELS["received"]]
    receipt = citizen_client.get(reverse("portal:receipt_pdf", args=[dossier.reference]))
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF-")


def test_online_supplementation_resumes_the_clock(citizen_client, citizen, version):
    dossier = received_dossier(citizen, version)
    due_before = dossier.due_at
    officers.request_supplementation(dossier)
    page = citizen_client.get(reverse("portal:supplement", args=[dossier.reference]))
    text = page.content.decode()
    assert "Bản chụp căn cước rõ nét" in text and "Bản chụp giấy tờ tùy thân bị mờ" in text and "Chụp cả hai mặt" in text
    form_02 = citizen_client.get(reverse("portal:supplementation_pdf", args=[dossier.reference]))
    assert form_02.status_code == 200 and form_02.content.startswith(b"%PDF-")
    empty = citizen_client.post(reverse("portal:supplement", args=[dossier.reference]), {"version": page.context["dossier"].version})
    assert empty.status_code == 400 and empty.context["loose_errors"]
    response = citizen_client.post(reverse("portal:supplement", args=[dossier.reference]),
                                   {"version": page.context["dossier"].version,
                                    "item_0": upload("căn cước rõ.pdf", pdf_bytes("ro"))})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == states.Status.RECEIVED
    episode = dossier.supplementations.get()
    assert episode.received_at is not None and dossier.due_at >= due_before
    added = dossier.components.get(name="Bản chụp căn cước rõ nét")
    assert added.file and added.file.read().startswith(b"%PDF-") and added.file_name == "căn cước rõ.pdf"
    assert dossier.events.filter(kind="supplementation_received", actor=citizen).exists()


def test_stale_supplement_form_is_refused(citizen_client, citizen, version):
    dossier = received_dossier(citizen, version)
    officers.request_supplementation(dossier)
    response = citizen_client.post(reverse("portal:supplement", args=[dossier.reference]),
                                   {"version": 1, "item_0": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 400 and "thay đổi" in " ".join(response.context["loose_errors"])
    assert Dossier.objects.get(pk=dossier.pk).status == states.Status.SUPPLEMENTATION


def test_result_delivery_and_rating_once(citizen_client, citizen, version):
    dossier = received_dossier(citizen, version)
    bad = citizen_client.post(reverse("portal:delivery", args=[dossier.reference]), {"delivery": "post", "address": "x"})
    assert bad.status_code == 302 and Dossier.objects.get(pk=dossier.pk).result_delivery == "counter"
    citizen_client.post(reverse("portal:delivery", args=[dossier.reference]),
                        {"delivery": "post", "address": "Số 12 Trần Hưng Đạo, phường Tân Ninh, Tây Ninh"})
    assert Dossier.objects.get(pk=dossier.pk).result_delivery == "post"
    shown = citizen_client.get(reverse("portal:dossier", args=[dossier.reference])).context["delivery_form"]
    assert shown.initial["address"] == "Số 12 Trần Hưng Đạo, phường Tân Ninh, Tây Ninh"
    early = citizen_client.post(reverse("portal:rate", args=[dossier.reference]), {"overall": "satisfied"})
    assert early.status_code == 302 and not DossierRating.objects.exists()
    dossier.fee_paid = dossier.fee_due
    Dossier.objects.filter(pk=dossier.pk).update(fee_paid=dossier.fee_due)
    dossier = officers.decide(dossier)
    download = citizen_client.get(reverse("portal:result_file", args=[dossier.reference]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    citizen_client.post(reverse("portal:keep_result", args=[dossier.reference]))
    kept = VaultDocument.objects.get(owner=citizen)
    assert kept.source == "result" and kept.source_dossier == dossier
    rated = citizen_client.post(reverse("portal:rate", args=[dossier.reference]),
                                {"overall": "satisfied", "criterion_attitude": "2", "comment": "Nhanh gọn"})
    assert rated.status_code == 302
    again = citizen_client.post(reverse("portal:rate", args=[dossier.reference]), {"overall": "dissatisfied"})
    assert again.status_code == 302
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.overall, rating.criteria, rating.comment) == ("satisfied", {"attitude": 2}, "Nhanh gọn")
    assert officers.return_result(dossier).status == states.Status.RETURNED


def test_rating_through_the_link_in_the_notification(client, citizen, version):
    dossier = received_dossier(citizen, version)
    Dossier.objects.filter(pk=dossier.pk).update(fee_paid=8000)
    dossier = officers.return_result(officers.decide(dossier))
    path = rating_path(dossier)
    page = client.get(path)  # no login
    assert page.status_code == 200 and page.context["form"] is not None
    assert client.post(path, {"overall": "neutral"}).status_code == 302
    assert DossierRating.objects.get(dossier=dossier).via_link
    assert client.get(path).context["already"] is True
    assert client.post(path, {"overall": "satisfied"}).status_code == 302
    assert DossierRating.objects.get(dossier=dossier).overall == "neutral"
    assert client.get("/portal/rate/forged-token/").status_code == 404


def test_dossiers_filed_under_a_verified_id_number_appear(client, citizen, version):
    from motcua.dossiers import services
    from motcua.organizations.models import ServiceCentre

    counter = services.receive(
        actor=officers.officer("canbo.motcua"), procedure_version=version,
        receiving_centre=ServiceCentre.objects.get(code="000.00.20.H53"), deciding_agency=officers.officer(
            "lanhdao").memberships.first().agency, applicant={"name": "Lê Văn Cường", "id_number": "079188000111"})
    unverified = make_citizen("claims@example.vn", "079188000111")
    client.force_login(unverified)
    assert counter not in client.get(reverse("portal:dossiers")).context["dossiers"]
    assert client.get(reverse("portal:dossier", args=[counter.reference])).status_code == 404
    verified = make_citizen("vneid@example.vn", "079188000111", verified_identity=True)
    client.force_login(verified)
    assert counter in client.get(reverse("portal:dossiers")).context["dossiers"]
    assert client.get(reverse("portal:dossier", args=[counter.reference])).status_code == 200


def test_my_dossiers_runs_a_constant_number_of_queries(client, citizen, version, django_assert_num_queries):
    client.force_login(citizen)
    received_dossier(citizen, version)
    client.get(reverse("portal:dossiers"))
    with django_assert_num_queries(4):  # session, user, drafts, dossiers
        client.get(reverse("portal:dossiers"))
    for _ in range(3):
        received_dossier(citizen, version)
    with django_assert_num_queries(4):
        client.get(reverse("portal:dossiers"))


def test_the_result_notification_links_to_the_rating_page(client, citizen, version, settings):
    from urllib.parse import urlsplit

    from motcua.notifications.models import Notification

    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.tayninh.example"
    dossier = received_dossier(citizen, version)
    Dossier.objects.filter(pk=dossier.pk).update(fee_paid=8000)
    dossier = officers.return_result(officers.decide(dossier))
    messages = Notification.objects.filter(kind="result_returned", audience="applicant")
    assert {m.channel for m in messages} == {"sms", "email"}
    link = next(word for word in messages.get(channel="sms").text.split() if word.startswith("https://"))
    assert link.startswith("https://dichvucong.tayninh.example/portal/rate/")
    page = client.get(urlsplit(link).path)  # opened from the phone, not logged in
    assert page.status_code == 200 and page.context["form"] is not None
    assert client.post(urlsplit(link).path, {"overall": "satisfied"}).status_code == 302
    assert DossierRating.objects.get(dossier=dossier).via_link
