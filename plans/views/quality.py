"""The data-quality pages for admins: thin views over plans.quality."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from plans import quality
from plans.permissions import is_admin, require

# A rule's full list, a page at a time.
PROBLEMS_PER_PAGE = 50


@require(is_admin)
@require_safe
def data_quality(request):
    today = timezone.localdate()
    context = {"findings": quality.findings(today=today), "today": today}
    return render(request, "plans/data_quality.html", context)


@require(is_admin)
@require_safe
def data_quality_rule(request, slug: str):
    rule = quality.RULES_BY_SLUG.get(slug)
    if rule is None:
        raise Http404("No such data-quality rule")
    today = timezone.localdate()
    page = Paginator(rule.problems(today=today), PROBLEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "rule": rule,
        "page_obj": page,
        "object_list": page.object_list,
        "result_noun": f"{rule.noun}s",
        "today": today,
        "breadcrumbs": [("Data quality", reverse("plans:data-quality"))],
        "nav_section": "data-quality",
    }
    return render(request, "plans/data_quality_rule.html", context)
