"""What a channel raises when a message could not be delivered."""


class DeliveryError(Exception):
    """The message was not delivered this time; trying again later may succeed (the task retries)."""


class PermanentDeliveryError(DeliveryError):
    """The message can never be delivered as it is (bad address, rejected content): no retry."""
