from django.urls import include, path

from plans.carry_forward import views as carry_forward
from plans.views import actions, dashboards, exports, quality, tables

app_name = "plans"

urlpatterns = [
    path("", tables.home, name="home"),
    path("plans/<int:pk>/", tables.plan_detail, name="plan-detail"),
    path("actions/", tables.action_list, name="action-list"),
    path("actions/<int:pk>/", actions.action_detail, name="action-detail"),
    path("actions/<int:pk>/rate/", actions.action_rate, name="action-rate"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action-edit"),
    path("milestones/<int:pk>/done/", actions.milestone_done, name="milestone-done"),
    path("my-actions/", actions.my_actions, name="my-actions"),
    # dashboards (plans/views/dashboards.py)
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("plans/<int:pk>/dashboard/", dashboards.plan_dashboard, name="plan-dashboard"),
    # exports (plans/views/exports.py)
    path("plans/<int:pk>/export.<str:fmt>", exports.plan_export, name="plan-export"),
    path("actions/export.<str:fmt>", exports.action_list_export, name="action-list-export"),
    path("plans/<int:pk>/board-pack.<str:fmt>", exports.board_pack, name="plan-board-pack"),
    # reporting rounds (plans/rounds/urls.py)
    path("rounds/", include("plans.rounds.urls")),
    # the Excel round trip: ratings workbooks out and back (plans/roundtrip/urls.py)
    path("ratings/", include("plans.roundtrip.urls")),
    # data quality, for admins (plans/views/quality.py)
    path("data-quality/", quality.data_quality, name="data-quality"),
    path("data-quality/<slug:slug>/", quality.data_quality_rule, name="data-quality-rule"),
    # carry-forward: the plan this one replaces (plans/carry_forward/)
    path("plans/<int:pk>/predecessor/", carry_forward.plan_predecessor, name="plan-predecessor"),
]
