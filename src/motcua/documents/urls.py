from django.urls import path, re_path

from . import views

app_name = "documents"
urlpatterns = [
    re_path(r"^dossiers/(?P<key>[^/]+)/mau-(?P<number>0[1-5])\.pdf$", views.dossier_form, name="dossier_form"),
    path("register.pdf", views.register, name="register"),
]
