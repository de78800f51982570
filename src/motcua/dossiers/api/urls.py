from django.urls import path

from . import views

urlpatterns = [
    path("dossiers/", views.DossierListApi.as_view(), name="api-dossiers"),
    path("dossiers/<str:code>/", views.DossierDetailApi.as_view(), name="api-dossier"),
    path("dossiers/<str:code>/components/<int:component_id>/file/", views.ComponentFileApi.as_view(),
         name="api-dossier-component-file"),
    *(path(f"dossiers/<str:code>/actions/{action}/", view.as_view(), name=f"api-dossier-{action}")
      for action, view in views.ACTIONS.items()),
]
