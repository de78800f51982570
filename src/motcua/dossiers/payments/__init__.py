"""Online payment of fees behind one gateway interface (``base.Gateway``). One real protocol is
implemented end to end: the VNPay-style signed redirect and IPN callback (``vnpay``); ``sandbox`` is a
local gateway speaking exactly that protocol, for development and tests. Which one runs is the setting
MOTCUA_PAYMENT_GATEWAY ("sandbox" or "vnpay")."""

from django.conf import settings

from .base import CallbackResult, Gateway, GatewayError


def get_gateway(name: str | None = None) -> Gateway:
    name = name or settings.MOTCUA_PAYMENT_GATEWAY
    if name == "vnpay":
        from .vnpay import VnpayGateway

        return VnpayGateway.from_settings()
    if name == "sandbox":
        from .sandbox import LocalSandboxGateway

        return LocalSandboxGateway.from_settings()
    raise GatewayError(f"unknown payment gateway {name!r}")


__all__ = ["CallbackResult", "Gateway", "GatewayError", "get_gateway"]
