from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("accounts/", include("motcua.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("workspace/", include("motcua.workspace.urls")),
    path("portal/", include("motcua.portal.urls")),
    path("reports/", include("motcua.reports.urls")),
    path("procedures/", include("motcua.catalog.urls")),
    path("forms/", include("motcua.documents.urls")),
    path("api/", include("motcua.api.urls")),
    path("admin/", admin.site.urls),
]

from django.conf import settings  # noqa: E402

if settings.MOTCUA_LOCAL_OIDC_PROVIDER:  # the local OpenID Connect provider: development and tests only
    urlpatterns.append(path("local-oidc/", include("oauth2_provider.urls", namespace="oauth2_provider")))
