"""User management for admins: a user's role (groups), organisations and own Lead on one page."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from plans.models import Lead, Membership

User = get_user_model()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]
    verbose_name = "organisation"
    verbose_name_plural = "organisations (a commissioner rates actions these lead)"


class OwnLeadInline(admin.StackedInline):
    """The Lead that names this person in plans ("A Williamson"), if any."""

    model = Lead
    fk_name = "user"
    extra = 0
    max_num = 1
    fields = ["name"]
    readonly_fields = ["name"]
    can_delete = False
    verbose_name_plural = "lead named in plans (link it from the lead's own page)"

    def has_add_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class ActionPlanUserAdmin(UserAdmin):
    """A user's role is their group; the Admins group alone opens this admin site to them
    (plans.admin_site), so neither "staff status" nor per-user permissions are shown."""

    inlines = [MembershipInline, OwnLeadInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        (
            "Role",
            {
                "fields": ["is_active", "groups", "is_superuser"],
                "description": "Admins manage plans, imports and users (here); commissioners "
                "rate actions; board members read.",
            },
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    list_display = ["username", "get_full_name", "email", "roles", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "memberships__organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all()) or "none"
