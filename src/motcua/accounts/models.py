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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username
