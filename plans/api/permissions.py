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
    """The dashboards' live numbers: signed-in readers of the dashboards. The public (with
    settings.PUBLIC_DASHBOARDS on) sees published rounds only, on the public dashboard pages,
    never the live numbers these endpoints give."""

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return False
        if not permissions.can_read_dashboards(request.user):
            return False
        return permissions.token_allows(request.auth, request.method)
