from django.contrib import admin

from importers.models import PendingImport


@admin.register(PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    """Uploads read but never confirmed or cancelled: admins may clear them out."""

    list_display = ["filename", "format", "uploaded_by", "created_at"]
    list_filter = ["uploaded_by"]
    fields = ["filename", "format", "checksum", "uploaded_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
