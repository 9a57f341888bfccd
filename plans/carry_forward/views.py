"""The carry-forward page: choose the plan this one replaces, confirm the pairs, link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from plans.carry_forward import pairing, services
from plans.carry_forward.forms import PairingForm, PredecessorForm
from plans.models import Plan
from plans.permissions import can_link_predecessor, require


@require(can_link_predecessor)
def plan_predecessor(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("predecessor"), pk=pk)
    posted = request.method == "POST"
    chooser = PredecessorForm(
        request.POST if posted else (request.GET or None),
        plans=pairing.predecessor_choices(plan),
        initial={"predecessor": plan.predecessor_id},
    )
    context = {"plan": plan, "chooser": chooser, "form": None}
    if not chooser.is_bound or not chooser.is_valid():
        status = 400 if posted or chooser.is_bound else 200
        return render(request, "plans/carry_forward/predecessor.html", context, status=status)
    predecessor = chooser.cleaned_data["predecessor"]
    pairs, earlier = pairing.suggested_pairs(plan, predecessor)
    form = PairingForm(request.POST if posted else None, pairs=pairs, earlier=earlier)
    context |= {"form": form, "predecessor": predecessor}
    if posted and form.is_valid():
        try:
            linked = services.plan_predecessor_link(
                plan=plan,
                predecessor=predecessor,
                pairs=form.chosen(),
                suggested=form.suggested(),
                linked_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"'{plan.title}' now replaces '{predecessor.title}', which is archived: "
                f"{len(linked)} action{'s' if len(linked) != 1 else ''} carry on earlier ones.",
            )
            return redirect(plan)
    status = 400 if posted else 200
    return render(request, "plans/carry_forward/predecessor.html", context, status=status)
