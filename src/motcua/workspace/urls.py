from django.urls import path

from .views import bulk, dossier, inbox, intake, manager, organizations, processes, workdays

app_name = "workspace"
urlpatterns = [
    path("", organizations.home, name="home"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/bulk/", bulk.bulk_action, name="bulk"),
    path("intake/", intake.intake_start, name="intake"),
    path("intake/applicant/", intake.intake_applicant, name="intake_applicant"),
    path("intake/<int:version_pk>/", intake.intake_form, name="intake_form"),
    path("intake/done/<uuid:reference>/", intake.intake_done, name="intake_done"),
    path("dossiers/<str:key>/", dossier.dossier_page, name="dossier"),
    path("dossiers/<str:key>/actions/<slug:action>/", dossier.dossier_action, name="dossier_action"),
    path("dossiers/<str:key>/comment/", dossier.dossier_comment, name="dossier_comment"),
    path("dossiers/<str:key>/components/<int:pk>/", dossier.component_file, name="component_file"),
    path("dossiers/<str:key>/result/", dossier.result_file, name="result_file"),
    path("unit/", manager.unit_view, name="unit"),
    path("agencies/", organizations.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", organizations.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", organizations.agency_edit, name="agency_edit"),
    path("deadline/", workdays.deadline, name="deadline"),
    path("calendar/", workdays.calendar_year, name="calendar_year"),
    path("processes/", processes.process_list, name="process_list"),
    path("processes/<int:pk>/", processes.process_detail, name="process_detail"),
]
