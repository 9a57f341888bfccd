"""The API asks plans.permissions, the same module as the web views; it has no rules of its own."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from plans import permissions
from plans.models import Action


class PlansPermission(BasePermission):
    """Reading needs can_read; writing to an action (rating it) needs can_rate; a read-only
    token reads and nothing more (plans.permissions.token_allows)."""

    message = "Your account has no role here yet: ask an admin for access."

    def has_permission(self, request, view) -> bool:
        if not permissions.can_read(request.user):
            return False
        if not permissions.token_allows(request.auth, request.method):
            self.message = "This token is read-only: make a read and write token to change data."
            return False
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return permissions.can_read(request.user)
        self.message = "You may not rate this action."
        return isinstance(obj, Action) and permissions.can_rate(request.user, obj)


class DashboardsPermission(PlansPermission):
    """The dashboards' numbers: whoever may read the dashboard pages (can_read_dashboards:
    the public too when settings.PUBLIC_DASHBOARDS is on)."""

    def has_permission(self, request, view) -> bool:
        if not permissions.can_read_dashboards(request.user):
            return False
        return permissions.token_allows(request.auth, request.method)
