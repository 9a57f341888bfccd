"""Admins upload a plan, see how it was read (every warning), then confirm the import."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from importers.forms import UploadForm
from importers.models import PendingImport
from importers.reading.document import UnreadableDocument
from importers.services import plan_import, plan_preview
from plans.models import Plan
from plans.permissions import can_import, require


def _pending_for(request, pk: int) -> PendingImport:
    # An upload is only ever previewed and confirmed by the admin who made it.
    return get_object_or_404(PendingImport, pk=pk, uploaded_by=request.user)


@require(can_import)
def upload(request):
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "importers/upload.html", {"form": form}, status=400)
        PendingImport.objects.expired().delete()  # nobody came back for these
        pending = PendingImport.objects.create(
            filename=form.cleaned_data["file"].name[:255],
            format=form.cleaned_data.get("format") or "",
            checksum=form.cleaned_data["checksum"],
            content=form.cleaned_data["data"],
            uploaded_by=request.user,
        )
        return redirect("importers:preview", pk=pending.pk)
    return render(request, "importers/upload.html", {"form": form})


@require(can_import)
@require_safe
def preview(request, pk: int):
    pending = _pending_for(request, pk)
    try:
        parsed = plan_preview(
            data=bytes(pending.content), filename=pending.filename, fmt=pending.format or None
        )
    except UnreadableDocument as exc:  # limits may have changed since the upload
        pending.delete()
        messages.error(request, str(exc))
        return redirect("importers:upload")
    existing = Plan.objects.filter(source_checksum=pending.checksum).first()
    return render(
        request,
        "importers/preview.html",
        {"pending": pending, "parsed": parsed, "existing": existing},
    )


@require_POST
@require(can_import)
def confirm(request, pk: int):
    pending = _pending_for(request, pk)
    try:
        outcome = plan_import(
            data=bytes(pending.content),
            filename=pending.filename,
            fmt=pending.format or None,
            imported_by=request.user,
        )
    except UnreadableDocument as exc:
        messages.error(request, str(exc))
        return redirect("importers:upload")
    pending.delete()
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
