"""Reads for the citizen portal: a person's dossiers (their own online ones, and those filed under their
verified ID number), drafts and vault, the public tracking look-up and where a procedure can be submitted."""

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from motcua.catalog.models import Offering, ProcedureVersion
from motcua.catalog.selectors import search_versions
from motcua.dossiers.models import (
    Dossier,
    DossierDraft,
    DossierEvent,
    Payment,
    Supplementation,
    VaultDocument,
)
from motcua.organizations.models import ServiceCentre
from motcua.processes.models import Process

ONLINE = ("full", "partial")


def owner_filter(user) -> Q:
    """The person's online dossiers, and, once a provider has verified their ID number, every dossier
    filed under it (at the counter too). A self-declared ID number links nothing."""
    condition = Q(applicant_user_id=user.pk)
    if user.personal_id and user.identity_verified_at:
        condition |= Q(applicant_id_number=user.personal_id)
    return condition & Q(parent__isnull=True)


def my_dossiers(user) -> QuerySet[Dossier]:
    return (Dossier.objects.filter(owner_filter(user))
            .select_related("procedure_version", "receiving_centre", "receiving_agency")
            .only("reference", "code", "status", "channel", "submitted_at", "received_at", "due_at", "fee_due",
                  "fee_paid", "created_at", "procedure_version__name", "receiving_centre__name",
                  "receiving_agency__name")
            .order_by("-created_at", "-id"))


def my_dossier(user, reference) -> Dossier | None:
    return (Dossier.objects.filter(owner_filter(user), reference=reference)
            .select_related("procedure_version", "receiving_centre", "receiving_agency", "deciding_agency",
                            "current_step", "result", "rating")
            .prefetch_related("components",
                              Prefetch("events", queryset=DossierEvent.objects.order_by("seq")),
                              Prefetch("payments", queryset=Payment.objects.order_by("-created_at")),
                              Prefetch("supplementations", queryset=Supplementation.objects.order_by("number")))
            .first())


def my_drafts(user) -> QuerySet[DossierDraft]:
    return (DossierDraft.objects.filter(owner=user, dossier__isnull=True).select_related("procedure_version")
            .order_by("-updated_at"))


def my_draft(user, reference) -> DossierDraft | None:
    return (DossierDraft.objects.filter(owner=user, reference=reference)
            .select_related("procedure_version", "receiving_centre", "deciding_agency", "dossier")
            .prefetch_related("files__vault_document", "procedure_version__components").first())


def vault_documents(user) -> QuerySet[VaultDocument]:
    return VaultDocument.objects.filter(owner=user).only(
        "name", "source", "file_name", "content_type", "size", "created_at", "owner_id").order_by("-created_at")


def my_payment(user, order_ref: str) -> Payment | None:
    return (Payment.objects.filter(order_ref=order_ref, dossier__in=Dossier.objects.filter(owner_filter(user)))
            .select_related("dossier", "dossier__procedure_version", "dossier__receiving_centre",
                            "dossier__receiving_agency").first())


def _digits(value: str) -> str:
    return "".join(ch for ch in value or "" if ch.isdigit())


def tracked(code: str, second_factor: str) -> Dossier | None:
    """The dossier of ``code`` when ``second_factor`` is the last 4 digits of the applicant's phone or
    ID number: the code alone (printed on a receipt, seen over a shoulder) does not open it."""
    factor = _digits(second_factor)
    if len(factor) != 4:
        return None
    dossier = (Dossier.objects.filter(code=code.strip().upper(), parent__isnull=True)
               .select_related("procedure_version", "receiving_centre", "receiving_agency").first())
    if dossier is None:
        return None
    candidates = {_digits(dossier.applicant_phone)[-4:], _digits(dossier.applicant_id_number)[-4:]} - {""}
    return dossier if factor in candidates else None


@dataclass(frozen=True)
class Place:
    key: str
    centre: ServiceCentre | None
    agency: object

    @property
    def label(self) -> str:
        if self.centre is None:
            return str(self.agency)
        return f"{self.centre} — {self.agency}"


def submission_places(version: ProcedureVersion) -> list[Place]:
    """Where the procedure can be submitted: each deciding agency with an active process, received by
    its own commune centre or by the provincial centre above it (when that centre offers it)."""
    processes = (Process.objects.filter(procedure_id=version.procedure_id, status=Process.Status.ACTIVE)
                 .select_related("agency").order_by("agency__path"))
    centres = list(ServiceCentre.objects.filter(
        pk__in=Offering.objects.filter(procedure_id=version.procedure_id, service_centre__isnull=False)
        .values("service_centre_id")).select_related("agency"))
    places = []
    for process in processes:
        agency = process.agency
        own = [c for c in centres if c.agency_id == agency.pk]
        above = [c for c in centres if c.level == ServiceCentre.Level.PROVINCE and c.agency_id != agency.pk
                 and agency.path.startswith(c.agency.path)]
        centre = (own or above or [None])[0]
        places.append(Place(key=f"{centre.pk if centre else 0}-{agency.pk}", centre=centre, agency=agency))
    return sorted(places, key=lambda p: (p.centre is None or p.centre.level != "province", p.label))


def online_versions(query: str, limit: int = 20) -> list[ProcedureVersion]:
    query = (query or "").strip()
    if query:
        found = search_versions(query, limit=limit * 3)
        return [v for v in found if v.online_level in ONLINE][:limit]
    return list(ProcedureVersion.objects.filter(status="published", online_level__in=ONLINE)
                .select_related("procedure").order_by("search_name")[:limit])


def online_version(code: str) -> ProcedureVersion | None:
    return (ProcedureVersion.objects.filter(procedure__localised_code=code, status="published",
                                            online_level__in=ONLINE, procedure__current_version=F("pk"))
            .select_related("procedure").prefetch_related("components", "fees").first())
