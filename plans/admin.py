from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from plans import admin_users  # noqa: F401  (registers the user admin)
from plans.forms import limit_action_fields
from plans.models import (
    Action,
    AuditRecord,
    Lead,
    Membership,
    Milestone,
    Objective,
    Organisation,
    Plan,
    RagUpdate,
    Section,
    Strategy,
)
from plans.services import (
    ACTION_UPDATABLE_FIELDS,
    ACTION_UPDATABLE_RELATIONS,
    StaleEdit,
    action_update,
    plan_delete,
)

STALE_ADMIN_EDIT_MESSAGE = (
    "Someone else changed this action while you were editing it. Open it again to see "
    "their changes, then make yours."
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody may add, change or delete here (append-only history, audit)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Lead)
class LeadAdmin(SimpleHistoryAdmin):
    list_display = ["name", "user", "organisation_names"]
    list_filter = ["organisations"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]
    filter_horizontal = ["organisations"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("organisations")

    @admin.display(description="Organisations")
    def organisation_names(self, lead):
        return ", ".join(org.name for org in lead.organisations.all())


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "period_start", "period_end"]
    search_fields = ["title", "area"]
    inlines = [ObjectiveInline]
    filter_horizontal = ["adopted_objectives"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["ref", "title", "strategy"]
    list_filter = ["strategy"]
    search_fields = ["title"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "area", "owner", "status", "period_start", "period_end", "created_at"]
    list_filter = ["status", "owner", "area"]
    search_fields = ["title", "area", "source_name"]
    readonly_fields = ["source_name", "source_checksum", "created_at"]
    filter_horizontal = ["assignees"]

    def get_deleted_objects(self, objs, request):
        # RAG history has no delete permission (append-only), but it goes with its plan:
        # don't let that block an admin deleting a whole plan (the deletion is audited).
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(RagUpdate._meta.verbose_name)
        return deleted, model_count, perms_needed, protected

    def delete_model(self, request, obj):
        plan_delete(plan=obj, deleted_by=request.user)

    def delete_queryset(self, request, queryset):
        for plan in queryset:
            plan_delete(plan=plan, deleted_by=request.user)


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "parent", "order"]
    list_filter = ["plan"]
    search_fields = ["title", "ref"]
    list_select_related = ["plan", "parent"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class RagUpdateInline(admin.TabularInline):
    """Read-only: RAG history is append-only."""

    model = RagUpdate
    extra = 0
    fields = ["reported_on", "rating", "commentary", "author", "source", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ActionAdminForm(forms.ModelForm):
    """The admin's action form, carrying the version it was loaded with."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = [*ACTION_UPDATABLE_FIELDS, *ACTION_UPDATABLE_RELATIONS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.version
        limit_action_fields(self)  # as the web app's edit form: plans.limits

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded != self.instance.version:
            raise forms.ValidationError(STALE_ADMIN_EDIT_MESSAGE)
        return cleaned


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    """Edits go through plans.services.action_update, like the web app's and the API's, so
    they bump the version and a stale edit anywhere is refused."""

    form = ActionAdminForm
    list_display = ["__str__", "plan", "section", "due_date", "timescale_text"]
    list_filter = ["plan", "objectives"]
    search_fields = ["text", "ref", "context", "leads__name"]
    list_select_related = ["plan", "section"]
    filter_horizontal = ["leads", "objectives"]
    readonly_fields = ["version"]
    inlines = [MilestoneInline, RagUpdateInline]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = dict(form.cleaned_data)
        expected_version = changes.pop("loaded_version")
        action_update(
            action=obj,
            expected_version=expected_version,
            changes=changes,  # a form field the service does not know is a ValueError
            editor=request.user,
            via="admin",
        )

    def save_related(self, request, form, formsets, change):
        if not change:
            form.save_m2m()  # an edit's leads and objectives went through action_update
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit:
            # Another save won between this form's check and its save: nothing was written.
            messages.error(request, STALE_ADMIN_EDIT_MESSAGE)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "action", "due_date", "done_date"]
    list_filter = ["action__plan"]
    search_fields = ["title"]


@admin.register(RagUpdate)
class RagUpdateAdmin(ReadOnlyAdmin):
    """RAG history is append-only: admins see it, nobody edits or deletes it here."""

    list_display = ["action", "rating", "reported_on", "author", "source", "created_at"]
    list_filter = ["rating", "source", "action__plan"]
    search_fields = ["commentary", "action__text"]
    list_select_related = ["action", "author"]


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["when", "who", "what"]
    search_fields = ["what"]
