from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from plans.models import Action, Plan


@login_required
def home(request):
    plans = Plan.objects.select_related("owner").order_by("title")
    return render(request, "plans/home.html", {"plans": plans})


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    return render(request, "plans/plan_detail.html", {"plan": plan})


@login_required
def action_detail(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("plan", "section"), pk=pk)
    return render(request, "plans/action_detail.html", {"action": action})
