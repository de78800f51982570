from django.urls import path, register_converter

from . import views


class ProcedureCodeConverter:
    """A procedure's code: the national base code (1.001193), optionally localised with the publishing
    agency's code (1.001193.000.00.00.H53)."""

    regex = r"[0-9]{1,2}\.[0-9]{6}(?:\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProcedureCodeConverter, "procedure_code")

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.results, name="results"),
    path("catalog.css", views.stylesheet, name="stylesheet"),
    path("life-events/", views.life_event_list, name="life_events"),
    path("life-events/<slug:code>/", views.life_event, name="life_event"),
    path("<procedure_code:code>/", views.procedure, name="procedure"),
    path("<procedure_code:code>/versions/", views.history, name="history"),
    path("<procedure_code:code>/versions/<int:number>/", views.version_detail, name="version"),
    path("<procedure_code:code>/versions/<int:number>/forms/<int:component>/", views.form_file, name="form_file"),
]
