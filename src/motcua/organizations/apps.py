from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "motcua.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        from motcua.core import generations

        from . import cache
        from .models import Agency, Delegation, Membership, ServiceCentre

        generations.on_change(cache.NAME, Membership, Delegation, Agency, ServiceCentre)
