"""Who may do what: the one module the web views, forms and API all ask.

Roles are Django groups (plans.roles.Role); a superuser counts as an admin.
- Admin: everything, including imports and user management.
- Commissioner: reads everything; rates an action (and records milestones done) when one of
  its leads is their own Lead, or belongs to one of their organisations, or the action's plan
  was assigned to them (DESIGN.md "Leads and organisations").
- Board member: reads plans, tables, dashboards and exports; changes nothing.
- Anonymous: the login page only, unless PUBLIC_DASHBOARDS lets them read dashboards.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from plans.models import Action, Lead, Plan
from plans.roles import Role


def roles_of(user) -> set[Role]:
    """The user's roles, read once per request object."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_actionplan_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        if user.is_superuser:
            cached.add(Role.ADMIN)
        user._actionplan_roles = cached
    return cached


def is_admin(user) -> bool:
    return Role.ADMIN in roles_of(user)


def is_commissioner(user) -> bool:
    return Role.COMMISSIONER in roles_of(user)


def can_read(user) -> bool:
    """Plans, tables, action pages and exports: any signed-in role."""
    return bool(roles_of(user))


def can_read_dashboards(user) -> bool:
    return can_read(user) or settings.PUBLIC_DASHBOARDS


def can_import(user) -> bool:
    return is_admin(user)


def actions_of(user) -> QuerySet[Action]:
    """ "My actions": led by the user's own Lead or their organisations, or in plans assigned to them."""
    if not user.is_authenticated:
        return Action.objects.none()
    # One IN over a UNION of index lookups: PostgreSQL finds the user's few leads, then their
    # actions. Written as OR-ed conditions it scanned every action's leads for each check
    # (17 ms for one commissioner at 20,000 actions; 4 ms this way).
    led = Action.leads.through.objects.filter(lead__in=_own_leads(user)).values("action_id")
    assigned = Action.objects.filter(plan__assignees=user).order_by().values("pk")
    return Action.objects.filter(pk__in=led.union(assigned))


def _own_leads(user) -> QuerySet:
    """The ids of the user's own Lead and of their organisations' leads."""
    own = Lead.objects.filter(user=user).order_by().values("pk")
    through = Lead.organisations.through.objects.filter(organisation__memberships__user=user)
    return own.union(through.order_by().values("lead_id"))


def _leads_or_assigned(user) -> Q:
    """actions_of(user) as a condition on one action: correlated lookups by its own id."""
    led = Action.leads.through.objects.filter(action=OuterRef("pk"), lead__in=_own_leads(user))
    assigned = Plan.assignees.through.objects.filter(plan=OuterRef("plan_id"), user=user)
    return Q(Exists(led)) | Q(Exists(assigned))


def actions_rateable_by(user) -> QuerySet[Action]:
    """The actions this user may rate; empty for board members and anonymous visitors."""
    if is_admin(user):
        return Action.objects.all()
    if is_commissioner(user):
        return actions_of(user)
    return Action.objects.none()


def can_rate_some(user) -> bool:
    """Whether the user rates anything at all (commissioners and admins)."""
    return is_admin(user) or is_commissioner(user)


def can_rate(user, action: Action) -> bool:
    """actions_rateable_by, asked of one action (without working out all of the user's)."""
    if is_admin(user):
        return True
    if not is_commissioner(user) or not user.is_authenticated:
        return False
    return Action.objects.filter(_leads_or_assigned(user), pk=action.pk).exists()


def can_edit_action(user, action: Action) -> bool:
    """Changing an action's own fields (text, dates, leads) is an admin's job."""
    return is_admin(user)


# Reporting rounds (plans/rounds/) ------------------------------------------------------------


def can_manage_rounds(user) -> bool:
    """Opening, closing and publishing reporting rounds is an admin's job."""
    return is_admin(user)


def can_read_round(user, round_) -> bool:
    """Round pages and packs: readers; the public sees published rounds when dashboards are public."""
    return can_read(user) or (settings.PUBLIC_DASHBOARDS and round_.is_published)


def can_read_rounds(user) -> bool:
    """The list of rounds (the public's list holds published rounds only)."""
    return can_read_dashboards(user)


# The Excel round trip (plans/roundtrip/) ----------------------------------------------------


def can_use_rating_workbooks(user) -> bool:
    """Downloading a ratings workbook and uploading it filled in: whoever rates (the rows
    themselves are checked one by one against actions_rateable_by)."""
    return can_rate_some(user)


def can_see_rating_return(user, rating_return) -> bool:
    """An uploaded ratings workbook's review: its uploader, and admins."""
    return can_rate_some(user) and (rating_return.uploaded_by_id == user.pk or is_admin(user))


def can_confirm_rating_return(user, rating_return) -> bool:
    """Only the uploader records (or cancels) their ratings: they are the author."""
    return can_rate_some(user) and rating_return.uploaded_by_id == user.pk


def can_link_predecessor(user) -> bool:
    """Linking a plan to the plan it replaces (and archiving that one) is an admin's job."""
    return is_admin(user)


# Personal API tokens (plans/api/) ----------------------------------------------------------


def can_have_api_tokens(user) -> bool:
    """Making tokens: anyone who may read (a token carries its user's permissions, no more)."""
    return can_read(user)


def can_revoke_api_token(user, token) -> bool:
    """A token's owner revokes it; admins revoke anyone's."""
    return user.is_authenticated and (token.user_id == user.pk or is_admin(user))


def can_list_all_api_tokens(user) -> bool:
    return is_admin(user)


def token_allows(token, method: str) -> bool:
    """What a request made with a token may do beyond its user's permissions: a read-only
    token only reads (GET, HEAD, OPTIONS). A request without a token (a session) is not limited."""
    if token is None or not getattr(token, "is_read_only", False):
        return True
    return method in ("GET", "HEAD", "OPTIONS")


class AdminRoleBackend(BaseBackend):
    """Admins may do everything in the Django admin site (plans.admin_site) by their role.

    Only answers permission questions (it authenticates nobody); the ModelAdmins still refuse
    what nobody may do there, such as editing RAG history. Listed after ModelBackend.
    """

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return user_obj.is_active and is_admin(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return user_obj.is_active and is_admin(user_obj)


def require(check):
    """View decorator: run `check(request.user)`; anonymous → login, signed in but not allowed → 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if check(request.user):
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied

        return wrapped

    return decorator
