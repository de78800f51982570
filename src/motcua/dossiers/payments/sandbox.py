"""The local sandbox payment gateway: the gateway's side of the VNPay-style protocol, run by this system
itself for development and tests (never in production). The merchant side talks to it exactly as to a
real gateway: a signed redirect to its payment page, then a signed IPN call and a signed return.

``SandboxProvider`` is what the gateway does: it checks the merchant's signed request, and for the
payer's choice (pay or cancel) produces the signed outcome parameters that go to the IPN and return
addresses."""

import itertools
import secrets

from django.utils import timezone

from . import vnpay
from .base import GatewayError

RESPONSE_PAID = "00"
RESPONSE_CANCELLED = "24"  # the payer cancelled (the protocol's code)
REQUIRED = ("vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_Amount", "vnp_TxnRef", "vnp_ReturnUrl",
            "vnp_CreateDate", "vnp_OrderInfo")
_numbers = itertools.count(1)


class LocalSandboxGateway(vnpay.VnpayGateway):
    name = "sandbox"

    @classmethod
    def from_settings(cls):
        from django.conf import settings
        from django.urls import reverse

        base = settings.MOTCUA_PAYMENT_SANDBOX_URL or reverse("portal:payment_sandbox")
        return cls(url=base, tmn_code=settings.MOTCUA_PAYMENT_SANDBOX_TMN_CODE,
                   secret=settings.MOTCUA_PAYMENT_SANDBOX_SECRET)


class SandboxProvider:
    def __init__(self, *, tmn_code: str, secret: str):
        self.tmn_code, self.secret = tmn_code, secret

    @classmethod
    def from_settings(cls):
        from django.conf import settings

        return cls(tmn_code=settings.MOTCUA_PAYMENT_SANDBOX_TMN_CODE, secret=settings.MOTCUA_PAYMENT_SANDBOX_SECRET)

    def check_request(self, params: dict) -> dict:
        """The merchant's order, once its signature and fields are checked (GatewayError otherwise)."""
        params = {key: str(value) for key, value in params.items()}
        missing = [key for key in REQUIRED if not params.get(key)]
        if missing:
            raise GatewayError(f"missing parameters: {', '.join(missing)}")
        if params["vnp_TmnCode"] != self.tmn_code:
            raise GatewayError("unknown merchant code")
        if not vnpay.signature_ok(params, self.secret):
            raise GatewayError("invalid signature")
        if not params["vnp_Amount"].isdigit() or int(params["vnp_Amount"]) <= 0:
            raise GatewayError("invalid amount")
        return params

    def outcome(self, request: dict, *, paid: bool, bank_code: str = "NCB") -> dict:
        """The signed parameters the gateway sends to the IPN address and with the payer to the return one."""
        number = f"{timezone.now():%y%m%d}{next(_numbers):04d}{secrets.randbelow(1000):03d}"
        code = RESPONSE_PAID if paid else RESPONSE_CANCELLED
        params = {
            "vnp_TmnCode": self.tmn_code, "vnp_Amount": request["vnp_Amount"], "vnp_BankCode": bank_code,
            "vnp_BankTranNo": f"SB{number}" if paid else "", "vnp_CardType": "ATM" if paid else "",
            "vnp_PayDate": vnpay.vietnam_stamp(timezone.now()), "vnp_OrderInfo": request["vnp_OrderInfo"],
            "vnp_TransactionNo": number if paid else "0", "vnp_ResponseCode": code,
            "vnp_TransactionStatus": code if paid else "02", "vnp_TxnRef": request["vnp_TxnRef"],
        }
        params = {key: value for key, value in params.items() if value != ""}
        params["vnp_SecureHashType"] = "HmacSHA512"
        params["vnp_SecureHash"] = vnpay.sign(params, self.secret)
        return params
