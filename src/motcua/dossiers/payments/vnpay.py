"""The VNPay-style protocol (payment API version 2.1.0): the merchant redirects the payer to the gateway
with the order's parameters signed by HMAC-SHA512; the gateway calls the merchant's IPN address
server-to-server with the outcome, signed the same way, and sends the payer back to the return address.

The signature is HMAC-SHA512, keyed with the merchant's hash secret, over the parameters sorted by name,
each written ``name=value`` with the value URL-encoded (spaces as "+") and joined with "&"; empty values
and the signature fields themselves (vnp_SecureHash, vnp_SecureHashType) are left out. Amounts are in
hundredths of a dong (VND × 100). Pure module apart from reading its settings."""

import hashlib
import hmac
from urllib.parse import quote_plus, urlencode

from .base import CallbackResult, Gateway, GatewayError

VERSION = "2.1.0"
SIGNATURE_FIELDS = ("vnp_SecureHash", "vnp_SecureHashType")


def hash_data(params: dict) -> str:
    return "&".join(f"{key}={quote_plus(str(params[key]))}" for key in sorted(params)
                    if key not in SIGNATURE_FIELDS and params[key] not in ("", None))


def sign(params: dict, secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), hash_data(params).encode("utf-8"), hashlib.sha512).hexdigest()


def signature_ok(params: dict, secret: str) -> bool:
    given = str(params.get("vnp_SecureHash") or "")
    return bool(given) and hmac.compare_digest(given.lower(), sign(params, secret))


def signed_query(params: dict, secret: str) -> str:
    ordered = {key: params[key] for key in sorted(params) if params[key] not in ("", None)}
    return f"{urlencode(ordered)}&vnp_SecureHash={sign(ordered, secret)}"


def vietnam_stamp(moment) -> str:
    """yyyyMMddHHmmss in Vietnam's time (GMT+7), as the protocol writes dates."""
    import datetime as dt

    return moment.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%Y%m%d%H%M%S")


class VnpayGateway(Gateway):
    name = "vnpay"

    def __init__(self, *, url: str, tmn_code: str, secret: str):
        if not (url and tmn_code and secret):
            raise GatewayError("the payment gateway needs its address, merchant code and hash secret")
        self.url, self.tmn_code, self.secret = url, tmn_code, secret

    @classmethod
    def from_settings(cls):
        from django.conf import settings

        return cls(url=settings.MOTCUA_VNPAY_URL, tmn_code=settings.MOTCUA_VNPAY_TMN_CODE,
                   secret=settings.MOTCUA_VNPAY_HASH_SECRET)

    def order_params(self, *, order_ref: str, amount: int, description: str, return_url: str, client_ip: str,
                     created_at, expires_at, locale: str = "vn") -> dict:
        return {
            "vnp_Version": VERSION, "vnp_Command": "pay", "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(int(amount) * 100), "vnp_CurrCode": "VND", "vnp_TxnRef": order_ref,
            "vnp_OrderInfo": description, "vnp_OrderType": "other", "vnp_Locale": locale,
            "vnp_ReturnUrl": return_url, "vnp_IpAddr": client_ip or "127.0.0.1",
            "vnp_CreateDate": vietnam_stamp(created_at), "vnp_ExpireDate": vietnam_stamp(expires_at),
        }

    def payment_url(self, **order) -> str:
        return f"{self.url}?{signed_query(self.order_params(**order), self.secret)}"

    def parse_callback(self, params: dict) -> CallbackResult:
        params = {key: str(value) for key, value in params.items()}
        if not signature_ok(params, self.secret) or params.get("vnp_TmnCode") != self.tmn_code:
            return CallbackResult(signature_valid=False, order_ref=params.get("vnp_TxnRef", ""), raw=params)
        try:
            amount = int(params.get("vnp_Amount", "0")) // 100
        except ValueError:
            amount = -1
        success = params.get("vnp_ResponseCode") == "00" and params.get("vnp_TransactionStatus", "00") == "00"
        return CallbackResult(signature_valid=True, order_ref=params.get("vnp_TxnRef", ""), amount=amount,
                              success=success, transaction=params.get("vnp_TransactionNo", ""),
                              bank_code=params.get("vnp_BankCode", ""),
                              response_code=params.get("vnp_ResponseCode", ""), raw=params)
