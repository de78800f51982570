from django.conf import settings
from django.utils.translation import gettext as _


def site(request):
    return {"site_name": settings.MOTCUA_SITE_NAME or _("Electronic one-stop system")}
