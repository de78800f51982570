from django.urls import path

from ..urls import ProcedureCodeConverter  # noqa: F401  (registers the "procedure_code" path converter)
from . import views

urlpatterns = [
    path("fields/", views.FieldListApi.as_view(), name="api-catalog-fields"),
    path("procedures/", views.ProcedureListApi.as_view(), name="api-catalog-procedures"),
    path("procedures/<procedure_code:localised_code>/", views.ProcedureDetailApi.as_view(),
         name="api-catalog-procedure"),
    path("procedures/<procedure_code:localised_code>/versions/", views.ProcedureVersionListApi.as_view(),
         name="api-catalog-procedure-versions"),
    path("procedures/<procedure_code:localised_code>/versions/<int:number>/",
         views.ProcedureVersionDetailApi.as_view(), name="api-catalog-procedure-version"),
    path("life-events/", views.LifeEventListApi.as_view(), name="api-catalog-life-events"),
]
