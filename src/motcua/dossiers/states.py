"""The standard dossier statuses (TrangThaiHoSo of the national portal) and channels (KenhThucHien),
and which action may happen in which status. Pure module (no Django)."""

from enum import IntEnum


class Status(IntEnum):
    SUBMITTED = 1  # Mới đăng ký (online, not yet accepted)
    RECEIVED = 2  # Được tiếp nhận
    REFUSED = 3  # Không được tiếp nhận
    PROCESSING = 4  # Đang xử lý
    SUPPLEMENTATION = 5  # Yêu cầu bổ sung giấy tờ
    FINANCIAL_OBLIGATION = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    DECIDED = 9  # Đã xử lý xong
    RETURNED = 10  # Đã trả kết quả


class Channel(IntEnum):
    COUNTER = 1
    ONLINE = 2
    POST = 3


FINAL = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
OPEN_FOR_WORK = frozenset({Status.RECEIVED, Status.PROCESSING})
WAITING_FOR_APPLICANT = frozenset({Status.SUPPLEMENTATION, Status.FINANCIAL_OBLIGATION})

# action -> statuses in which it is allowed
ALLOWED = {
    "receive": {Status.SUBMITTED},
    "refuse": {Status.SUBMITTED},
    "guide": {Status.SUBMITTED},
    "assign": OPEN_FOR_WORK,
    "move": OPEN_FOR_WORK,
    "return_for_rework": {Status.PROCESSING},
    "request_supplementation": OPEN_FOR_WORK,
    "receive_supplementation": {Status.SUPPLEMENTATION},
    "request_payment": OPEN_FOR_WORK,
    # Fees are paid online with the submission, at the counter on receipt, on request, or when the result is
    # handed over (return_result requires them paid, so a decided dossier must be able to take the payment).
    "record_payment": {Status.SUBMITTED, Status.FINANCIAL_OBLIGATION, Status.RECEIVED, Status.PROCESSING,
                       Status.DECIDED},
    "issue_result": OPEN_FOR_WORK,
    "return_result": {Status.DECIDED},
    "reschedule": OPEN_FOR_WORK | WAITING_FOR_APPLICANT,
    "withdraw": {Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENTATION,
                 Status.FINANCIAL_OBLIGATION},
    "stop": OPEN_FOR_WORK | WAITING_FOR_APPLICANT,
    "comment": set(Status),
    "fan_out": OPEN_FOR_WORK,
}


def allowed(action: str, status: int) -> bool:
    return Status(status) in ALLOWED[action]
