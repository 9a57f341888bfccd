"""The API asks plans.permissions, the same module as the web views; it has no rules of its own."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from plans import permissions
from plans.models import Action


class PlansPermission(BasePermission):
    """Reading needs can_read; writing to an action (rating it) needs can_rate."""

    message = "Your account has no role here yet: ask an admin for access."

    def has_permission(self, request, view) -> bool:
        return permissions.can_read(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return permissions.can_read(request.user)
        self.message = "You may not rate this action."
        return isinstance(obj, Action) and permissions.can_rate(request.user, obj)
