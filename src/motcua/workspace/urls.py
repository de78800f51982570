from django.urls import path

from .views import organizations, processes, workdays

app_name = "workspace"
urlpatterns = [
    path("", organizations.home, name="home"),
    path("agencies/", organizations.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", organizations.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", organizations.agency_edit, name="agency_edit"),
    path("deadline/", workdays.deadline, name="deadline"),
    path("calendar/", workdays.calendar_year, name="calendar_year"),
    path("processes/", processes.process_list, name="process_list"),
    path("processes/<int:pk>/", processes.process_detail, name="process_detail"),
]
