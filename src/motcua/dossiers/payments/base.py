"""The interface every payment gateway implements. Pure module (no Django)."""

from dataclasses import dataclass, field


class GatewayError(Exception):
    pass


@dataclass(frozen=True)
class CallbackResult:
    """What a gateway's callback (IPN or browser return) says, once its signature has been checked."""

    signature_valid: bool
    order_ref: str = ""
    amount: int = 0  # VND
    success: bool = False
    transaction: str = ""
    bank_code: str = ""
    response_code: str = ""
    raw: dict = field(default_factory=dict)


class Gateway:
    name = "gateway"

    def payment_url(self, *, order_ref: str, amount: int, description: str, return_url: str, client_ip: str,
                    created_at, expires_at, locale: str = "vn") -> str:
        """Where to send the payer's browser for this order."""
        raise NotImplementedError

    def parse_callback(self, params: dict) -> CallbackResult:
        """Checks the signature of a callback's parameters and reads them."""
        raise NotImplementedError

    def acknowledge(self, code: str, message: str) -> dict:
        """The body the gateway expects in answer to an IPN."""
        return {"RspCode": code, "Message": message}
