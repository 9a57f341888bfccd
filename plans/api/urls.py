from django.urls import path
from rest_framework.routers import SimpleRouter

from plans.api.views import dashboards, docs, exports, plans, reference, rounds
from plans.permissions import can_read, require

app_name = "api"

router = SimpleRouter()
router.register("strategies", reference.StrategyViewSet, basename="strategy")
router.register("objectives", reference.ObjectiveViewSet, basename="objective")
router.register("plans", plans.PlanViewSet, basename="plan")
router.register("sections", reference.SectionViewSet, basename="section")
router.register("actions", plans.ActionViewSet, basename="action")
router.register("milestones", reference.MilestoneViewSet, basename="milestone")
router.register("leads", reference.LeadViewSet, basename="lead")
router.register("organisations", reference.OrganisationViewSet, basename="organisation")
router.register("rating-history", reference.RatingHistoryViewSet, basename="rating-history")
router.register("rounds", rounds.RoundViewSet, basename="round")

urlpatterns = [
    # The OpenAPI schema, and Swagger UI for it (a page: anonymous visitors go to sign in).
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", require(can_read)(docs.DocsView.as_view()), name="docs"),
    path("actions.csv", exports.ActionTableCSV.as_view(), name="action-csv"),
    *router.urls,
    path(
        "actions/<int:pk>/rag-updates/",
        plans.ActionRagUpdates.as_view(),
        name="action-rag-updates",
    ),
    path(
        "actions/<int:pk>/rag-updates/<int:update_pk>/",
        plans.RagUpdateDetail.as_view(),
        name="rag-update-detail",
    ),
    path("rounds/<int:pk>/entries/", rounds.RoundEntries.as_view(), name="round-entries"),
    path("dashboard/", dashboards.Dashboard.as_view(), name="dashboard"),
    path("plans/<int:pk>/dashboard/", dashboards.PlanDashboard.as_view(), name="plan-dashboard"),
]
