"""The admin site, entered by the Admins role (plans.permissions.is_admin), not by is_staff.

One source of truth for "is this person an admin": membership of the Admins group (or being
a superuser). An admin made in the app, by adding them to the group, can manage users in
/admin/ straight away; taking them out of the group shuts the admin site to them too. Nothing
has to keep a second flag (is_staff) in step with the group, so the two can never disagree.
What an admin may do there comes from plans.permissions.AdminRoleBackend.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from plans.permissions import is_admin


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's own sign-in page lets in the Admins role, not is_staff."""

    def confirm_login_allowed(self, user):
        if not (user.is_active and is_admin(user)):
            raise self.get_invalid_login_error()


class AdminSite(admin.AdminSite):
    site_header = "Action plans administration"
    site_title = "Action plans admin"
    login_form = AdminLoginForm

    def has_permission(self, request) -> bool:
        return request.user.is_active and is_admin(request.user)
