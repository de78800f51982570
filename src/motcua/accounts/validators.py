from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password must mix letters and digits: a simple rule officers can follow."""

    def validate(self, password, user=None):
        if not any(ch.isalpha() for ch in password) or not any(ch.isdigit() for ch in password):
            raise ValidationError(
                _("The password must contain both letters and digits."), code="password_character_classes"
            )

    def get_help_text(self):
        return _("Your password must contain both letters and digits.")
