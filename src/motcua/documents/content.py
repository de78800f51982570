"""What each form says: the template context of Mẫu 01–04 and 06, built from a dossier's record
(its events, supplementation episodes, reschedule) without changing anything. Mẫu 05 is in control.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.dossiers import states
from motcua.dossiers.models import Reschedule
from motcua.organizations.models import Agency

from . import vietnamese as vi
from .rendering import qr_svg_data_uri

KIND_LABELS = {
    "original": "Bản chính",
    "certified_copy": "Bản sao có chứng thực",
    "photocopy": "Bản chụp",
}
DELIVERY_LABELS = {
    "post": "Qua dịch vụ bưu chính công ích",
    "online": "Trực tuyến (Cổng Dịch vụ công)",
}
STATUS_NOTES = {
    states.Status.REFUSED: "Từ chối tiếp nhận",
    states.Status.WITHDRAWN: "Rút hồ sơ",
    states.Status.STOPPED: "Dừng giải quyết",
    states.Status.SUPPLEMENTATION: "Đang chờ bổ sung hồ sơ",
    states.Status.FINANCIAL_OBLIGATION: "Đang chờ thực hiện nghĩa vụ tài chính",
}


class FormNotAvailable(Exception):
    """The dossier has no such form (not received, never refused, never rescheduled…): the view answers 404."""


@dataclass(frozen=True)
class Issuer:
    """The top-left block: the managing body (if any), the issuing unit, and the place for the date line."""

    parent: str
    unit: str
    place: str


def agency_issuer(agency: Agency) -> Issuer:
    # Decree 30/2020: a department prints its managing committee above its own name; a People's Committee
    # prints only its own name.
    parent = agency.parent.name if agency.parent_id and agency.kind == Agency.Kind.DEPARTMENT else ""
    return Issuer(parent=vi.upper(vi.abbreviate(parent)), unit=vi.upper(agency.name),
                  place=vi.place_name(agency.administrative_unit.name))


def receiving_issuer(dossier) -> Issuer:
    centre = dossier.receiving_centre
    if centre is None:
        return agency_issuer(dossier.receiving_agency)
    return centre_issuer(centre)


def centre_issuer(centre) -> Issuer:
    return Issuer(parent=vi.upper(vi.abbreviate(centre.agency.name)), unit=vi.upper(centre.name),
                  place=vi.place_name(centre.administrative_unit.name))


def receiving_unit_name(dossier) -> str:
    centre = dossier.receiving_centre
    if centre is not None:
        return vi.nfc(centre.name)
    return f"Bộ phận tiếp nhận và trả kết quả, {vi.nfc(dossier.receiving_agency.name)}"


# The symbol after the number of each form ("Số: 01/YCBS"). The official number from the unit's register of
# outgoing documents (văn thư) is not kept here: the number is the form's sequence within the dossier, and
# the dossier code printed under the title ties the form to its dossier.
NUMBER_SYMBOLS = {"02": "YCBS", "03": "TCHS", "04": "PXL"}


def document_number(form, sequence: int) -> str:
    return f"{vi.two_digits(sequence)}/{NUMBER_SYMBOLS.get(form.number, 'HS')}"


def id_label(id_number: str) -> str:
    return {9: "Số chứng minh nhân dân", 10: "Mã số doanh nghiệp", 13: "Mã số doanh nghiệp"}.get(
        len(id_number or ""), "Số định danh cá nhân")


def applicant(dossier) -> dict:
    data = dossier.applicant or {}
    return {
        "name": vi.nfc(dossier.applicant_name),
        "id_label": id_label(dossier.applicant_id_number),
        "id_number": dossier.applicant_id_number,
        "address": vi.nfc(data.get("address", "")),
        "phone": dossier.applicant_phone,
        "email": data.get("email", ""),
    }


def procedure_name(dossier) -> str:
    return vi.nfc(dossier.procedure_version.name)


def _event(dossier, kind: str, *, last: bool = False):
    events = dossier.events.filter(kind=kind).order_by("-seq" if last else "seq")
    return events.first()


def _moment(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def public_base_url(request_base: str | None = None) -> str:
    return (getattr(settings, "MOTCUA_PUBLIC_URL", "") or request_base or "").rstrip("/")


def tracking_url(code: str, request_base: str | None = None) -> str:
    """The public tracking page of a dossier: the contract printed in the QR code of the receipt."""
    return f"{public_base_url(request_base)}/portal/track/?{urlencode({'code': code})}"


def base_context(dossier, *, form, issuer: Issuer, dated: dt.datetime | None, number: str | None = None) -> dict:
    return {
        "form": form, "dossier": dossier, "issuer": issuer, "number": number,
        "date_line": f"{issuer.place}, {vi.date_words(dated)}" if dated else "",
        "title": vi.nfc(form.title), "code": dossier.code or "",
        "applicant": applicant(dossier), "procedure": procedure_name(dossier),
    }


# Mẫu 01 ------------------------------------------------------------------------------------------------

def receipt(dossier, form, *, request_base: str | None = None) -> dict:
    if not dossier.code or dossier.received_at is None:
        raise FormNotAvailable(_("This dossier has not been received, so it has no receipt."))
    received = _event(dossier, "received")
    # The appointment given at the counter; later changes have their own forms (Mẫu 02, Mẫu 04).
    due_at = _moment(received.payload.get("due_at")) if received else None
    due_at = due_at or dossier.due_at
    components = dossier.components.order_by("id")
    first_request = dossier.supplementations.order_by("number").values_list("requested_at", flat=True).first()
    if first_request is not None:  # what came with a supplementation is not on the receipt
        components = components.filter(added_at__lt=first_request)
    components = list(components)
    rows = []
    for index, component in enumerate(components, start=1):
        original = component.kind == "original"
        rows.append({"index": index, "name": vi.nfc(component.name),
                     "originals": vi.two_digits(component.copies) if original else "",
                     "copies": "" if original else vi.two_digits(component.copies),
                     "certified": component.kind == "certified_copy"})
    version = dossier.procedure_version
    url = tracking_url(dossier.code, request_base)
    centre = dossier.receiving_centre
    if dossier.result_delivery in DELIVERY_LABELS:
        delivery = DELIVERY_LABELS[dossier.result_delivery]
    else:
        delivery = receiving_unit_name(dossier) + (f" ({vi.nfc(centre.address)})" if centre and centre.address else "")
    return {
        **base_context(dossier, form=form, issuer=receiving_issuer(dossier), dated=dossier.received_at),
        "receiving_unit": receiving_unit_name(dossier),
        "components": rows,
        "sets": vi.two_digits(max([c.copies for c in components] or [1])),
        "processing_time": vi.duration_words(version.processing_amount, version.processing_unit,
                                             version.processing_note),
        "received_at": vi.time_words(dossier.received_at),
        "due_at": vi.time_words(due_at),
        "delivery": delivery,
        "officer": vi.nfc(received.actor_name) if received else "",
        "tracking_url": url,
        "qr": qr_svg_data_uri(url),
    }


# Mẫu 02 ------------------------------------------------------------------------------------------------

def supplementation(dossier, form, *, number: int | None = None) -> dict:
    """A supplementation episode during processing (``number``, default the latest) or, for a dossier that
    never had one, the latest guidance given before receipt (event "guided")."""
    episodes = dossier.supplementations.select_related("requested_by")
    episode = episodes.filter(number=number).first() if number is not None else episodes.order_by("-number").first()
    if episode is not None:
        items, reason, officer = episode.items, episode.reason, episode.requested_by
        at, sequence, issuer = episode.requested_at, episode.number, agency_issuer(dossier.deciding_agency)
        guidance = False
    else:
        guided = dossier.events.filter(kind="guided").select_related("actor").order_by("seq") if number is None else []
        guided = list(guided)
        if not guided:
            raise FormNotAvailable(_("This dossier has no request to supplement or complete it."))
        event = guided[-1]
        items, reason, officer = event.payload.get("items", []), event.payload.get("note", ""), event.actor
        at, sequence, issuer = event.occurred_at, len(guided), receiving_issuer(dossier)
        guidance = True
    centre = dossier.receiving_centre
    rows = [{"index": index, "name": vi.nfc(item.get("name", "")),
             "kind": KIND_LABELS.get(item.get("kind", ""), ""), "note": vi.nfc(item.get("note", ""))}
            for index, item in enumerate(items, start=1)]
    phone = (officer.phone if officer is not None else "") or (centre.phone if centre else "")
    return {
        **base_context(dossier, form=form, issuer=issuer, dated=at, number=document_number(form, sequence)),
        "items": rows, "reason": vi.nfc(reason), "guidance": guidance, "sequence": sequence,
        "officer": vi.nfc(officer.get_full_name()) if officer is not None else "",
        "contact_phone": phone,
        "receiving_unit": receiving_unit_name(dossier),
    }


# Mẫu 03 ------------------------------------------------------------------------------------------------

def refusal(dossier, form) -> dict:
    event = _event(dossier, "refused", last=True)
    if event is None:
        raise FormNotAvailable(_("This dossier was not refused."))
    return {
        **base_context(dossier, form=form, issuer=receiving_issuer(dossier), dated=event.occurred_at,
                number=document_number(form, 1)),
        "receiving_unit": receiving_unit_name(dossier),
        "reasons": [line.strip() for line in vi.nfc(event.payload.get("reasons", "")).splitlines() if line.strip()],
        "officer": vi.nfc(event.actor_name),
    }


# Mẫu 04 ------------------------------------------------------------------------------------------------

def apology(dossier, form) -> dict:
    item = Reschedule.objects.filter(dossier=dossier).select_related("created_by").first()
    if item is None:
        raise FormNotAvailable(_("This dossier was not rescheduled, so there is no apology."))
    return {
        **base_context(dossier, form=form, issuer=agency_issuer(dossier.deciding_agency), dated=item.created_at,
                number=document_number(form, 1)),
        "agency": vi.nfc(dossier.deciding_agency.name),
        "receiving_unit": receiving_unit_name(dossier),
        "received_on": vi.date_words(dossier.received_at),
        "previous_due": vi.time_words(item.previous_due_at),
        "new_due": vi.time_words(item.new_due_at),
        "reason": vi.nfc(item.reason),
        "signer": vi.nfc(item.created_by.get_full_name()) if item.created_by else "",
    }


# Mẫu 06 ------------------------------------------------------------------------------------------------

def register(dossiers, form, *, start: dt.date, end: dt.date, centre=None, agency=None) -> dict:
    if centre is not None:
        issuer, unit = centre_issuer(centre), vi.nfc(centre.name)
    else:
        issuer, unit = agency_issuer(agency), vi.nfc(agency.name)
    rows = []
    for index, dossier in enumerate(dossiers, start=1):
        person = applicant(dossier)
        notes = []
        if dossier.parent_id:
            notes.append(f"Liên thông từ hồ sơ {dossier.parent.code}")
        if dossier.supplementation_count:
            notes.append(f"Bổ sung hồ sơ {dossier.supplementation_count} lần")
        if dossier.rescheduled:
            notes.append("Đã hẹn lại ngày trả kết quả")
        if dossier.status in STATUS_NOTES:
            notes.append(STATUS_NOTES[dossier.status])
        rows.append({
            "index": index, "code": dossier.code, "procedure": procedure_name(dossier),
            # Printed on two lines: the receiving unit's code, then date and sequence.
            "code_unit": dossier.code.split("-", 1)[0], "code_rest": dossier.code.split("-", 1)[-1],
            "sets": vi.two_digits(dossier.sets or 1), "applicant": person["name"],
            "contact": ", ".join(part for part in (person["address"], person["phone"]) if part),
            "receiving_unit": receiving_unit_name(dossier), "deciding_agency": vi.nfc(dossier.deciding_agency.name),
            "received": vi.clock(dossier.received_at), "due": vi.clock(dossier.due_at),
            "transferred": vi.clock(dossier.received_at), "decided": vi.clock(dossier.decided_at),
            "returned": vi.clock(dossier.returned_at), "notes": "; ".join(notes),
        })
    return {
        "form": form, "issuer": issuer, "title": vi.nfc(form.title), "unit": unit, "rows": rows,
        "period": f"Từ ngày {vi.short_date(start)} đến ngày {vi.short_date(end)}",
        "date_line": "", "number": None,
    }
