"""The applicant's rating of a dossier, once, after the result; also through a signed link sent in the
result notification, which works without logging in."""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import states
from ..models import Dossier, DossierRating
from .core import DossierActionError, lock, record

RATEABLE = {states.Status.DECIDED, states.Status.RETURNED}
SALT = "motcua.dossiers.rating"
LINK_MAX_AGE = 180 * 24 * 3600  # seconds; the link in the message stays valid about six months
# The optional survey used with Decree 61 (nine criteria scored 0–2): UNCONFIRMED as law, see domain.md §9.
CRITERIA = [
    ("total_time", gettext_lazy("Total time compared with the legal time limit")),
    ("time_per_agency", gettext_lazy("Time taken by each agency")),
    ("contacts", gettext_lazy("Number of times you had to come or get in touch")),
    ("agencies", gettext_lazy("Number of agencies you had to deal with")),
    ("one_stop", gettext_lazy("Handled at the one-stop desk")),
    ("published", gettext_lazy("The procedure was published")),
    ("attitude", gettext_lazy("Officers' attitude")),
    ("feedback", gettext_lazy("Response to your feedback")),
    ("online_quality", gettext_lazy("Quality of the online service")),
]
SCORES = (0, 1, 2)


def rating_token(dossier: Dossier) -> str:
    return signing.dumps({"d": str(dossier.reference)}, salt=SALT, compress=True)


def dossier_from_token(token: str) -> Dossier | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return Dossier.objects.filter(reference=data.get("d")).select_related("procedure_version").first()


def rating_path(dossier: Dossier) -> str:
    """The address of the rating page: the contract printed in notifications."""
    return f"/portal/rate/{rating_token(dossier)}/"


def rating_url(dossier: Dossier, request_base: str | None = None) -> str:
    base = (settings.MOTCUA_PUBLIC_URL or request_base or "").rstrip("/")
    return f"{base}{rating_path(dossier)}"


@transaction.atomic
def rate(*, actor, dossier: Dossier, overall: str, criteria: dict | None = None, comment: str = "",
         via_link: bool = False) -> DossierRating:
    """``actor`` is the applicant logged in, or None when the signed link was used."""
    if not via_link and (actor is None or actor.pk != dossier.applicant_user_id):
        raise DossierActionError(_("Only the applicant can rate this dossier."))
    dossier = lock(dossier, expected_version=None, action="rate")
    if dossier.status not in RATEABLE:
        raise DossierActionError(_("A dossier can be rated once its result is ready."))
    errors = {}
    if overall not in DossierRating.Overall.values:
        errors["overall"] = _("Choose satisfied, neutral or dissatisfied.")
    known = {code for code, _label in CRITERIA}
    criteria = {key: value for key, value in (criteria or {}).items() if value not in ("", None)}
    if any(key not in known or int(value) not in SCORES for key, value in criteria.items()):
        errors["criteria"] = _("Each criterion is scored 0, 1 or 2.")
    if len(comment) > 2000:
        errors["comment"] = _("The comment is limited to 2,000 characters.")
    if errors:
        raise DossierActionError(errors)
    if DossierRating.objects.filter(dossier=dossier).exists():
        raise DossierActionError(_("This dossier has already been rated. Thank you."))
    try:
        with transaction.atomic():
            rating = DossierRating.objects.create(
                dossier=dossier, overall=overall, criteria={k: int(v) for k, v in criteria.items()},
                comment=comment.strip(), rated_by=actor if actor is not None and actor.is_authenticated else None,
                via_link=via_link)
    except IntegrityError as exc:  # a double click that raced past the check above
        raise DossierActionError(_("This dossier has already been rated. Thank you.")) from exc
    record(dossier, kind="rated", actor=actor if actor is not None and actor.is_authenticated else None,
           from_status=dossier.status, payload={"overall": overall, "via_link": via_link})
    return rating
