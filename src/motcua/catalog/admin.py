"""Administration of the catalog for system administrators. A published or retired version is read-only:
changes go into a new draft ("Start a new draft") that is then published ("Publish"), both through the
services, so that publishing checks, retirement of the previous version and audit events stay right.
Synonyms are saved through services.set_synonym."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.events import record_event

from . import services
from .document import BASE_CODE, localised_code
from .models import Component, Fee, Field, LifeEvent, LifeEventProcedure, Procedure, ProcedureVersion, Synonym


def _is_draft(version) -> bool:
    return version is None or version.pk is None or version.status == ProcedureVersion.Status.DRAFT


def _problems(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(text)}" for name, text in error.message_dict.items())
    return " ".join(error.messages)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "position")
    list_editable = ("position",)
    search_fields = ("code", "name", "name_en")


class VersionInline(admin.TabularInline):
    """A procedure's versions, read-only; each opens in its own page."""

    model = ProcedureVersion
    fields = ("number", "status", "name", "published_at", "retired_at")
    readonly_fields = fields
    ordering = ("-number",)
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.action(description=gettext_lazy("Start a new draft"))
def start_draft_action(modeladmin, request, queryset):
    procedures = {}
    for item in queryset:
        procedure = item if isinstance(item, Procedure) else item.procedure
        procedures[procedure.pk] = procedure
    for procedure in procedures.values():
        try:
            draft = services.start_draft(actor=request.user, procedure=procedure)
        except (ValidationError, PermissionDenied) as error:
            text = _problems(error) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, f"{procedure.localised_code}: {text}", messages.ERROR)
        else:
            modeladmin.message_user(request, _("%(code)s: draft version %(number)d started.") % {
                "code": procedure.localised_code, "number": draft.number}, messages.SUCCESS)


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = ("base_code", "localised_code", "publishing_agency", "field")

    def clean(self):
        data = super().clean()
        base, agency = data.get("base_code", self.instance.base_code), data.get("publishing_agency",
                                                                                 self.instance.publishing_agency)
        if "base_code" in self.fields and base and not BASE_CODE.match(base):
            self.add_error("base_code", _("Write the national code, for example 1.001193."))
        code = data.get("localised_code")
        if "localised_code" in self.fields and base and code:
            expected = localised_code(base, agency.code if agency else "")
            if code != expected:
                self.add_error("localised_code", _("The code must be %(code)s (national code, then the publishing "
                                                   "agency's code).") % {"code": expected})
        return data


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    form = ProcedureForm
    list_display = ("localised_code", "current_name", "field", "publishing_agency", "current_number", "public_page")
    list_filter = ("field",)
    search_fields = ("localised_code", "base_code", "versions__name")
    list_select_related = ("field", "publishing_agency", "current_version")
    raw_id_fields = ("publishing_agency",)
    readonly_fields = ("current_version", "created_at", "public_page")
    inlines = [VersionInline]
    actions = [start_draft_action]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.versions.exclude(status=ProcedureVersion.Status.DRAFT).exists():
            # Dossiers and published pages name the procedure by its codes: they stay once published.
            return ("base_code", "localised_code", "publishing_agency", *self.readonly_fields)
        return self.readonly_fields

    @admin.display(description=gettext_lazy("name"))
    def current_name(self, obj):
        return obj.current_version.name if obj.current_version_id else "—"

    @admin.display(description=gettext_lazy("published version"))
    def current_number(self, obj):
        return obj.current_version.number if obj.current_version_id else "—"

    @admin.display(description=gettext_lazy("public page"))
    def public_page(self, obj):
        if obj is None or not obj.current_version_id:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("catalog:procedure", args=[obj.localised_code]),
                           _("Open"))

    def view_on_site(self, obj):
        return reverse("catalog:procedure", args=[obj.localised_code]) if obj.current_version_id else None

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.versions.exclude(status=ProcedureVersion.Status.DRAFT).exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_event(actor=request.user, kind="catalog.procedure_saved", subject=obj,
                     payload={"fields": form.changed_data, "created": not change})


