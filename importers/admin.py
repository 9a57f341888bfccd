from django import forms
from django.contrib import admin

from importers.models import ImportTemplate, PendingImport
from importers.reading.mapping import ROLES


@admin.register(PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    """Uploads read but never confirmed or cancelled: admins may clear them out."""

    list_display = ["filename", "format", "status", "uploaded_by", "created_at"]
    list_filter = ["status", "uploaded_by"]
    fields = ["filename", "format", "checksum", "status", "error", "uploaded_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImportTemplateForm(forms.ModelForm):
    class Meta:
        model = ImportTemplate
        fields = ["name", "signature", "mapping"]

    def clean_mapping(self):
        mapping = self.cleaned_data["mapping"]
        if not isinstance(mapping, dict):
            raise forms.ValidationError("The mapping must be an object with a 'roles' entry.")
        roles = mapping.get("roles") or {}
        if not isinstance(roles, dict):
            raise forms.ValidationError("'roles' must map column names to roles.")
        unknown = sorted({str(role) for role in roles.values()} - set(ROLES))
        if unknown:
            raise forms.ValidationError(
                f"Unknown role {', '.join(unknown)}; roles are: {', '.join(ROLES)}."
            )
        header_row = mapping.get("header_row")
        if header_row is not None and (not isinstance(header_row, int) or header_row < 0):
            raise forms.ValidationError("'header_row' must be a row number from 0, or null.")
        return mapping


@admin.register(ImportTemplate)
class ImportTemplateAdmin(admin.ModelAdmin):
    """Saved column mappings: the next file with the same header row maps itself."""

    form = ImportTemplateForm
    list_display = ["name", "signature", "times_used", "updated_at", "created_by"]
    search_fields = ["name", "signature"]
    readonly_fields = ["times_used", "created_by", "created_at", "updated_at"]
