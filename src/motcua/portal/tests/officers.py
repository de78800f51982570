"""What the officers do to a portal dossier in these tests, through the dossier services."""

import hashlib

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .conftest import pdf_bytes


def officer(username: str):
    return get_user_model().objects.get(username=username)


def fresh(dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


def receive(dossier) -> Dossier:
    return services.receive(actor=officer("canbo.motcua"), dossier=fresh(dossier))


def request_supplementation(dossier):
    return services.request_supplementation(
        actor=officer("chuyenvien"), dossier=fresh(dossier), reason="Bản chụp giấy tờ tùy thân bị mờ",
        items=[{"name": "Bản chụp căn cước rõ nét", "kind": "photocopy", "note": "Chụp cả hai mặt"}])


def decide(dossier) -> Dossier:
    """Moves the dossier to its last step and issues an electronic result (a real PDF)."""
    leader = officer("lanhdao")
    dossier = fresh(dossier)
    while dossier.current_step.next_steps:
        dossier = services.move(actor=leader, dossier=dossier)
    data = pdf_bytes("Ban sao trich luc")
    dossier = services.issue_result(actor=leader, dossier=dossier, name="Bản sao Trích lục hộ tịch", number="123/TLHT",
                                    electronic=True, sha256=hashlib.sha256(data).hexdigest())
    result = dossier.result
    result.file.save(f"ket-qua-{dossier.code}.pdf", ContentFile(data), save=True)
    return fresh(dossier)


def return_result(dossier) -> Dossier:
    dossier = fresh(dossier)
    return services.return_result(actor=officer("canbo.motcua"), dossier=dossier,
                                  delivery=dossier.result_delivery)
