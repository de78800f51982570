"""Fees paid online through the local sandbox gateway, which speaks the VNPay-style protocol: the signed
redirect, the IPN call and the return; repeated, tampered, mismatched and unknown callbacks."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Payment, PaymentCallback
from motcua.dossiers.payments import vnpay
from motcua.dossiers.payments.sandbox import SandboxProvider
from motcua.dossiers.services import payments as payment_services
from motcua.dossiers.services.drafts import start_draft, submit_draft

from . import officers
from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db
SECRET = "local-sandbox-secret-not-for-production"


def received_dossier(citizen, version) -> Dossier:
    from motcua.dossiers.models import DraftFile
    from motcua.portal.selectors import submission_places

    place = next(p for p in submission_places(version) if p.centre and p.centre.code == "000.00.20.H53")
    draft = start_draft(actor=citizen, procedure_version=version, receiving_centre=place.centre,
                        deciding_agency=place.agency,
                        applicant={"name": "Trần Thị Bình", "id_number": "072090001234", "phone": "0912345678",
                                   "address": "Tây Ninh"})
    draft.fields = {"purpose": "Xin việc", "copies": "1"}
    draft.save()
    from django.core.files.base import ContentFile
    for component in version.components.filter(required=True):
        item = DraftFile(draft=draft, catalog_component=component, file_name="a.pdf", content_type="application/pdf",
                         size=10, sha256=str(component.pk) * 8)
        item.file.save("a.pdf", ContentFile(pdf_bytes()), save=False)
        item.save()
    return officers.receive(submit_draft(actor=citizen, draft=draft))


def gateway_outcome(redirect_url: str, *, paid=True) -> dict:
    """What the sandbox gateway sends back for the order in ``redirect_url``."""
    order = dict(parse_qsl(urlsplit(redirect_url).query))
    provider = SandboxProvider.from_settings()
    return provider.outcome(provider.check_request(order), paid=paid)


def test_signature_is_hmac_sha512_over_sorted_url_encoded_parameters():
    params = {"vnp_TxnRef": "A 1", "vnp_Amount": "800000", "vnp_Empty": "", "vnp_SecureHashType": "HmacSHA512"}
    assert vnpay.hash_data(params) == "vnp_Amount=800000&vnp_TxnRef=A+1"
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"vnp_Amount=800000&vnp_TxnRef=A+1", hashlib.sha512).hexdigest()
    assert vnpay.sign(params, "k") == expected
    assert vnpay.signature_ok({**params, "vnp_SecureHash": expected.upper()}, "k")
    assert not vnpay.signature_ok({**params, "vnp_Amount": "900000", "vnp_SecureHash": expected}, "k")


def test_pay_through_the_sandbox_end_to_end(citizen_client, citizen, version):
    dossier = received_dossier(citizen, version)
    assert dossier.fee_due == 8000 and dossier.fee_paid == 0
    response = citizen_client.post(reverse("portal:pay", args=[dossier.reference]))
    assert response.status_code == 302
    redirect_url = response["Location"]
    assert redirect_url.startswith(reverse("portal:payment_sandbox") + "?")
    order = dict(parse_qsl(urlsplit(redirect_url).query))
    assert order["vnp_Amount"] == "800000" and vnpay.signature_ok(order, SECRET)
    # A double click on "Pay now" reuses the open order.
    again = citizen_client.post(reverse("portal:pay", args=[dossier.reference]))
    assert dict(parse_qsl(urlsplit(again["Location"]).query))["vnp_TxnRef"] == order["vnp_TxnRef"]
    assert Payment.objects.filter(dossier=dossier).count() == 1
    page = citizen_client.get(redirect_url)
    assert page.status_code == 200 and "8.000 đồng" in page.content.decode()
    outcome = gateway_outcome(redirect_url)
    ipn = citizen_client.get(reverse("portal:payment_ipn"), outcome)
    assert ipn.json() == {"RspCode": "00", "Message": "Confirm Success"}
    dossier.refresh_from_db()
    assert dossier.fee_paid == 8000
    payment = Payment.objects.get(dossier=dossier)
    assert payment.status == Payment.Status.PAID and payment.gateway_transaction == outcome["vnp_TransactionNo"]
    event = dossier.events.get(kind="payment_recorded")
    assert event.payload == {"amount": 8000, "method": "online:sandbox", "reference": payment.order_ref}
    # The gateway repeats its IPN (it does until it gets an answer): nothing changes.
    assert citizen_client.get(reverse("portal:payment_ipn"), outcome).json()["RspCode"] == "02"
    dossier.refresh_from_db()
    assert dossier.fee_paid == 8000 and dossier.events.filter(kind="payment_recorded").count() == 1
    back = citizen_client.get(reverse("portal:payment_return"), outcome)
    assert back.status_code == 200 and "8.000 đồng" in back.content.decode()
    receipt = citizen_client.get(reverse("portal:payment_receipt", args=[payment.order_ref])).content.decode()
    assert dossier.code in receipt and outcome["vnp_TransactionNo"] in receipt and "8.000 đồng" in receipt
    assert not payment_services.amount_due(dossier)


def test_sandbox_page_submits_and_calls_the_ipn(citizen_client, citizen, version, monkeypatch):
    """The sandbox's own POST sends the IPN over HTTP; here the HTTP call is routed to the test client."""
    import io

    dossier = received_dossier(citizen, version)
    redirect_url = citizen_client.post(reverse("portal:pay", args=[dossier.reference]))["Location"]
    order = dict(parse_qsl(urlsplit(redirect_url).query))
    calls = []

    def urlopen(url, timeout):
        calls.append(url)
        body = citizen_client.get(urlsplit(url).path + "?" + urlsplit(url).query).content
        return io.BytesIO(body)

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr("urllib.request.urlopen", lambda url, timeout: Response(urlopen(url, timeout).read()))
    response = citizen_client.post(reverse("portal:payment_sandbox"), {**order, "choice": "pay"})
    assert response.status_code == 302 and response["Location"].startswith("http://testserver/portal/payments/return/")
    assert len(calls) == 1 and "/portal/payments/ipn/?" in calls[0]
    dossier.refresh_from_db()
    assert dossier.fee_paid == 8000


