from django.urls import path
from rest_framework.routers import SimpleRouter

from plans.api import views

app_name = "api"

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("actions", views.ActionViewSet, basename="action")

urlpatterns = [
    *router.urls,
    path(
        "actions/<int:pk>/rag-updates/",
        views.ActionRagUpdates.as_view(),
        name="action-rag-updates",
    ),
    path(
        "actions/<int:pk>/rag-updates/<int:update_pk>/",
        views.RagUpdateDetail.as_view(),
        name="rag-update-detail",
    ),
]
