"""Downloads: exactly the rows an action table shows for the same query string, as a file."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from plans import exports
from plans.filters import ActionFilter, sort_actions
from plans.models import Action, Plan
from plans.permissions import can_read, require
from plans.rounds import board_pack as packs
from plans.rounds.selectors import with_previous_round_rating
from plans.selectors import action_table_rows

TABLE_FORMATS = {"xlsx", "csv"}


def _filtered(request: HttpRequest, queryset: QuerySet[Action], plan: Plan | None):
    """The table's rows: same FilterSet, same sort; invalid filter values are ignored, as there."""
    filterset = ActionFilter(request.GET, queryset=action_table_rows(queryset), plan=plan)
    return sort_actions(filterset.qs, request.GET.get("sort"))


def _table_actions(request: HttpRequest, queryset: QuerySet[Action], plan: Plan | None):
    """The table's rows with their direction of travel since the last published round."""
    return with_previous_round_rating(_filtered(request, queryset, plan))


def _download(content: str | bytes, *, fmt: str, filename: str) -> HttpResponse:
    if isinstance(content, str):
        content = content.encode("utf-8-sig")  # the BOM makes Excel read UTF-8 CSV correctly
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _table_download(actions, *, fmt: str, title: str) -> HttpResponse:
    filename = exports.download_name(title, on=timezone.localdate(), ext=fmt)
    if fmt == "csv":
        return _download(exports.actions_to_csv(actions), fmt=fmt, filename=filename)
    return _download(exports.actions_to_xlsx(actions, title=title), fmt=fmt, filename=filename)


@require(can_read)
@require_safe
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in TABLE_FORMATS:
        raise Http404("No such export format.")
    plan = get_object_or_404(Plan, pk=pk)
    actions = _table_actions(request, Action.objects.filter(plan=plan), plan)
    return _table_download(actions, fmt=fmt, title=plan.title)


@require(can_read)
@require_safe
def action_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in TABLE_FORMATS:
        raise Http404("No such export format.")
    actions = _table_actions(request, Action.objects.all(), None)
    return _table_download(actions, fmt=fmt, title="Actions")


@require(can_read)
@require_safe
def board_pack(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in packs.FORMATS:
        raise Http404("No such board pack format.")
    plan = get_object_or_404(Plan, pk=pk)
    # The actions the plan's table shows for the same query string, as the round packs read.
    pack = packs.for_actions(plan, _filtered(request, plan.actions.all(), plan))
    return packs.download(pack, fmt=fmt)
