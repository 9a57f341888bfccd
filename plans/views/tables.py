"""Tables of plans and actions: thin views over filters and selectors."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from plans.filters import SORTABLE_COLUMNS, ActionFilter, sort_actions
from plans.models import Action, Plan
from plans.paging import IdsFirstPaginator
from plans.permissions import can_read, require
from plans.rounds.selectors import with_previous_round_rating
from plans.selectors import action_table_rows, plans_with_rag_summary

# Every table is paged: a plan of 1,000 actions, or all 20,000, is read a page at a time.
ACTIONS_PER_PAGE = 50


def _sort_from(request) -> str:
    """The ?sort= asked for, or "" (document order) when it names no sortable column."""
    sort = request.GET.get("sort", "")
    return sort if sort.lstrip("-") in SORTABLE_COLUMNS else ""


@require(can_read)
@require_safe
def home(request):
    plans = plans_with_rag_summary()
    has_sample_data = any(plan.has_sample_data for plan in plans)
    return render(request, "plans/home.html", {"plans": plans, "has_sample_data": has_sample_data})


@require(can_read)
@require_safe
def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("owner", "strategy"), pk=pk)
    action_filter = ActionFilter(
        request.GET,
        queryset=with_previous_round_rating(action_table_rows(Action.objects.filter(plan=plan))),
        plan=plan,
    )
    sort = _sort_from(request)
    page = IdsFirstPaginator(sort_actions(action_filter.qs, sort), ACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "filter": action_filter,
            "page_obj": page,
            "object_list": page.object_list,
            "result_noun": "actions",
            "has_sample_data": any(action.current_is_sample for action in page.object_list),
            "sort": sort,
            # Grouping by section only makes sense in document order (a page at a time).
            "grouped": sort == "",
        },
    )


@require(can_read)
@require_safe
def action_list(request):
    action_filter = ActionFilter(
        request.GET, queryset=with_previous_round_rating(action_table_rows())
    )
    sort = _sort_from(request)
    page = IdsFirstPaginator(sort_actions(action_filter.qs, sort), ACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "plans/action_list.html",
        {
            "filter": action_filter,
            "page_obj": page,
            "object_list": page.object_list,
            "result_noun": "actions",
            "sort": sort,
            "has_sample_data": any(action.current_is_sample for action in page.object_list),
        },
    )
