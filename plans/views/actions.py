"""One action: its page, its rating form, and a commissioner's bulk update of their actions."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from plans.forms import ActionEditForm, BulkRagUpdateForm, MilestoneDoneForm, RagUpdateForm
from plans.models import Action, Lead, Milestone, RagUpdate
from plans.permissions import (
    actions_of,
    can_edit_action,
    can_rate,
    can_rate_some,
    can_read,
    is_admin,
    require,
)
from plans.selectors import action_field_changes, action_table_rows
from plans.services import (
    RatingInput,
    StaleEdit,
    action_update,
    milestone_set_done,
    rag_update_create,
    rag_updates_create,
)


def _posted(request):
    """The POST data on a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


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
        "form": (form or RagUpdateForm(plan=action.plan)) if allowed else None,
        "can_rate": allowed,
        "can_edit": can_edit_action(request.user, action),
        "field_history": action_field_changes(action) if is_admin(request.user) else None,
    }
    return render(request, "plans/action_detail.html", context, status=status)


@require(can_read)
@require_safe
def action_detail(request, pk: int):
    return _render_action(request, _action_for_page(pk), form=None)


@require_POST
@require(can_read)
def action_rate(request, pk: int):
    action = _action_for_page(pk)
    if not can_rate(request.user, action):
        return _render_action(request, action, form=None, status=403)
    form = RagUpdateForm(request.POST, plan=action.plan)
    if not form.is_valid():
        return _render_action(request, action, form=form, status=400)
    rag_update_create(
        action=action,
        rating=form.cleaned_data["rating"],
        commentary=form.cleaned_data["commentary"].strip(),
        reported_on=form.cleaned_data["reported_on"],
        author=request.user,
        source=RagUpdate.Source.WEB,
        is_correction=form.cleaned_data["is_correction"],
    )
    messages.success(request, "Rating saved.")
    return redirect(action)


# My actions is a form a row: a page of them at a time (the page is in the form's URL).
MY_ACTIONS_PER_PAGE = 50


@require(can_read)
def my_actions(request):
    if not can_rate_some(request.user):
        # Board members read everything and rate nothing: a page that says so, not a form.
        status = 403 if request.method == "POST" else 200
        return render(request, "plans/my_actions.html", {"can_rate": False}, status=status)
    mine = action_table_rows(actions_of(request.user)).order_by("plan__title", "order", "pk")
    page = Paginator(mine, MY_ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    form = BulkRagUpdateForm(_posted(request), actions=list(page.object_list))
    context = {"form": form, "page_obj": page, "can_rate": True}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "plans/my_actions.html", context, status=400)
        saved = rag_updates_create(
            ratings=[RatingInput(*row) for row in form.updates()],
            reported_on=form.cleaned_data["reported_on"],
            author=request.user,
            source=RagUpdate.Source.WEB,
        )
        messages.success(request, f"Saved {len(saved)} rating{'s' if len(saved) != 1 else ''}.")
        return redirect(request.get_full_path())
    return render(request, "plans/my_actions.html", context)


@require(is_admin)
def action_edit(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("plan"), pk=pk)
    if not can_edit_action(request.user, action):
        return render(request, "403.html", status=403)
    # A copy: validating writes what was typed into the form's instance, and the page's
    # heading names the action as saved.
    form = ActionEditForm(_posted(request), instance=copy.copy(action))
    if request.method == "POST" and form.is_valid():
        try:
            action_update(
                action=action,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
                editor=request.user,
            )
        except StaleEdit as stale:
            # Never a silent overwrite: show what is saved now, keep what they typed.
            # A separate instance: validating a ModelForm writes the POST into its instance.
            form = ActionEditForm(request.POST, instance=Action.objects.get(pk=action.pk))
            form.is_valid()
            form.add_error(
                None,
                "Someone else changed this action while you were editing it. "
                "Their version is saved and shown below under each field; "
                "check it, then save again if you still want your changes.",
            )
            return render(
                request,
                "plans/action_edit.html",
                {"form": form, "action": action, "current": stale.current},
                status=409,
            )
        messages.success(request, "Action saved.")
        return redirect(action)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "plans/action_edit.html", {"form": form, "action": action}, status=status
    )


@require_POST
@require(can_read)
def milestone_done(request, pk: int):
    milestone = get_object_or_404(Milestone.objects.select_related("action"), pk=pk)
    if not can_rate(request.user, milestone.action):
        return render(request, "403.html", status=403)
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            milestone_set_done(
                milestone=milestone, done_on=form.cleaned_data["done_date"], editor=request.user
            )
            messages.success(request, "Milestone updated.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Enter the done date as a real date, for example 31/3/2026.")
    return redirect(milestone.action)