def test_tampered_callback_is_refused_and_logged(citizen_client, citizen, version, caplog):
    dossier = received_dossier(citizen, version)
    outcome = gateway_outcome(citizen_client.post(reverse("portal:pay", args=[dossier.reference]))["Location"])
    tampered = {**outcome, "vnp_Amount": "100"}  # someone edits the amount and replays the call
    with caplog.at_level("WARNING", logger="motcua.payments"):
        answer = citizen_client.get(reverse("portal:payment_ipn"), tampered).json()
    assert answer == {"RspCode": "97", "Message": "Invalid signature"}
    assert "bad signature" in caplog.text
    logged = PaymentCallback.objects.get(outcome="bad_signature")
    assert logged.params["vnp_Amount"] == "100" and not logged.signature_valid
    assert citizen_client.get(reverse("portal:payment_return"), tampered).status_code == 400
    dossier.refresh_from_db()
    assert dossier.fee_paid == 0 and Payment.objects.get(dossier=dossier).status == Payment.Status.PENDING


def test_amount_and_order_are_reconciled(citizen_client, citizen, version):
    dossier = received_dossier(citizen, version)
    outcome = gateway_outcome(citizen_client.post(reverse("portal:pay", args=[dossier.reference]))["Location"])
    provider = SandboxProvider.from_settings()
    # Correctly signed, but for another amount or an order we never made.
    wrong_amount = {k: v for k, v in outcome.items() if k != "vnp_SecureHash"} | {"vnp_Amount": "500000"}
    wrong_amount["vnp_SecureHash"] = vnpay.sign(wrong_amount, provider.secret)
    unknown = {k: v for k, v in outcome.items() if k != "vnp_SecureHash"} | {"vnp_TxnRef": "NOPE"}
    unknown["vnp_SecureHash"] = vnpay.sign(unknown, provider.secret)
    assert citizen_client.get(reverse("portal:payment_ipn"), wrong_amount).json()["RspCode"] == "04"
    assert citizen_client.get(reverse("portal:payment_ipn"), unknown).json()["RspCode"] == "01"
    dossier.refresh_from_db()
    assert dossier.fee_paid == 0
    assert set(PaymentCallback.objects.values_list("outcome", flat=True)) == {"amount_mismatch", "unknown_order"}


def test_cancelled_payment_changes_nothing(citizen_client, citizen, version):
    dossier = received_dossier(citizen, version)
    outcome = gateway_outcome(citizen_client.post(reverse("portal:pay", args=[dossier.reference]))["Location"],
                              paid=False)
    assert citizen_client.get(reverse("portal:payment_ipn"), outcome).json()["RspCode"] == "00"
    assert Payment.objects.get(dossier=dossier).status == Payment.Status.FAILED
    dossier.refresh_from_db()
    assert dossier.fee_paid == 0
    back = citizen_client.get(reverse("portal:payment_return"), outcome)
    assert back.status_code == 200 and back.context["said_paid"] is False


def test_payment_requested_by_an_officer_resumes_processing(citizen_client, citizen, version):
    dossier = received_dossier(citizen, version)
    services.request_payment(actor=officers.officer("chuyenvien"), dossier=officers.fresh(dossier), amount=2000,
                             reason="Phí bổ sung")
    outcome = gateway_outcome(citizen_client.post(reverse("portal:pay", args=[dossier.reference]))["Location"])
    assert outcome["vnp_Amount"] == "1000000"  # 8,000 + 2,000 VND
    citizen_client.get(reverse("portal:payment_ipn"), outcome)
    dossier.refresh_from_db()
    assert dossier.fee_paid == 10000 and dossier.status == 2  # back to "received"


def test_only_the_applicant_can_pay(client, citizen, version):
    from .conftest import make_citizen

    dossier = received_dossier(citizen, version)
    client.force_login(make_citizen("other@example.vn", "072090009999"))
    assert client.post(reverse("portal:pay", args=[dossier.reference])).status_code == 404


def test_an_unconfigured_gateway_says_so(citizen_client, citizen, version, settings):
    dossier = received_dossier(citizen, version)
    settings.MOTCUA_PAYMENT_GATEWAY = "vnpay"  # no address, merchant code or secret configured
    response = citizen_client.post(reverse("portal:pay", args=[dossier.reference]), follow=True)
    assert "thanh toán tại bộ phận một cửa" in response.content.decode()
    assert not Payment.objects.exists()
