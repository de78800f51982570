from django.urls import path

from . import views

urlpatterns = [
    path("administrative-units/", views.AdministrativeUnitListApi.as_view(), name="api-administrative-units"),
    path("administrative-units/<int:pk>/current/", views.AdministrativeUnitCurrentApi.as_view(),
         name="api-administrative-unit-current"),
    path("agencies/", views.AgencyListApi.as_view(), name="api-agencies"),
    path("agencies/<int:pk>/", views.AgencyDetailApi.as_view(), name="api-agency"),
]