class _DraftOnlyInline(admin.TabularInline):
    """Rows of a version, editable while the version is a draft and read-only after."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


class ComponentInline(_DraftOnlyInline):
    model = Component
    fields = ("position", "name", "originals", "copies", "required", "condition", "from_vault", "form_name",
              "form_file")


class FeeInline(_DraftOnlyInline):
    model = Fee
    fields = ("position", "name", "kind", "amount_vnd", "rule", "exemptions")


@admin.action(description=gettext_lazy("Publish"))
def publish_action(modeladmin, request, queryset):
    for version in queryset.select_related("procedure"):
        code = version.procedure.localised_code
        try:
            services.publish_version(actor=request.user, version=version)
        except (ValidationError, PermissionDenied) as error:
            text = _problems(error) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, f"{code} v{version.number}: {text}", messages.ERROR)
        else:
            modeladmin.message_user(request, _("%(code)s: version %(number)d published.") % {
                "code": code, "number": version.number}, messages.SUCCESS)


class ProcedureVersionForm(forms.ModelForm):
    class Meta:
        model = ProcedureVersion
        fields = ("procedure", "name", "name_en", "levels", "deciding_agency_kinds", "applicants", "methods", "steps",
                  "processing_amount", "processing_unit", "processing_note", "cutoff", "result_name",
                  "result_paper_required", "result_e_result", "legal_basis", "requirements", "online_level",
                  "form_schema", "decision_number", "decision_date", "decision_effective_date", "keywords",
                  "sources", "unconfirmed")

    LISTS = ("levels", "deciding_agency_kinds", "applicants", "methods", "legal_basis", "keywords", "sources",
             "unconfirmed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LISTS:  # a draft may still have empty lists; publishing checks what it needs
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in self.LISTS:
            if name in self.fields and data.get(name) is None and name not in self.errors:
                data[name] = []
            elif name in self.fields and name not in self.errors and not isinstance(data.get(name), list):
                self.add_error(name, _("Write a JSON list, for example [\"commune\"]."))
        procedure = data.get("procedure")
        if self.instance.pk is None and procedure is not None and procedure.versions.filter(
                status=ProcedureVersion.Status.DRAFT).exists():
            self.add_error("procedure", _("This procedure already has a draft; edit that one."))
        return data


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    form = ProcedureVersionForm
    list_display = ("procedure", "number", "name", "status", "published_at", "retired_at")
    list_filter = ("status", "online_level", "procedure__field")
    search_fields = ("procedure__localised_code", "name", "search_name")
    list_select_related = ("procedure",)
    raw_id_fields = ("procedure",)
    readonly_fields = ("number", "status", "published_at", "retired_at", "created_at")
    inlines = [ComponentInline, FeeInline]
    actions = [start_draft_action, publish_action]

    def has_change_permission(self, request, obj=None):
        # Without change permission the admin shows a published or retired version read-only and refuses
        # a POST to it (403).
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.pk is not None:
            return ("procedure", *self.readonly_fields)
        return self.readonly_fields

    def view_on_site(self, obj):
        if obj.status == ProcedureVersion.Status.DRAFT:
            return None
        return reverse("catalog:version", args=[obj.procedure.localised_code, obj.number])

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("procedure")

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if change:
            stored = ProcedureVersion.objects.select_for_update().get(pk=obj.pk)
            if stored.status != ProcedureVersion.Status.DRAFT:
                raise PermissionDenied(_("A published version cannot be changed: start a new draft."))
        else:
            procedure = Procedure.objects.select_for_update().get(pk=obj.procedure_id)
            last = procedure.versions.order_by("-number").values_list("number", flat=True).first() or 0
            obj.number, obj.status = last + 1, ProcedureVersion.Status.DRAFT
        super().save_model(request, obj, form, change)
        record_event(actor=request.user, kind="catalog.draft_saved", subject=obj.procedure,
                     payload={"version": obj.number, "fields": form.changed_data})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_search_texts(form.instance)


class LifeEventItemInline(admin.TabularInline):
    model = LifeEventProcedure
    fields = ("position", "procedure")
    raw_id_fields = ("procedure",)
    ordering = ("position",)
    extra = 0
    verbose_name = gettext_lazy("procedure")
    verbose_name_plural = gettext_lazy("procedures, in order")


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "position")
    search_fields = ("code", "name", "name_en")
    prepopulated_fields = {"code": ("name_en",)}
    inlines = [LifeEventItemInline]


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("term", "expansion")
    search_fields = ("term", "expansion", "term_folded")
    fields = ("term", "expansion")

    def get_readonly_fields(self, request, obj=None):
        # The folded term identifies a synonym: another word is another synonym.
        return ("term",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        synonym = services.set_synonym(actor=request.user, term=obj.term, expansion=obj.expansion)
        obj.pk, obj.term_folded = synonym.pk, synonym.term_folded
