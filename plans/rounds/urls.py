"""Round URLs, included in plans/urls.py under rounds/ (names in the plans namespace)."""

from django.urls import path

from plans.rounds import views

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("new/", views.round_open, name="round-open"),
    path("<int:pk>/", views.round_detail, name="round-detail"),
    path("<int:pk>/close/", views.round_close, name="round-close"),
    path("<int:pk>/publish/", views.round_publish, name="round-publish"),
    path("<int:pk>/actions/<int:action_pk>/update/", views.round_update, name="round-update"),
    path("<int:pk>/board-pack.<str:fmt>", views.round_board_pack, name="round-board-pack"),
]
