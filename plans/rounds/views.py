"""Round pages: thin views over plans/rounds/forms.py, services.py and selectors.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from plans.models import Action, Plan, RagUpdate, ReportingRound
from plans.permissions import (
    can_manage_rounds,
    can_rate,
    can_read,
    can_read_round,
    can_read_rounds,
    require,
)
from plans.rounds import board_pack, selectors, services
from plans.rounds.forms import RoundOpenForm, RoundUpdateForm


def _readable_round(request: HttpRequest, pk: int) -> ReportingRound:
    round_ = selectors.round_for_page(pk)
    if not can_read_round(request.user, round_):
        raise PermissionDenied
    return round_


@require(can_read_rounds)
@require_safe
def round_list(request):
    rounds = ReportingRound.objects.newest_first().prefetch_related(
        Prefetch("plans", queryset=Plan.objects.order_by("title"))
    )
    if not can_read(request.user):
        rounds = rounds.published()
    return render(
        request,
        "plans/rounds/round_list.html",
        {"rounds": rounds, "can_manage": can_manage_rounds(request.user), "nav_section": "rounds"},
    )


@require(can_manage_rounds)
def round_open(request):
    form = RoundOpenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_open(**form.cleaned_data, opened_by=request.user)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, f"Round {round_.name} is open for updates.")
            return redirect(round_)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/rounds/round_open.html", {"form": form}, status=status)


@require_safe
def round_detail(request, pk: int):
    if not request.user.is_authenticated and not can_read_rounds(request.user):
        return redirect_to_login(request.get_full_path())
    round_ = _readable_round(request, pk)
    signed_in = can_read(request.user)
    context = {
        "round": round_,
        "plans": round_.plans.all(),
        "completeness": selectors.round_completeness(round_) if signed_in else None,
        "entries": selectors.round_entries(round_) if round_.is_published else None,
        "can_manage": can_manage_rounds(request.user),
        "today": timezone.localdate(),
        "nav_section": "rounds",
    }
    return render(request, "plans/rounds/round_detail.html", context)


@require_POST
@require(can_manage_rounds)
def round_close(request, pk: int):
    round_ = get_object_or_404(ReportingRound, pk=pk)
    try:
        services.round_close(round=round_, closed_by=request.user)
        messages.success(request, f"Round {round_.name} is closed: no more updates for it.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(round_)


@require_POST
@require(can_manage_rounds)
def round_publish(request, pk: int):
    round_ = get_object_or_404(ReportingRound, pk=pk)
    try:
        services.round_publish(round=round_, published_by=request.user)
        messages.success(request, f"Round {round_.name} is published as reported to the board.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(round_)


def _action_for_update(pk: int) -> Action:
    latest = RagUpdate.objects.newest_first()
    return get_object_or_404(
        Action.objects.select_related("plan", "section").prefetch_related(
            "leads", Prefetch("rag_updates", queryset=latest, to_attr="ratings_newest_first")
        ),
        pk=pk,
    )


def _carried_forward(action: Action) -> dict:
    """The last update's rating and words, to carry forward or change."""
    last = action.ratings_newest_first[0] if action.ratings_newest_first else None
    if last is None:
        return {}
    return {
        "rating": last.rating,
        "forecast_rating": last.forecast_rating,
        "commentary": last.commentary,
        "why_and_next": last.why_and_next,
        "outside_control": last.outside_control,
    }


@require(can_read)
def round_update(request, pk: int, action_pk: int):
    round_ = selectors.round_for_page(pk)
    action = _action_for_update(action_pk)
    if not can_rate(request.user, action):
        raise PermissionDenied
    if action.plan not in round_.plans.all():
        raise Http404("This action's plan is not in this round.")
    posted = request.POST if request.method == "POST" else None
    form = RoundUpdateForm(posted, action=action, initial=_carried_forward(action))
    if posted is not None and round_.is_open and form.is_valid():
        try:
            services.round_update_create(
                round=round_, action=action, author=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, f"Update saved for {round_.name}.")
            return redirect("plans:my-actions")
    status = 200 if posted is None else (409 if not round_.is_open else 400)
    context = {
        "round": round_,
        "action": action,
        "plan": action.plan,
        "last": action.ratings_newest_first[0] if action.ratings_newest_first else None,
        "form": form,
    }
    return render(request, "plans/rounds/round_update.html", context, status=status)


@require_safe
def round_board_pack(request, pk: int, fmt: str) -> HttpResponse:
    if not request.user.is_authenticated and not can_read_rounds(request.user):
        return redirect_to_login(request.get_full_path())
    if fmt not in board_pack.FORMATS:
        raise Http404("No such board pack format.")
    round_ = _readable_round(request, pk)
    pack = board_pack.for_round(round_)
    return board_pack.download(pack, fmt=fmt)
