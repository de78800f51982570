"""Online payment of a dossier's fees: an order sent to the gateway, then the gateway's callbacks. A
callback is believed only when its signature is right; a repeated callback changes nothing; the amount
and the order reference must match the order (reconciliation); every callback is kept, refused ones too."""

import datetime as dt
import logging
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import states
from ..models import Dossier, Payment, PaymentCallback
from ..payments import get_gateway
from .core import DossierActionError, lock
from .lifecycle import record_payment

logger = logging.getLogger("motcua.payments")

PAYABLE = {states.Status.RECEIVED, states.Status.PROCESSING, states.Status.FINANCIAL_OBLIGATION}
ORDER_VALID_FOR = dt.timedelta(minutes=15)  # the gateway's payment page expires (not a legal deadline)


def amount_due(dossier: Dossier) -> int:
    return max(0, dossier.fee_due - dossier.fee_paid)


def _require_applicant(actor, dossier: Dossier) -> None:
    if actor is None or dossier.applicant_user_id != actor.pk:
        raise DossierActionError(_("Only the applicant can pay for this dossier online."))


@transaction.atomic
def start_payment(*, actor, dossier: Dossier, return_url: str, client_ip: str = "") -> tuple[Payment, str]:
    """An order for what is still due and the gateway address to send the payer to. A second click
    while an order is still open reuses it."""
    _require_applicant(actor, dossier)
    dossier = lock(dossier, expected_version=None, action="start_payment")
    if dossier.status not in PAYABLE:
        raise DossierActionError(_("Fees can be paid once the dossier has been received."))
    amount = amount_due(dossier)
    if amount <= 0:
        raise DossierActionError(_("Nothing is due on this dossier."))
    gateway = get_gateway()
    now = timezone.now()
    payment = (dossier.payments.filter(status=Payment.Status.PENDING, amount=amount, gateway=gateway.name,
                                       created_at__gte=now - ORDER_VALID_FOR).order_by("-created_at").first())
    if payment is None:
        payment = Payment.objects.create(dossier=dossier, amount=amount, gateway=gateway.name, payer=actor,
                                         order_ref=f"{dossier.pk}{now:%y%m%d%H%M%S}{secrets.token_hex(3).upper()}")
    url = gateway.payment_url(order_ref=payment.order_ref, amount=amount,
                              description=_("Fees of dossier %(code)s") % {"code": dossier.code},
                              return_url=return_url, client_ip=client_ip, created_at=payment.created_at,
                              expires_at=payment.created_at + ORDER_VALID_FOR)
    return payment, url


def handle_callback(*, params: dict, kind: str = "ipn", remote_addr: str | None = None,
                    gateway_name: str | None = None) -> tuple[dict, Payment | None]:
    """Applies a gateway callback (kind "ipn"; a browser "return" is only read, never applied) and answers
    it in the gateway's terms. Returns (acknowledgement, payment)."""
    gateway = get_gateway(gateway_name)
    result = gateway.parse_callback(params)
    payment, outcome, answer = None, "", None
    if not result.signature_valid:
        outcome, answer = "bad_signature", gateway.acknowledge("97", "Invalid signature")
        logger.warning("Payment callback refused: bad signature (%s, order %r, from %s)", kind,
                       result.order_ref, remote_addr)
    else:
        with transaction.atomic():
            payment = Payment.objects.select_for_update().filter(order_ref=result.order_ref).first()
            if payment is None:
                outcome, answer = "unknown_order", gateway.acknowledge("01", "Order not found")
            elif result.amount != payment.amount:
                outcome, answer = "amount_mismatch", gateway.acknowledge("04", "Invalid amount")
                logger.warning("Payment callback refused: amount %s for order %s of %s", result.amount,
                               payment.order_ref, payment.amount)
            elif payment.status != Payment.Status.PENDING:
                outcome, answer = "already_confirmed", gateway.acknowledge("02", "Order already confirmed")
            elif kind != "ipn":
                outcome, answer = "return_read", gateway.acknowledge("00", "Read")
            else:
                outcome = _apply(payment, result)
                answer = gateway.acknowledge("00", "Confirm Success")
    PaymentCallback.objects.create(payment=payment, gateway=gateway.name, kind=kind, params=dict(params),
                                   signature_valid=result.signature_valid, outcome=outcome, remote_addr=remote_addr)
    return answer, payment


def _apply(payment: Payment, result) -> str:
    payment.response_code, payment.bank_code = result.response_code, result.bank_code
    payment.gateway_transaction = result.transaction
    if not result.success:
        payment.status = Payment.Status.FAILED
        payment.save(update_fields=["status", "response_code", "bank_code", "gateway_transaction"])
        return "failed"
    payment.status, payment.paid_at = Payment.Status.PAID, timezone.now()
    payment.save(update_fields=["status", "paid_at", "response_code", "bank_code", "gateway_transaction"])
    try:
        with transaction.atomic():
            record_payment(actor=None, dossier=payment.dossier, amount=payment.amount,
                           method=f"online:{payment.gateway}", reference=payment.order_ref)
    except DossierActionError:
        # The money was taken: confirm to the gateway, and leave the dossier to an officer to reconcile.
        logger.error("Payment %s received but not applied to dossier %s in its current status",
                     payment.order_ref, payment.dossier_id)
        return "paid_not_applied"
    return "paid"
