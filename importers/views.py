"""Admins upload a plan; the worker reads it; they check (and if need be map) it, then confirm.

No view here reads the file: the upload queues the reading and returns at once; the pages
after it show the reading the worker stored.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from importers.forms import DecisionForm, MappingForm, MatchForm, UploadForm
from importers.models import PendingImport
from importers.reimport import ReimportRefused, likely_plans, plan_diff
from importers.services import (
    needs_mapping,
    pending_import_confirm,
    pending_import_create,
    pending_import_decide,
    pending_import_match,
    pending_import_remap,
    plan_for_checksum,
    stored_plan,
)
from plans.permissions import can_import, require


def _pending_for(request, pk: int) -> PendingImport:
    # An upload is only ever previewed and confirmed by the admin who made it.
    return get_object_or_404(PendingImport, pk=pk, uploaded_by=request.user)


@require(can_import)
def upload(request):
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted:
        if not form.is_valid():
            return render(request, "importers/upload.html", {"form": form}, status=400)
        pending = pending_import_create(
            data=form.cleaned_data["data"],
            filename=form.cleaned_data["file"].name,
            fmt=form.cleaned_data.get("format") or "",
            checksum=form.cleaned_data["checksum"],
            uploaded_by=request.user,
        )
        return redirect("importers:preview", pk=pending.pk)
    return render(request, "importers/upload.html", {"form": form})


def _preview_context(
    pending: PendingImport,
    form: MappingForm | None = None,
    decision_form: DecisionForm | None = None,
    match_form: MatchForm | None = None,
) -> dict:
    parsed = stored_plan(pending)
    reading = parsed.reading
    if form is None and reading is not None and reading.columns:
        form = MappingForm(reading=reading)
    existing = plan_for_checksum(pending.checksum)
    unmapped = needs_mapping(pending, parsed)
    # A plan held that this file may be a version of: the admin says which (or none).
    asked = existing is None and not unmapped and not pending.decision
    likely = likely_plans(parsed) if asked else []
    if likely and not pending.decision and decision_form is None:
        decision_form = DecisionForm(likely=likely)
    diff = None
    if pending.decision == PendingImport.Decision.UPDATE and pending.target_plan is not None:
        diff = plan_diff(
            plan=pending.target_plan,
            parsed=parsed,
            chosen=pending.matches,
            filename=pending.filename,
        )
        match_form = match_form or MatchForm(diff=diff)
    return {
        "pending": pending,
        "parsed": parsed,
        "reading": reading,
        "mapping_form": form,
        "needs_mapping": unmapped,
        "existing": existing,
        "decision_form": decision_form if likely else None,
        "diff": diff,
        "match_form": match_form,
    }


def _with_plan():
    # The pages show the stored plan; the file's bytes and the document read from them (each
    # megabytes for a big plan, JSON parsed on load) are never needed here.
    return PendingImport.objects.select_related("target_plan").defer("content", "document")


def _ready_pending(request, pk: int) -> PendingImport | None:
    pending = get_object_or_404(_with_plan(), pk=pk, uploaded_by=request.user)
    return pending if pending.status == PendingImport.Status.READY else None


@require(can_import)
@require_safe
def preview(request, pk: int):
    """Progress while the worker reads; then how the file was read, its warnings and actions."""
    pending = get_object_or_404(_with_plan(), pk=pk, uploaded_by=request.user)
    if not pending.is_finished:
        return render(request, "importers/reading.html", {"pending": pending})
    if pending.status == PendingImport.Status.FAILED:
        return render(request, "importers/failed.html", {"pending": pending})
    return render(request, "importers/preview.html", _preview_context(pending))


@require(can_import)
@require_safe
def status(request, pk: int):
    """Where the reading has got to, for the progress page's script (asked every 2 s)."""
    pending = get_object_or_404(
        PendingImport.objects.only("status", "uploaded_by"), pk=pk, uploaded_by=request.user
    )
    return JsonResponse(
        {
            "status": pending.status,
            "label": pending.get_status_display(),
            "finished": pending.is_finished,
        }
    )


@require_POST
@require(can_import)
def remap(request, pk: int):
    """Read the stored document again with the admin's table, header row and column roles."""
    pending = _pending_for(request, pk)
    reading = stored_plan(pending).reading if pending.status == PendingImport.Status.READY else None
    if reading is None:  # still being read, or a narrative strategy with no table to map
        return redirect("importers:preview", pk=pending.pk)
    form = MappingForm(request.POST, reading=reading)
    if not form.is_valid():
        context = _preview_context(pending, form)
        return render(request, "importers/preview.html", context, status=400)
    pending_import_remap(pending=pending, mapping=form.mapping())
    return redirect("importers:preview", pk=pending.pk)


@require_POST
@require(can_import)
def confirm(request, pk: int):
    pending = _pending_for(request, pk)
    if pending.status != PendingImport.Status.READY:
        messages.error(request, "The file has not been read yet; wait for the reading to finish.")
        return redirect("importers:preview", pk=pending.pk)
    if needs_mapping(pending, stored_plan(pending)):
        messages.error(
            request, "Check how the columns were read and save your choices before importing."
        )
        return redirect("importers:preview", pk=pending.pk)
    try:
        outcome = pending_import_confirm(
            pending=pending,
            imported_by=request.user,
            fingerprint=request.POST.get("fingerprint") or None,
        )
    except ReimportRefused as refused:
        messages.error(request, str(refused))
        if PendingImport.objects.filter(pk=pending.pk).exists():
            return redirect("importers:preview", pk=pending.pk)
        return redirect("importers:upload")
    if outcome.created:
        messages.success(request, outcome.message)
    else:
        messages.info(request, outcome.message)
    return redirect(outcome.plan)


@require_POST
@require(can_import)
def cancel(request, pk: int):
    _pending_for(request, pk).delete()
    messages.info(request, "Import cancelled; nothing was written.")
    return redirect("importers:upload")


@require_POST
@require(can_import)
def decide(request, pk: int):
    """The admin's answer: this file updates a plan held (which), or is a different plan."""
    pending = _ready_pending(request, pk)
    if pending is None:
        return redirect("importers:preview", pk=pk)
    if request.POST.get("choice") == "again":  # "choose again": ask the question again
        pending_import_decide(pending=pending, decision="", plan=None)
        return redirect("importers:preview", pk=pending.pk)
    form = DecisionForm(request.POST, likely=likely_plans(stored_plan(pending)))
    if not form.is_valid():
        context = _preview_context(pending, decision_form=form)
        return render(request, "importers/preview.html", context, status=400)
    decision, plan = form.decision()
    pending_import_decide(pending=pending, decision=decision, plan=plan)
    return redirect("importers:preview", pk=pending.pk)


@require_POST
@require(can_import)
def rematch(request, pk: int):
    """The admin's corrections to which of the plan's actions each row of the file is."""
    pending = _ready_pending(request, pk)
    if pending is None or pending.target_plan is None:
        return redirect("importers:preview", pk=pk)
    diff = plan_diff(
        plan=pending.target_plan,
        parsed=stored_plan(pending),
        chosen=pending.matches,
        filename=pending.filename,
    )
    form = MatchForm(request.POST, diff=diff)
    if not form.is_valid():
        context = _preview_context(pending, match_form=form)
        return render(request, "importers/preview.html", context, status=400)
    pending_import_match(pending=pending, matches=form.matches())
    messages.info(request, "Matches saved: the changes below are shown with them.")
    return redirect("importers:preview", pk=pending.pk)
