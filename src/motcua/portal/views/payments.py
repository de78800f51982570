"""Paying fees online: the order goes to the gateway (the local sandbox in development and tests), the
gateway's IPN call applies the payment, the payer comes back to the return page; receipts."""

import logging
import urllib.request
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.dossiers.models import Payment
from motcua.dossiers.payments.base import GatewayError
from motcua.dossiers.payments.sandbox import SandboxProvider
from motcua.dossiers.services import DossierActionError
from motcua.dossiers.services import payments as payment_services

from .. import selectors
from .common import citizen_required, client_ip

logger = logging.getLogger("motcua.payments")


@require_POST
@citizen_required
def pay(request, reference):
    dossier = selectors.my_dossier(request.user, reference)
    if dossier is None:
        raise Http404(_("No such dossier among yours."))
    try:
        _payment, url = payment_services.start_payment(
            actor=request.user, dossier=dossier, client_ip=client_ip(request),
            return_url=request.build_absolute_uri(reverse("portal:payment_return")))
    except DossierActionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("portal:dossier", reference=dossier.reference)
    except GatewayError:
        logger.exception("Online payment is not configured")
        messages.error(request, _("Online payment is not available at the moment. Please pay at the counter."))
        return redirect("portal:dossier", reference=dossier.reference)
    return redirect(url)


@csrf_exempt
@require_GET
def ipn(request):
    """The gateway's server-to-server call. Answers in the gateway's terms, whatever happens."""
    answer, _payment = payment_services.handle_callback(params=request.GET.dict(), kind="ipn",
                                                        remote_addr=client_ip(request))
    return JsonResponse(answer)


@require_GET
def payment_return(request):
    """Where the gateway sends the payer back. Only shows the outcome: the IPN call applies it."""
    answer, payment = payment_services.handle_callback(params=request.GET.dict(), kind="return",
                                                       remote_addr=client_ip(request))
    if answer.get("RspCode") == "97":
        return render(request, "portal/payment_return.html", {"tampered": True}, status=400)
    said_paid = request.GET.get("vnp_ResponseCode") == "00"
    return render(request, "portal/payment_return.html", {"payment": payment, "said_paid": said_paid})


@citizen_required
def receipt(request, order_ref: str):
    payment = selectors.my_payment(request.user, order_ref)
    if payment is None or payment.status != Payment.Status.PAID:
        raise Http404(_("No such paid order among yours."))
    return render(request, "portal/payment_receipt.html", {"payment": payment, "dossier": payment.dossier})


def sandbox(request):
    """The local sandbox gateway's payment page (development and tests only): it checks the signed order
    like a real gateway, and on the payer's choice calls the IPN address, then sends the payer back."""
    if not settings.MOTCUA_PAYMENT_SANDBOX:
        raise Http404("The payment sandbox is off.")
    provider = SandboxProvider.from_settings()
    params = request.GET.dict() if request.method == "GET" else {
        k: v for k, v in request.POST.items() if k.startswith("vnp_")}
    try:
        order = provider.check_request(params)
    except GatewayError as exc:
        logger.warning("Sandbox gateway refused an order: %s", exc)
        return HttpResponseBadRequest(f"Sandbox gateway: {exc}", content_type="text/plain; charset=utf-8")
    if request.method == "GET":
        return render(request, "portal/payment_sandbox.html", {"order": order, "amount": int(order["vnp_Amount"]) // 100,
                                                               "params": params.items()})
    outcome = provider.outcome(order, paid=request.POST.get("choice") == "pay")
    ipn_url = settings.MOTCUA_PAYMENT_SANDBOX_IPN_URL or request.build_absolute_uri(reverse("portal:payment_ipn"))
    try:
        with urllib.request.urlopen(f"{ipn_url}?{urlencode(outcome)}", timeout=30) as response:  # noqa: S310
            logger.info("Sandbox gateway IPN answered %s", response.read()[:200])
    except OSError as exc:  # a real gateway retries later; the return page then shows "being confirmed"
        logger.error("Sandbox gateway could not reach the IPN address: %s", exc)
    return redirect(f"{order['vnp_ReturnUrl']}?{urlencode(outcome)}")
