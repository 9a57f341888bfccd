"""Round-trip URLs, included in plans/urls.py under ratings/ (names in the plans namespace)."""

from django.urls import path

from plans.roundtrip import views

urlpatterns = [
    path("my-actions.xlsx", views.my_rating_workbook, name="rating-workbook"),
    path("plans/<int:pk>.xlsx", views.plan_rating_workbook, name="plan-rating-workbook"),
    path("upload/", views.rating_return_upload, name="rating-return-upload"),
    path("upload/<int:pk>/", views.rating_return_review, name="rating-return"),
    path("upload/<int:pk>/confirm/", views.rating_return_confirm, name="rating-return-confirm"),
    path("upload/<int:pk>/cancel/", views.rating_return_cancel, name="rating-return-cancel"),
]
