"""Round-trip pages: thin views over workbook.py, review.py and services.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from importers.reading.document import UnreadableDocument
from plans.exports import CONTENT_TYPES
from plans.models import Plan
from plans.permissions import (
    actions_of,
    actions_rateable_by,
    can_confirm_rating_return,
    can_see_rating_return,
    can_use_rating_workbooks,
    require,
)
from plans.roundtrip import services, workbook
from plans.roundtrip.forms import RatingReturnForm
from plans.roundtrip.models import RatingReturn
from plans.roundtrip.review import return_review


def _download(actions, name: str) -> HttpResponse:
    rows = workbook.rows_for(actions)
    rounds = workbook.open_rounds_by_plan({action.plan_id for action in rows})
    response = HttpResponse(workbook.rating_workbook(rows, rounds), CONTENT_TYPES["xlsx"])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response


@require(can_use_rating_workbooks)
@require_safe
def my_rating_workbook(request):
    """My actions (led by me, my organisations or plans assigned to me) to rate offline."""
    return _download(actions_of(request.user), "my-ratings")


@require(can_use_rating_workbooks)
@require_safe
def plan_rating_workbook(request, pk: int):
    """The plan's actions this user may rate, to rate offline."""
    plan = get_object_or_404(Plan.objects.only("pk"), pk=pk)
    return _download(actions_rateable_by(request.user).filter(plan=plan), f"ratings-plan-{pk}")


@require(can_use_rating_workbooks)
def rating_return_upload(request):
    posted = request.method == "POST"
    form = RatingReturnForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rating_return = services.rating_return_create(
                data=upload.read(), filename=upload.name, uploaded_by=request.user
            )
        except UnreadableDocument as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(rating_return)
    status = 400 if posted else 200
    return render(request, "plans/roundtrip/upload.html", {"form": form}, status=status)


def _return_for(request, pk: int, check) -> RatingReturn:
    rating_return = get_object_or_404(RatingReturn.objects.select_related("uploaded_by"), pk=pk)
    if not check(request.user, rating_return):
        raise PermissionDenied
    return rating_return


@require(can_use_rating_workbooks)
@require_safe
def rating_return_review(request, pk: int):
    """Each filled row: a rating to be recorded, or a problem reported (not recorded)."""
    rating_return = _return_for(request, pk, can_see_rating_return)
    # The rows are checked as the uploader (an admin reading them sees what they would get).
    mine = rating_return.uploaded_by_id == request.user.pk
    review = return_review(rating_return, request.user if mine else rating_return.uploaded_by)
    context = {
        "rating_return": rating_return,
        "review": review,
        "can_confirm": can_confirm_rating_return(request.user, rating_return),
    }
    return render(request, "plans/roundtrip/review.html", context)


@require_POST
@require(can_use_rating_workbooks)
def rating_return_confirm(request, pk: int):
    rating_return = _return_for(request, pk, can_confirm_rating_return)
    try:
        updates = services.rating_return_apply(
            rating_return=rating_return,
            user=request.user,
            expected_fingerprint=request.POST.get("fingerprint") or None,
        )
    except services.ReturnRefused as refused:
        messages.error(request, str(refused))
    else:
        count = len(updates)
        messages.success(request, f"Recorded {count} rating{'s' if count != 1 else ''}.")
    return redirect(rating_return)


@require_POST
@require(can_use_rating_workbooks)
def rating_return_cancel(request, pk: int):
    rating_return = _return_for(request, pk, can_confirm_rating_return)
    if not services.rating_return_cancel(rating_return=rating_return, user=request.user):
        messages.error(request, "These ratings were already recorded; nothing was cancelled.")
        return redirect(rating_return)
    messages.info(request, "Upload cancelled; nothing was recorded.")
    return redirect("plans:rating-return-upload")
