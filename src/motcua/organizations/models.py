from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold

from .roles import GLOBAL_ROLES, Role

# Decision 20/2020/QĐ-TTg identifier: LLL.LL.LL.XNN, X = G (central) or H (local).
agency_code_validator = RegexValidator(
    r"^\d{3}\.\d{2}\.\d{2}\.[GH]\d{2}$",
    _("Enter an agency code in the form LLL.LL.LL.XNN, for example 000.00.00.H26 (Decision 20/2020/QĐ-TTg)."),
    code="agency_code",
)


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Validity(models.Model):
    """A period in which a record is in force; records end, they are never deleted."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_valid_on(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity cannot be before its start.")})


def _validity_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
        name=name,
    )


class AdministrativeUnit(Validity):
    """A province, a (pre-2025) district or a commune, with the units that succeeded it."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province level")
        DISTRICT = "district", _("District level")
        COMMUNE = "commune", _("Commune level")

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("Centrally-run city")
        URBAN_DISTRICT = "urban_district", _("Urban district")
        DISTRICT = "district", _("Rural district")
        TOWN = "town", _("District-level town")
        PROVINCIAL_CITY = "provincial_city", _("Provincial city")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        TOWNSHIP = "township", _("Township")
        SPECIAL_ZONE = "special_zone", _("Special zone")

    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    successors = models.ManyToManyField(
        "self", verbose_name=_("successors"), symmetrical=False, blank=True, related_name="predecessors"
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            # Codes are reused across reorganisations: unique among current units and per end date.
            models.UniqueConstraint(fields=["code"], condition=Q(valid_to__isnull=True), name="adminunit_current_code"),
            models.UniqueConstraint(fields=["code", "valid_to"], name="adminunit_code_valid_to"),
            _validity_check("adminunit_validity_order"),
        ]
        indexes = [models.Index(fields=["level", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Agency(Validity):
    """A state agency with its official identifier code (Decision 20/2020/QĐ-TTg)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or central agency")
        PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
        DEPARTMENT = "department", _("Provincial department")
        COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
        VERTICAL_AGENCY = "vertical_agency", _("Vertical agency")

    code = models.CharField(_("agency code"), max_length=13, unique=True, validators=[agency_code_validator])
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="agencies"
    )
    successor = models.ForeignKey(
        "self", verbose_name=_("successor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Materialised ancestry ("/1/7/42/") so that "this agency and everything under it" is one indexed filter.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        constraints = [_validity_check("agency_validity_order")]

    def __str__(self) -> str:
        return self.name


class Division(Validity):
    """A division (phòng, ban) inside an agency."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="divisions")
    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(_("code"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["agency_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="division_unique_name_per_agency"),
            _validity_check("division_validity_order"),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceCentre(Validity):
    """A Public Administration Service Centre (Trung tâm Phục vụ hành chính công), provincial or commune."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial centre")
        COMMUNE = "commune", _("Commune centre")

    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(
        _("agency code"), max_length=13, unique=True, null=True, blank=True, validators=[agency_code_validator]
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("managing agency"), on_delete=models.PROTECT, related_name="service_centres"
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("service centre")
        verbose_name_plural = _("service centres")
        ordering = ["level", "name"]
        constraints = [_validity_check("centre_validity_order")]

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A counter (quầy) of a service centre."""

    service_centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("service centre"), on_delete=models.PROTECT, related_name="counters"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["service_centre_id", "number"]
        constraints = [models.UniqueConstraint(fields=["service_centre", "number"], name="counter_unique_number")]

    def __str__(self) -> str:
        return f"{self.service_centre} – {self.number}"


class Membership(Validity):
    """An officer's role in a unit (an agency, optionally narrowed to a division, or a service centre)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    division = models.ForeignKey(
        Division, verbose_name=_("division"), null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    service_centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("service centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user_id", "role"]
        constraints = [_validity_check("membership_validity_order")]

    def __str__(self) -> str:
        unit = self.division or self.agency or self.service_centre or _("whole system")
        return f"{self.user} – {self.get_role_display()} – {unit}"

    def clean(self):
        super().clean()
        errors = {}
        if self.role not in GLOBAL_ROLES and not (self.agency_id or self.service_centre_id):
            errors["agency"] = _("Choose the agency or service centre in which the officer holds this role.")
        if self.division_id and self.division.agency_id != self.agency_id:
            errors["division"] = _("The division must belong to the chosen agency.")
        for unit_field in ("agency", "service_centre", "division"):
            unit = getattr(self, unit_field)
            if unit is None:
                continue
            if unit.valid_from and (self.valid_from is None or self.valid_from < unit.valid_from):
                errors["valid_from"] = _("The membership cannot start before %(unit)s comes into force (%(day)s).") % {
                    "unit": unit, "day": unit.valid_from.strftime("%d/%m/%Y")}
            if unit.valid_to and (self.valid_to is None or self.valid_to > unit.valid_to):
                errors["valid_to"] = _("The membership cannot end after %(unit)s ceases (%(day)s).") % {
                    "unit": unit, "day": unit.valid_to.strftime("%d/%m/%Y")}
        if errors:
            raise ValidationError(errors)

    @property
    def is_global(self) -> bool:
        return self.role in GLOBAL_ROLES and self.agency_id is None and self.service_centre_id is None


class Delegation(models.Model):
    """Ủy quyền: an officer lends one of their memberships to another officer for a period."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("delegated membership"), on_delete=models.PROTECT, related_name="delegations"
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("delegate"), on_delete=models.PROTECT, related_name="delegations_received"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    reason = models.CharField(_("reason"), max_length=255)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="delegation_validity_order")
        ]

    def __str__(self) -> str:
        return f"{self.membership} → {self.delegate} ({self.valid_from}–{self.valid_to})"
