"""One action: its page, its rating form, and a commissioner's bulk update of their actions."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from plans.forms import BulkRagUpdateForm, RagUpdateForm
from plans.models import Action, Lead, RagUpdate
from plans.permissions import actions_of, can_rate, can_read, is_admin, require
from plans.selectors import action_table_rows
from plans.services import rag_update_create


def _action_for_page(pk: int) -> Action:
    """The action with everything its page shows, in a fixed number of queries."""
    queryset = (
        Action.objects.select_related("plan", "section", "section__parent")
        .prefetch_related(
            Prefetch("leads", queryset=Lead.objects.prefetch_related("organisations")),
            "objectives",
            "milestones",
            Prefetch(
                "rag_updates",
                queryset=RagUpdate.objects.select_related("author").newest_first(),
            ),
        )
        .with_current_rag()
    )
    return get_object_or_404(queryset, pk=pk)


def _render_action(request, action: Action, form: RagUpdateForm | None, status: int = 200):
    allowed = can_rate(request.user, action)
    context = {
        "action": action,
        "plan": action.plan,
        "updates": action.rag_updates.all(),
        "form": (form or RagUpdateForm()) if allowed else None,
        "can_rate": allowed,
        "field_history": action.history.select_related("history_user")[:50]
        if is_admin(request.user)
        else None,
    }
    return render(request, "plans/action_detail.html", context, status=status)


@require(can_read)
def action_detail(request, pk: int):
    return _render_action(request, _action_for_page(pk), form=None)


@require_POST
@require(can_read)
def action_rate(request, pk: int):
    action = _action_for_page(pk)
    if not can_rate(request.user, action):
        return _render_action(request, action, form=None, status=403)
    form = RagUpdateForm(request.POST)
    if not form.is_valid():
        return _render_action(request, action, form=form, status=400)
    rag_update_create(
        action=action,
        rating=form.cleaned_data["rating"],
        commentary=form.cleaned_data["commentary"].strip(),
        reported_on=form.cleaned_data["reported_on"],
        author=request.user,
        source=RagUpdate.Source.WEB,
    )
    messages.success(request, "Rating saved.")
    return redirect(action)


@require(can_read)
def my_actions(request):
    actions = list(action_table_rows(actions_of(request.user)).order_by("plan__title", "order"))
    form = BulkRagUpdateForm(request.POST or None, actions=actions)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "plans/my_actions.html", {"form": form}, status=400)
        with transaction.atomic():
            saved = [
                rag_update_create(
                    action=action,
                    rating=rating,
                    commentary=commentary,
                    reported_on=form.cleaned_data["reported_on"],
                    author=request.user,
                    source=RagUpdate.Source.WEB,
                )
                for action, rating, commentary in form.updates()
            ]
        messages.success(request, f"Saved {len(saved)} rating{'s' if len(saved) != 1 else ''}.")
        return redirect("plans:my-actions")
    return render(request, "plans/my_actions.html", {"form": form})
