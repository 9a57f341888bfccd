from django.urls import path
from rest_framework.routers import SimpleRouter

from plans.api.views import docs, plans
from plans.permissions import can_read, require

app_name = "api"

router = SimpleRouter()
router.register("plans", plans.PlanViewSet, basename="plan")
router.register("actions", plans.ActionViewSet, basename="action")

urlpatterns = [
    # The OpenAPI schema, and Swagger UI for it (a page: anonymous visitors go to sign in).
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", require(can_read)(docs.DocsView.as_view()), name="docs"),
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
]
