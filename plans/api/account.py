"""The account page's API tokens: make one (shown once), list and revoke your own; admins
list everyone's and revoke any. Forms validate, plans/api/token_services.py writes, the
rules are plans.permissions'."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans import limits, permissions
from plans.api.token_services import api_token_create, api_token_revoke
from plans.api.tokens import ApiToken
from plans.forms import LimitedText
from plans.permissions import require

LIFETIMES = [("30", "30 days"), ("90", "90 days"), ("180", "6 months"), ("365", "1 year")]
TOKENS_PER_PAGE = 50


class ApiTokenForm(forms.Form):
    name = LimitedText(
        limit=limits.API_TOKEN_NAME,
        label="Name",
        help_text='What the token is for, so you can tell it apart later, e.g. "Power BI".',
        error_messages={"required": "Enter a name for the token"},
    )
    lifetime = forms.ChoiceField(
        choices=LIFETIMES,
        initial="90",
        widget=forms.RadioSelect,
        label="Expires after",
        error_messages={"required": "Choose when the token expires"},
    )
    access = forms.ChoiceField(
        choices=ApiToken.Access.choices,
        initial=ApiToken.Access.READ,
        widget=forms.RadioSelect,
        label="Access",
        help_text="Read and write tokens may also rate the actions you may rate.",
        error_messages={"required": "Choose what the token may do"},
    )

    def expires_at(self) -> datetime.datetime:
        return timezone.now() + datetime.timedelta(days=int(self.cleaned_data["lifetime"]))


def _tokens_page(request, *, form, new_token=None, status=200):
    tokens = list(request.user.api_tokens.select_related("revoked_by"))
    response = render(
        request,
        "plans/account/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "new_token": new_token,
            "now": timezone.now(),
            "can_list_all": permissions.can_list_all_api_tokens(request.user),
        },
        status=status,
    )
    return response


@require(permissions.can_have_api_tokens)
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache  # the page that shows a new token once must not be kept by any cache
def tokens(request):
    """Your API tokens; POST makes one and shows it this once."""
    if request.method != "POST":
        return _tokens_page(request, form=ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form=form, status=400)
    new = api_token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        access=form.cleaned_data["access"],
        expires_at=form.expires_at(),
    )
    return _tokens_page(request, form=ApiTokenForm(), new_token=new)


@require(permissions.can_have_api_tokens)
@require_POST
def token_revoke(request, pk: int):
    """Revoke one of your tokens (admins: anyone's)."""
    token = get_object_or_404(ApiToken, pk=pk)
    if not permissions.can_revoke_api_token(request.user, token):
        raise PermissionDenied
    api_token_revoke(token=token, by=request.user)
    if token.user_id == request.user.pk:
        return redirect("account:tokens")
    return redirect("account:all-tokens")


@require(permissions.can_list_all_api_tokens)
@require_safe
def all_tokens(request):
    """Every user's tokens, newest first (admins)."""
    page = Paginator(
        ApiToken.objects.select_related("user", "revoked_by").order_by("-created_at", "-pk"),
        TOKENS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/account/all_tokens.html",
        {"page_obj": page, "tokens": page.object_list, "now": timezone.now()},
    )
