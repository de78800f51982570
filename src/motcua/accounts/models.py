from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

personal_id_validator = RegexValidator(
    r"^\d{12}$", _("The personal identification number must have exactly 12 digits.")
)
phone_validator = RegexValidator(
    r"^\+?\d{9,15}$", _("Enter a phone number of 9 to 15 digits, optionally starting with +.")
)


class User(AbstractUser):
    """A person who logs in: an officer (through memberships) or a citizen."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    personal_id = models.CharField(
        _("personal identification number"),
        max_length=12,
        blank=True,
        validators=[personal_id_validator],
        help_text=_("12-digit number on the citizen identity card (CCCD)."),
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True, validators=[phone_validator])
    position = models.CharField(_("position"), max_length=200, blank=True)
    # Citizen portal: whether the account is a person's or an organisation's, and what was verified.
    account_kind = models.CharField(_("account kind"), max_length=12, blank=True,
                                    choices=[("citizen", _("Citizen")), ("organisation", _("Organisation"))])
    organisation_name = models.CharField(_("organisation name"), max_length=300, blank=True)
    organisation_code = models.CharField(_("enterprise or tax code"), max_length=13, blank=True)
    identity_verified_at = models.DateTimeField(_("identity verified at"), null=True, blank=True)
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username


class OidcIdentity(models.Model):
    """A login of ``user`` at an OpenID Connect provider (the national SSO / VNeID): issuer and subject."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="oidc_identities")
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=255)
    claims = models.JSONField(_("last claims"), default=dict, blank=True)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("OpenID Connect identity")
        verbose_name_plural = _("OpenID Connect identities")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class VerificationCode(models.Model):
    """A one-time code sent to a local account's e-mail address or phone to prove it is theirs."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verification_codes")
    channel = models.CharField(_("channel"), max_length=10, choices=[("email", _("E-mail")), ("phone", _("Phone"))])
    target = models.CharField(_("sent to"), max_length=254)
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}"
