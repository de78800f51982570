from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("index766/", views.index_page, name="index766"),
    path("index766/<str:code>/dossiers/", views.index_dossiers, name="index_dossiers"),
    path("public/", views.public, name="public"),
]
